package stress

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

// Size is how long and how hard the scenarios run. The verdicts do not
// depend on it (a longer run only has more chances to find a failure);
// the figures do.
type Size struct {
	Name string `json:"name"`
	// Workers is the number of writer plus reader processes of a
	// concurrent scenario, split evenly; the checkpointer and the shrinker,
	// when the scenario has them, are one more process each.
	Workers int `json:"workers"`
	// Duration is how long a concurrent scenario runs once every worker
	// is ready.
	Duration time.Duration `json:"duration_ns"`
	// CrashCycles is the number of SIGKILL cycles per crashing driver,
	// spread evenly over the journal mode × synchronous configurations.
	CrashCycles int `json:"crash_cycles"`
	// CrashMaxRun bounds how long a crash child writes before it is
	// killed (uniformly random below it).
	CrashMaxRun time.Duration `json:"crash_max_run_ns"`
	// JunkBytes is what the shrinker adds, then deletes and vacuums away,
	// in each of its cycles.
	JunkBytes int `json:"junk_bytes"`
}

// CI is the size `make test` runs: short, a few minutes in all. Under the
// race detector every process is several times slower, so the concurrent
// scenarios run for less time; the crash cycles stay at least 100 per
// driver.
var CI = Size{Name: "ci", Workers: 4, Duration: ciDuration, CrashCycles: 104, CrashMaxRun: 120 * time.Millisecond, JunkBytes: 1 << 20}

// ciDuration is 3 s per scenario, 2 s under the race detector.
var ciDuration = map[bool]time.Duration{false: 3 * time.Second, true: 2 * time.Second}[raceEnabled]

// Soak is the size of `make soak`.
var Soak = Size{Name: "soak", Workers: 8, Duration: 60 * time.Second, CrashCycles: 1000, CrashMaxRun: 250 * time.Millisecond, JunkBytes: 4 << 20}

// SizeNamed returns CI or Soak by name ("ci", "soak").
func SizeNamed(name string) (Size, error) {
	switch name {
	case "ci":
		return CI, nil
	case "soak":
		return Soak, nil
	}
	return Size{}, fmt.Errorf("stress: unknown size %q (ci or soak)", name)
}

// MmapOn is the mmap_size of the scenarios that map the file: 64 MiB, as in
// the SIGBUS report that started this (a server with PRAGMA
// mmap_size=67108864 and a second process that shrinks the file).
const MmapOn = 64 << 20

// BlockingCheckpointBusyTimeout is the busy_timeout of a checkpointer that
// runs FULL, RESTART or TRUNCATE. Such a checkpoint holds the write lock
// while it waits, up to its busy_timeout, for readers of older snapshots
// to finish; writers queued behind it with the same busy_timeout (the
// adapter's default, 5 s) can run out of time and fail with SQLITE_BUSY,
// which the scenarios observed under load. A blocking checkpoint in a
// shared database must wait less than the writers do; the checkpointer
// uses 1 s. TestBlockingCheckpointStallsWriters measures it with the
// default.
const BlockingCheckpointBusyTimeout = time.Second

// AllCheckpoints is what the checkpointer of most scenarios cycles through.
var AllCheckpoints = []adapter.CheckpointMode{adapter.CheckpointPassive, adapter.CheckpointFull,
	adapter.CheckpointRestart, adapter.CheckpointTruncate}

// Scenario is one concurrent multi-process run on one database.
type Scenario struct {
	// Name is stable and unique: it names the row of the matrix and the
	// subtest.
	Name string `json:"name"`
	// Mix names the drivers' combination: "mattn", "mattn→modernc" (mattn
	// writes, checkpoints and shrinks; modernc reads) or "all".
	Mix string `json:"mix"`
	// Writers and Readers are the drivers given in turn to the writer and
	// reader processes.
	Writers []string `json:"writers"`
	Readers []string `json:"readers"`
	// Checkpointer is the driver of the checkpointer process, which runs
	// Checkpoints in turn; "" for none.
	Checkpointer string                   `json:"checkpointer,omitempty"`
	Checkpoints  []adapter.CheckpointMode `json:"-"`
	// CheckpointerBusyTimeout is the checkpointer's busy_timeout: 0 for the
	// adapter's default (5 s, the same as every other process's).
	CheckpointerBusyTimeout time.Duration `json:"checkpointer_busy_timeout,omitempty"`
	// Shrinker is the driver of the shrinker process (insert junk, DELETE
	// it, VACUUM: the file shrinks under the others); "" for none.
	Shrinker string `json:"shrinker,omitempty"`
	// MmapSize is PRAGMA mmap_size for every process (0: off).
	MmapSize int64 `json:"mmap_size"`
	// JournalMode and Synchronous are the adapter options of every
	// process ("" for the adapter's defaults: WAL, NORMAL).
	JournalMode string `json:"journal_mode,omitempty"`
	Synchronous string `json:"synchronous,omitempty"`
	// Touch makes every process open, read and close the database file,
	// its -wal and its -shm with os.Open now and then, besides using
	// SQLite: code that copies or hashes the files in a process that has
	// the database open.
	// TouchFiles names the files touched: "db,wal,shm" if empty.
	// TouchOne limits the touching to the first writer process.
	//
	// With mattn and modernc this breaks SQLite's locking (see
	// knownHazards); it is here to show that, and that ncruces is immune.
	Touch      bool   `json:"touch,omitempty"`
	TouchFiles string `json:"touch_files,omitempty"`
	TouchOne   bool   `json:"touch_one,omitempty"`
	// Saturate removes the think time of writers and readers: each runs
	// transactions back to back.
	Saturate bool `json:"saturate,omitempty"`
	// Known, if set, says why this scenario is known to fail: the failure
	// is a finding recorded in the matrix, not a regression of the
	// harness. Tests do not fail on it.
	Known string `json:"known,omitempty"`
}

