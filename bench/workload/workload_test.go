package workload

import (
	"context"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
	_ "github.com/anysqlite/anysqlite/drivers/all"
)

// TestWorkloads runs every workload at the tiny size on every available
// driver. Each workload checks what it reads back; this checks that it read
// as many rows as it should and timed its phases. Timings are not judged.
func TestWorkloads(t *testing.T) {
	ctx := context.Background()
	p := ParamsFor(0.01)
	for _, d := range adapter.Drivers() {
		drv, err := adapter.Lookup(d)
		if err != nil {
			t.Fatal(err)
		}
		if why := drv.Info().Unavailable; why != "" {
			t.Logf("%s: skipped: %s", d, why)
			continue
		}
		for _, w := range Workloads {
			t.Run(w.Name+"/"+d, func(t *testing.T) {
				t.Parallel()
				run, err := w.Do(ctx, d, t.TempDir(), p)
				if err != nil {
					t.Fatal(err)
				}
				if want := w.ExpectedRows(p); run.Rows != want || want == 0 {
					t.Errorf("read %d rows, want %d", run.Rows, want)
				}
				if len(run.Phases) < 2 {
					t.Errorf("phases = %v, want at least 2", run.Phases)
				}
			})
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]float64{"tiny": 0.01, "default": 1, "large": 10, "2.5": 2.5} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "huge", "0", "-1", "NaN", "Inf"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q): no error", in)
		}
	}
	if got := ParamsFor(10).SimpleUsers; got != 1_000_000 {
		t.Errorf("large size: %d simple users, want 1,000,000", got)
	}
}

func TestRunAll(t *testing.T) {
	res := NewResults("tiny", ParamsFor(0.01), 2)
	var calls int
	err := RunAll(context.Background(), res, []Workload{manyJob}, []string{"modernc"}, t.TempDir(),
		func(Workload, string, Run) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 || len(res.Workloads) != 1 || len(res.Workloads[0].Runs) != 2 || len(res.Drivers) != 1 {
		t.Errorf("calls %d, results %+v", calls, res)
	}
}
