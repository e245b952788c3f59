// Package workload holds whole-application workloads run through the
// adapter, in the spirit of github.com/cvilsmeier/go-sqlite-bench: where
// package bench/suite times single operations against database/sql, these
// time a whole job (load a table, then read it back; a schema with joins;
// many small queries; big rows; readers beside a writer) on each driver,
// so the drivers can be compared with one another.
//
// Every workload generates its data (nothing is downloaded), checks what it
// reads back (row counts and contents), and reports the time of each of
// its phases. cmd/sqlbench runs them; its report subcommand tabulates the
// results in docs/bench.md.
package workload

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

// Sizes are the named scale factors of [ParseSize]. At "default" each
// workload takes a second or less on one driver (about 3 s for all five);
// "large" is ten times that and loads 1,000,000 rows in the simple
// workload, as go-sqlite-bench does; "tiny" is for tests.
var Sizes = []struct {
	Name  string
	Scale float64
}{
	{"tiny", 0.01},
	{"small", 0.1},
	{"default", 1},
	{"large", 10},
}

// ParseSize reads a size: a name of [Sizes] or a positive scale factor
// ("0.5", "3").
func ParseSize(s string) (float64, error) {
	for _, sz := range Sizes {
		if s == sz.Name {
			return sz.Scale, nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f > 0) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("size %q: want tiny, small, default, large or a positive scale factor", s)
	}
	return f, nil
}

// Params are the dimensions of the workloads at one scale.
type Params struct {
	Scale float64 `json:"scale"`

	SimpleUsers int `json:"simple_users"` // rows inserted in one transaction, then read back

	RealUsers    int `json:"real_users"`    // users, each with...
	RealArticles int `json:"real_articles"` // ...this many articles, each with...
	RealComments int `json:"real_comments"` // ...this many comments

	ManyUsers   int `json:"many_users"`   // rows of the table queried
	ManyQueries int `json:"many_queries"` // point and range queries, each

	LargeRows  int `json:"large_rows"`  // rows of...
	LargeBytes int `json:"large_bytes"` // ...this many bytes of text each

	ConcUsers   int `json:"conc_users"`   // rows the readers read
	ConcReaders int `json:"conc_readers"` // goroutines reading, beside one writer
	ConcQueries int `json:"conc_queries"` // queries per reader
	ConcWrites  int `json:"conc_writes"`  // single-row transactions of the writer
}

// ParamsFor returns the dimensions at scale (1 is the default size). Each
// count grows linearly with scale and has a floor that keeps every check
// meaningful at tiny scales.
func ParamsFor(scale float64) Params {
	n := func(base, floor int) int { return max(floor, int(math.Round(float64(base)*scale))) }
	return Params{
		Scale:       scale,
		SimpleUsers: n(100_000, 100),

		RealUsers:    n(200, 2),
		RealArticles: 20,
		RealComments: 20,

		ManyUsers:   n(1_000, 10),
		ManyQueries: n(50_000, 20),

		LargeRows:  n(1_000, 10),
		LargeBytes: 64 << 10,

		ConcUsers:   n(10_000, 100),
		ConcReaders: 4,
		ConcQueries: n(20_000, 20),
		ConcWrites:  n(2_000, 5),
	}
}

// Workload is one job.
type Workload struct {
	Name        string
	Description string
	// run does the job on db, a new empty database, timing its phases.
	run func(ctx context.Context, db *adapter.DB, p Params, t *timer) error
	// rows is the number of rows run reads back when it succeeds.
	rows func(p Params) int64
}

// Workloads are all the workloads, in the order cmd/sqlbench runs them.
var Workloads = []Workload{simpleJob, realJob, manyJob, largeJob, concurrentJob}

// Lookup returns the workload called name.
func Lookup(name string) (Workload, bool) {
	for _, w := range Workloads {
		if w.Name == name {
			return w, true
		}
	}
	return Workload{}, false
}

// Phase is the time one step of a workload took.
type Phase struct {
	Name string        `json:"name"`
	Time time.Duration `json:"ns"`
}

// Run is one run of a workload on one driver.
type Run struct {
	Phases []Phase `json:"phases"`
	// Rows is the number of rows read back and checked.
	Rows int64 `json:"rows"`
}

// Total is the time of all the phases.
func (r Run) Total() time.Duration {
	var d time.Duration
	for _, ph := range r.Phases {
		d += ph.Time
	}
	return d
}

// Do runs w once on driver, on a new database file in dir (removed
// afterwards), opened with the adapter's defaults (WAL). It fails if the
// workload fails or reads back anything but what it wrote.
func (w Workload) Do(ctx context.Context, driver, dir string, p Params) (Run, error) {
	path := filepath.Join(dir, fmt.Sprintf("sqlbench-%s-%s.db", w.Name, driver))
	removeDB(path)
	defer removeDB(path)
	db, err := adapter.Open(ctx, path, &adapter.Options{Driver: driver})
	if err != nil {
		return Run{}, err
	}
	t := &timer{}
	err = w.run(ctx, db, p, t)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Run{}, fmt.Errorf("%s on %s: %w", w.Name, driver, err)
	}
	return Run{Phases: t.phases, Rows: t.rows}, nil
}

// ExpectedRows is the number of rows a successful run of w with p reads.
func (w Workload) ExpectedRows(p Params) int64 { return w.rows(p) }

// timer records the phases of a run.
type timer struct {
	phases []Phase
	rows   int64
}

// phase runs fn and records its time under name.
func (t *timer) phase(name string, fn func() error) error {
	start := time.Now()
	err := fn()
	t.phases = append(t.phases, Phase{name, time.Since(start)})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// removeDB removes a database file and its companions.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// check returns an error if got differs from want.
func check[T comparable](what string, got, want T) error {
	if got != want {
		return fmt.Errorf("%s = %v, want %v", what, got, want)
	}
	return nil
}