// CheckpointNames returns the checkpoint modes as SQL names.
func (s Scenario) CheckpointNames() []string {
	var names []string
	for _, m := range s.Checkpoints {
		names = append(names, m.String())
	}
	return names
}

// Drivers returns every driver the scenario uses, in first-use order.
func (s Scenario) Drivers() []string {
	var out []string
	add := func(names ...string) {
		for _, n := range names {
			if n != "" && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	add(s.Writers...)
	add(s.Readers...)
	add(s.Checkpointer, s.Shrinker)
	return out
}

// role is one worker process of a scenario.
type role struct {
	Role   string // writer, reader, checkpointer, shrinker
	Driver string
	Index  int // among all the scenario's workers
}

// roles lays out the scenario's processes for a size: Workers/2 writers,
// the rest readers — but at least one of each, and enough for every
// driver listed to write or read — then the checkpointer and the
// shrinker.
func (s Scenario) roles(size Size) []role {
	writers := max(1, size.Workers/2, len(s.Writers))
	readers := max(1, size.Workers-size.Workers/2, len(s.Readers))
	var out []role
	for i := range writers {
		out = append(out, role{"writer", s.Writers[i%len(s.Writers)], len(out)})
	}
	for i := range readers {
		// Readers start one driver further than writers, so that in the
		// "all" mix each process pair crosses drivers.
		out = append(out, role{"reader", s.Readers[(i+1)%len(s.Readers)], len(out)})
	}
	if s.Checkpointer != "" && len(s.Checkpoints) > 0 {
		out = append(out, role{"checkpointer", s.Checkpointer, len(out)})
	}
	if s.Shrinker != "" {
		out = append(out, role{"shrinker", s.Shrinker, len(out)})
	}
	return out
}

// Scenarios returns the concurrent scenarios over drivers (in the order
// given): for each mix — every driver alone, every ordered pair of distinct
// drivers (the first writes, checkpoints and shrinks, the second reads),
// and all of them at once — the full maintenance load (every checkpoint
// mode in turn, and the shrinker) with mmap off and with 64 MiB. Then,
// for each driver alone with 64 MiB, the maintenance operations one at a
// time, to tell which one is at fault if the full load fails; and one
// rollback-journal (DELETE) run of all the drivers, where VACUUM shrinks
// the file directly. Last, for each driver, the hazard that does not
// depend on mmap: processes also open, read and close the database's files
// with os.Open every 10 ms — the first writer only in WAL mode, every
// process in DELETE mode — with writers and readers running back to back.
func Scenarios(drivers []string) []Scenario {
	type mix struct {
		name             string
		writers, readers []string
		ckpt, shrink     string
	}
	var mixes []mix
	for _, d := range drivers {
		mixes = append(mixes, mix{d, []string{d}, []string{d}, d, d})
	}
	for _, w := range drivers {
		for _, r := range drivers {
			if w != r {
				mixes = append(mixes, mix{w + "→" + r, []string{w}, []string{r}, w, w})
			}
		}
	}
	if len(drivers) > 2 {
		mixes = append(mixes, mix{"all", drivers, drivers, drivers[1], drivers[0]})
	}
	var out []Scenario
	for _, m := range mixes {
		for _, mmap := range []int64{0, MmapOn} {
			out = append(out, Scenario{
				Name: fmt.Sprintf("%s/mmap=%s/checkpoints+shrink", m.name, mmapLabel(mmap)),
				Mix:  m.name, Writers: m.writers, Readers: m.readers,
				Checkpointer: m.ckpt, Checkpoints: AllCheckpoints, CheckpointerBusyTimeout: BlockingCheckpointBusyTimeout,
				Shrinker: m.shrink, MmapSize: mmap,
			})
		}
	}
	for _, d := range drivers {
		one := []string{d}
		out = append(out,
			Scenario{Name: d + "/mmap=64MiB/PASSIVE", Mix: d, Writers: one, Readers: one,
				Checkpointer: d, Checkpoints: []adapter.CheckpointMode{adapter.CheckpointPassive}, MmapSize: MmapOn},
			Scenario{Name: d + "/mmap=64MiB/TRUNCATE", Mix: d, Writers: one, Readers: one,
				Checkpointer: d, Checkpoints: []adapter.CheckpointMode{adapter.CheckpointTruncate},
				CheckpointerBusyTimeout: BlockingCheckpointBusyTimeout, MmapSize: MmapOn},
			Scenario{Name: d + "/mmap=64MiB/shrink", Mix: d, Writers: one, Readers: one,
				Shrinker: d, MmapSize: MmapOn},
		)
	}
	for _, d := range drivers {
		one := []string{d}
		out = append(out,
			Scenario{Name: d + "/touch", Mix: d, Writers: one, Readers: one, Checkpointer: d,
				Checkpoints: []adapter.CheckpointMode{adapter.CheckpointPassive}, Touch: true, TouchOne: true, Saturate: true},
			Scenario{Name: d + "/DELETE/touch", Mix: d, Writers: one, Readers: one, JournalMode: "DELETE",
				Touch: true, TouchFiles: "db,journal", Saturate: true},
		)
	}
	if len(drivers) > 1 {
		name := "all"
		if len(drivers) == 2 {
			name = strings.Join(drivers, "+")
		}
		out = append(out, Scenario{Name: name + "/DELETE/mmap=64MiB/shrink", Mix: name, Writers: drivers, Readers: drivers,
			Shrinker: drivers[0], MmapSize: MmapOn, JournalMode: "DELETE"})
	}
	for i := range out {
		out[i].Known = knownHazards[out[i].Name]
	}
	return out
}

// knownHazards lists the scenarios known to fail, with the evidence; see
// the package documentation.
var knownHazards = func() map[string]string {
	m := map[string]string{}
	const posix = "Closing any descriptor of the database's files drops every POSIX lock the process holds on " +
		"them, SQLite's included (mattn and modernc lock with POSIX fcntl locks); the other processes then write under " +
		"it, or reinitialise the -shm it has mapped. Observed: SIGBUS (mattn), SQLITE_CORRUPT and SQLITE_IOERR " +
		"(both), committed transactions lost. ncruces locks with OFD locks, which belong to its own descriptors, and " +
		"is not affected. See the package documentation of stress."
	for _, d := range []string{"mattn", "modernc"} {
		m[d+"/touch"] = posix
		m[d+"/DELETE/touch"] = posix
	}
	return m
}()

func mmapLabel(n int64) string {
	switch {
	case n <= 0:
		return "0"
	case n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	}
	return fmt.Sprint(n)
}

// CrashConfig is one configuration of the crash loop.
type CrashConfig struct {
	Driver      string `json:"driver"` // the driver of the process that is killed
	JournalMode string `json:"journal_mode"`
	Synchronous string `json:"synchronous"`
}

// Name is stable and unique, for the matrix and subtests.
func (c CrashConfig) Name() string { return c.Driver + "/" + c.JournalMode + "/" + c.Synchronous }

// CrashConfigs returns the crash loop's configurations for one crashing
// driver: journal_mode WAL and DELETE × synchronous NORMAL and FULL.
func CrashConfigs(driver string) []CrashConfig {
	var out []CrashConfig
	for _, j := range []string{"WAL", "DELETE"} {
		for _, s := range []string{"NORMAL", "FULL"} {
			out = append(out, CrashConfig{driver, j, s})
		}
	}
	return out
}

// Reopeners returns the drivers that reopen the database after each kill,
// in turn: the crashing driver first, then the others.
func Reopeners(crashing string, drivers []string) []string {
	out := []string{crashing}
	for _, d := range drivers {
		if d != crashing {
			out = append(out, d)
		}
	}
	return out
}

// Available returns the linked drivers that work in this build, in
// adapter.Drivers order (mattn is linked but unavailable without cgo).
func Available() []string {
	var out []string
	for _, name := range adapter.Drivers() {
		if d, err := adapter.Lookup(name); err == nil && d.Info().Unavailable == "" {
			out = append(out, name)
		}
	}
	return out
}
