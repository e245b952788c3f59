package rqliteconform

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

// TestRenderFailover reads figures as conform failover writes them and
// checks the section's rows, and that a broken ledger is called out.
func TestRenderFailover(t *testing.T) {
	figures := rqlitetest.Figures{
		Writers: 4, Readers: 2, LeaderKills: 2, Seconds: 30.4, Acknowledged: 12345, OutcomeUnknown: 3, UnknownApplied: 1,
		Reads: map[string]int64{"strong": 10, "linearizable": 20}, FirstWriteAfterKill: []float64{2.214, 1.5},
	}
	res := Results{Server: "rqlite v8.36.0, SQLite 3.46.1", Command: "conform failover -kills=2", Platform: "linux/amd64",
		Runs: []FailoverRun{{Mode: "redirect", Figures: figures, Violations: []string{}},
			{Mode: "forward", Figures: figures, Violations: []string{"1 acknowledged write missing"}}}}
	file := filepath.Join(t.TempDir(), "failover.json")
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	read, err := ReadResults(file)
	if err != nil {
		t.Fatal(err)
	}
	out := string(read.Markdown("failover.json"))
	for _, want := range []string{
		"(figures: [failover.json](failover.json))",
		"`conform failover -kills=2` on rqlite v8.36.0, SQLite 3.46.1",
		"| | redirect | forward |",
		"| writes acknowledged | 12,345 | 12,345 |",
		"| writes with unknown outcome (`ErrOutcomeUnknown`), of them applied | 3, 1 | 3, 1 |",
		"| first acknowledged write after each kill | 2.21, 1.50 s | 2.21, 1.50 s |",
		"| strong / linearizable reads | 10 / 20 | 10 / 20 |",
		"**forward: the ledger broke:** 1 acknowledged write missing.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("section lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "redirect: the ledger broke") {
		t.Errorf("a run without violations is called broken:\n%s", out)
	}
}
