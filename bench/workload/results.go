package workload

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

// Results is what cmd/sqlbench -json writes and its report subcommand
// reads: every run of every workload on every driver, and what ran them.
type Results struct {
	Date      time.Time `json:"date"`
	GoVersion string    `json:"go_version"`
	GOOS      string    `json:"goos"`
	GOARCH    string    `json:"goarch"`
	NumCPU    int       `json:"num_cpu"`
	Size      string    `json:"size"` // as given to -size
	Params    Params    `json:"params"`
	Count     int       `json:"count"` // runs of each workload on each driver
	Drivers   []Driver  `json:"drivers"`
	Workloads []Result  `json:"workloads"`
}

// Driver describes a driver the workloads ran on.
type Driver struct {
	Name          string `json:"name"`
	Module        string `json:"module"`
	ModuleVersion string `json:"module_version"`
	SQLiteVersion string `json:"sqlite_version"`
}

// Result is the runs of one workload on one driver.
type Result struct {
	Workload    string `json:"workload"`
	Description string `json:"description"`
	Driver      string `json:"driver"`
	Runs        []Run  `json:"runs"`
}

// Totals returns the total time of each run.
func (r Result) Totals() []time.Duration {
	ds := make([]time.Duration, len(r.Runs))
	for i, run := range r.Runs {
		ds[i] = run.Total()
	}
	return ds
}

// NewResults returns Results for a run on this machine now.
func NewResults(size string, p Params, count int) *Results {
	return &Results{
		Date: time.Now().UTC().Truncate(time.Second), GoVersion: runtime.Version(),
		GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, NumCPU: runtime.NumCPU(),
		Size: size, Params: p, Count: count,
	}
}

// Describe returns what the adapter reports about driver from a live
// in-memory connection.
func Describe(ctx context.Context, driver string) (Driver, error) {
	db, err := adapter.Open(ctx, ":memory:", &adapter.Options{Driver: driver})
	if err != nil {
		return Driver{}, err
	}
	defer db.Close()
	info := db.Driver()
	return Driver{Name: info.Name, Module: info.Module, ModuleVersion: info.ModuleVersion, SQLiteVersion: info.SQLiteVersion}, nil
}

// RunAll runs each workload count times on each driver, in dir, and
// collects the results in res. Runs alternate between drivers (all
// workloads on each driver, then again), so that a slow spell of a busy
// machine does not fall on one driver only. progress, if not nil, is
// called after each run. It stops at the first failure.
func RunAll(ctx context.Context, res *Results, ws []Workload, drivers []string, dir string,
	progress func(w Workload, driver string, run Run)) error {
	for _, d := range drivers {
		desc, err := Describe(ctx, d)
		if err != nil {
			return fmt.Errorf("driver %s: %w", d, err)
		}
		res.Drivers = append(res.Drivers, desc)
	}
	index := map[[2]string]int{}
	for _, w := range ws {
		for _, d := range drivers {
			index[[2]string{w.Name, d}] = len(res.Workloads)
			res.Workloads = append(res.Workloads, Result{Workload: w.Name, Description: w.Description, Driver: d})
		}
	}
	for range res.Count {
		for _, d := range drivers {
			for _, w := range ws {
				run, err := w.Do(ctx, d, dir, res.Params)
				if err != nil {
					return err
				}
				if want := w.ExpectedRows(res.Params); run.Rows != want {
					return fmt.Errorf("%s on %s: read %d rows, want %d", w.Name, d, run.Rows, want)
				}
				r := &res.Workloads[index[[2]string{w.Name, d}]]
				r.Runs = append(r.Runs, run)
				if progress != nil {
					progress(w, d, run)
				}
			}
		}
	}
	return nil
}

// WriteJSON writes res as indented JSON.
func (res *Results) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

// ReadJSON reads Results written by WriteJSON.
func ReadJSON(r io.Reader) (*Results, error) {
	var res Results
	if err := json.NewDecoder(r).Decode(&res); err != nil {
		return nil, fmt.Errorf("workload results: %w", err)
	}
	return &res, nil
}
