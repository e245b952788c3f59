package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anysqlite/anysqlite/conformance/report"
	"github.com/anysqlite/anysqlite/stress"
)

// Results that carry the multi-process runs render their section: the
// summary in the matrix, the tables in the cases file, the known hazard in
// the choice table. conform passes the section to the report itself; a
// matrix without it would fail to render rather than drop the section.
func TestStressSectionRendered(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "live.json")
	if code, _, stderr := conform(t, "-driver=modernc", "-run=^Types/NilIsNull$", "-raw=false", "-o", live); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, err := report.ReadFile(live)
	if err != nil {
		t.Fatal(err)
	}
	scs := stress.Scenarios([]string{"modernc"})
	res := &stress.Results{Figures: stress.RunFigures{Size: stress.CI}}
	for _, sc := range scs {
		sr := stress.ScenarioResult{Scenario: sc, CheckpointModes: sc.CheckpointNames(), Survived: sc.Known == ""}
		if !sr.Survived {
			sr.Failures = []string{"reader (modernc) died of SIGBUS"}
		}
		res.Scenarios = append(res.Scenarios, sr)
	}
	for _, cc := range stress.CrashConfigs("modernc") {
		res.Crash = append(res.Crash, stress.CrashResult{CrashConfig: cc, Reopeners: []string{"modernc"}, Survived: true})
	}
	raw, err := res.JSON()
	if err != nil {
		t.Fatal(err)
	}
	r.Extra = map[string]json.RawMessage{stress.ExtraKey: raw}
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(live, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	md := filepath.Join(dir, "matrix.md")
	if code, _, stderr := conform(t, "merge", "-o", md, live); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	body, _ := os.ReadFile(md)
	cases, _ := os.ReadFile(casesPath(md))
	for _, want := range []string{"## Multi-process and crash", "scenarios of concurrent processes on one database survived",
		"fails 2 multi-process scenarios (known hazard)"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("matrix lacks %q:\n%s", want, body)
		}
	}
	for _, want := range []string{"## Multi-process and crash", "| Scenario | Writers | Readers |", "| Killed driver | journal_mode |"} {
		if !strings.Contains(string(cases), want) {
			t.Errorf("cases file lacks %q:\n%s", want, cases)
		}
	}
}
