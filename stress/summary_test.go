package stress

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/anysqlite/anysqlite/conformance/report"
)

// The matrix's short form counts the survivors and lists the others; the
// choice table's limits name the drivers that failed alone.
func TestSummaryAndLimits(t *testing.T) {
	res := &Results{
		Scenarios: []ScenarioResult{
			{Scenario: Scenario{Name: "a", Mix: "mattn", Writers: []string{"mattn"}, Readers: []string{"mattn"}}, Survived: true},
			{Scenario: Scenario{Name: "b", Mix: "modernc", Writers: []string{"modernc"}, Readers: []string{"modernc"}, Touch: true, Known: "locks are lost"},
				Failures: []string{"reader died"}},
			{Scenario: Scenario{Name: "c", Mix: "mattn→modernc", Writers: []string{"mattn"}, Readers: []string{"modernc"}},
				Failures: []string{"lost 1"}},
		},
		Crash: []CrashResult{{Survived: true}, {Survived: false, Failures: []string{"lost"}}},
	}
	raw, err := res.JSON()
	if err != nil {
		t.Fatal(err)
	}
	runs := []*report.Run{{Platform: "linux/amd64", Cgo: true, Extra: map[string]json.RawMessage{ExtraKey: raw}}}
	var b bytes.Buffer
	Summarize(&b, runs, "matrix-cases.md")
	got := b.String()
	for _, want := range []string{
		"On linux/amd64 (`conform -stress`): 1 of 3 scenarios", "and 1 of 2 crash-loop configurations",
		"[matrix-cases.md](matrix-cases.md#multi-process-and-crash)",
		"| modernc, every process also opens and closes the files with os.Open | ❌ failed (known) (1) |",
		"| mattn→modernc | ❌ failed (2) |",
		"1. Known hazard: locks are lost", "2. c: lost 1",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	limits := Limits(runs)
	if len(limits) != 1 || len(limits["modernc"]) != 1 || limits["modernc"][0].Short != "fails 1 multi-process scenario (known hazard)" ||
		limits["modernc"][0].Note != "Known hazard: locks are lost" {
		t.Errorf("limits %+v: want modernc's one known hazard (a pair's failure is no one driver's limit)", limits)
	}
}
