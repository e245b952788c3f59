package report

import (
	"fmt"
	"testing"
)

// TestGroupUnsupported folds three or more cases that differ alike
// because one driver lacks a feature into one row, in the place of the
// first, and leaves smaller groups, other differences and features alone.
func TestGroupUnsupported(t *testing.T) {
	tx := markUnsupported + " transactions: none"
	diffs := []adapterDiff{
		{what: "API semantics: A", a: markPass, b: tx, ab: "different error", ba: gains},
		{what: "Transactions: B", a: markPass, b: tx, ab: "different error", ba: gains},
		{what: "API semantics: C", a: markPass, b: markFail, ab: "different error", ba: gains},
		{what: "Transactions: D", a: markPass, b: tx, ab: "different error", ba: gains},
		{what: "Pragmas: E", a: markPass, b: markUnsupported + " other", ab: "different error", ba: gains},
		{what: "Pragmas: F", a: markPass, b: markUnsupported + " other", ab: "different error", ba: gains},
		{what: "feature `transactions`", a: markPass, b: tx, ab: "different error", ba: gains},
	}
	var got []string
	for _, d := range groupUnsupported(diffs) {
		got = append(got, fmt.Sprintf("%s|%s", d.what, d.b))
	}
	want := []string{
		"3 cases (API semantics 1, Transactions 2)|" + tx,
		"API semantics: C|" + markFail,
		"Pragmas: E|" + markUnsupported + " other",
		"Pragmas: F|" + markUnsupported + " other",
		"feature `transactions`|" + tx,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("groupUnsupported:\n got %q\nwant %q", got, want)
	}
}
