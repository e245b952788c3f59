package report

import (
	"bytes"
	"math"
	"os"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/bench/workload"
)

// ReadSummary reads back what Markdown wrote: the geometric means of the
// adapter's time per driver against mattn's, to the report's precision.
func TestReadSummary(t *testing.T) {
	s := load(t)
	res := workload.NewResults("tiny", workload.ParamsFor(0.01), 2)
	res.Drivers = []workload.Driver{{Name: "mattn"}, {Name: "ncruces"}}
	run := func(ms int) []workload.Run {
		return []workload.Run{{Phases: []workload.Phase{{Name: "insert", Time: time.Duration(ms) * time.Millisecond}}}}
	}
	res.Workloads = []workload.Result{
		{Workload: "simple", Driver: "mattn", Runs: run(10)},
		{Workload: "simple", Driver: "ncruces", Runs: run(20)},
		{Workload: "many", Driver: "mattn", Runs: run(10)},
		{Workload: "many", Driver: "ncruces", Runs: run(5)},
	}
	var md bytes.Buffer
	if err := Markdown(&md, Input{Bench: s, Workloads: res, Date: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), GoVersion: "go1.26", Command: "test"}); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSummary(&md)
	if err != nil {
		t.Fatal(err)
	}
	var ratios []float64
	for _, op := range s.Ops {
		base := s.Get(Key{op, "mattn", implAdapter}, unitTime)
		if r := MedianRatio(s.Get(Key{op, "ncruces", implAdapter}, unitTime), base); len(base) > 0 && r.N > 0 {
			ratios = append(ratios, r.Median)
		}
	}
	round := func(x float64) float64 { return math.Round(x*100) / 100 }
	if got.Baseline != "mattn" || got.Micro["ncruces"] != round(Geomean(ratios)) || len(got.Micro) != 1 {
		t.Errorf("micro: %+v, want ncruces %.2f against mattn", got, Geomean(ratios))
	}
	if got.Workloads["ncruces"] != 1 || len(got.Workloads) != 1 { // sqrt(2 × 0.5)
		t.Errorf("workloads: %v, want ncruces 1.00", got.Workloads)
	}
	if got.Date != "2026-01-02 03:04 UTC" || got.Machine == "" {
		t.Errorf("header: date %q, machine %q", got.Date, got.Machine)
	}

	// The committed report reads too.
	f, err := os.Open("../../docs/bench.md")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if sum, err := ReadSummary(f); err != nil || len(sum.Micro) == 0 || len(sum.Workloads) == 0 {
		t.Errorf("docs/bench.md: %+v, %v", sum, err)
	}
}
