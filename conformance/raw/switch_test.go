package raw

import "testing"

func TestSwitching(t *testing.T) {
	fk := stricter(enabled, SilentDataChange)
	refusal := stricter(refuses, SilentDataChange)
	for _, tc := range []struct {
		name     string
		s        Switching
		from, to string
		want     Consequence
	}{
		{"foreign keys turned on: inserts start failing", fk, "0", "1", DifferentError},
		{"foreign keys turned off: orphans accepted", fk, "1", "0", SilentDataChange},
		{"now refused", refusal, "accepted as a string literal", "refused: no such column", DifferentError},
		{"now accepted", refusal, "refused: no such column", "accepted as a string literal", SilentDataChange},
		{"a panic counts as a failure", refusal, "Query: result sets [[]]", "Query: panics: nil pointer", DifferentError},
		{"both refuse in other words", refusal, "refused: no such table: m", "refused: SQL logic error: no such table: m", DifferentText},
		{"neither refuses, other values", refusal, "rows [[1 2]]", "rows [[1 1]]", SilentDataChange},
		{"always", always(DifferentError), "5000", "0", DifferentError},
		{"typed refusals: another error type", typedRefusal, "refused (*errors.errorString): missing", "refused: errors.Is(err, adapter.ErrArgument)", DifferentError},
		{"typed refusals: now refused", typedRefusal, "binds 1", "refused: errors.Is(err, adapter.ErrArgument)", DifferentError},
		{"typed refusals: now accepted", typedRefusal, "refused (*errors.errorString): missing", "Query: returns [NULL]", SilentDataChange},
		{"typed refusals: other values", typedRefusal, "binds NULL, no error", "binds 1", SilentDataChange},
	} {
		if got := tc.s(tc.from, tc.to); got != tc.want {
			t.Errorf("%s: %q → %q is %q, want %q", tc.name, tc.from, tc.to, got, tc.want)
		}
	}
}

// Every probe says what a difference in its answers means to a project
// that switches drivers, except the SQLite version (not behaviour).
func TestEveryProbeClassified(t *testing.T) {
	for _, p := range Probes() {
		if (p.Switch == nil) != (p.Name == "SQLiteVersion") {
			t.Errorf("probe %s: Switch set %v", p.Name, p.Switch != nil)
		}
	}
}
