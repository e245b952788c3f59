package stress

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Config says what Run runs and how.
type Config struct {
	// Drivers are the drivers to combine, all of them available in this
	// build (and so in the worker processes, which run the same binary).
	Drivers []string
	Size    Size
	// Dir holds the databases; empty means a new temporary directory,
	// removed afterwards.
	Dir string
	// Command starts a worker; nil means SelfCommand.
	Command Command
	// Log receives one line per scenario and crash configuration; nil
	// means none.
	Log io.Writer
	// Seed makes the random choices (transaction sizes, kill moments)
	// reproducible as far as timing allows; 0 picks one at random.
	Seed uint64
	// Scenarios and Crash filter what runs by name (Scenario.Name,
	// CrashConfig.Name); nil runs everything.
	Scenarios func(name string) bool
	Crash     func(name string) bool
}

// Think time between transactions: writers pause a random time below
// writerPause, readers readerPause. Without it (Scenario.Saturate) two
// readers in tight loops hold some read lock at every moment, and a
// FULL, RESTART or TRUNCATE checkpoint, which waits for them while holding
// the write lock, stalls every writer for up to busy_timeout (see
// TestBlockingCheckpointStallsWriters).
const (
	writerPause = 2 * time.Millisecond
	readerPause = time.Millisecond
)

// touchInterval is how often a Touch scenario's process opens and closes
// the database's files.
const touchInterval = 10 * time.Millisecond

// Timeouts for worker processes: how long one may take to open the
// database, and to stop once asked (one operation, which may wait up to
// busy_timeout for a lock, plus closing).
var (
	readyTimeout = 60 * time.Second
	stopTimeout  = 60 * time.Second
)

func (c *Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format+"\n", args...)
	}
}

func (c *Config) prepare() (cleanup func(), err error) {
	if c.Seed == 0 {
		c.Seed = rand.Uint64()
	}
	if c.Command == nil {
		c.Command = SelfCommand
	}
	if c.Dir != "" {
		return func() {}, os.MkdirAll(c.Dir, 0o755)
	}
	dir, err := os.MkdirTemp("", "anysqlite-stress-")
	if err != nil {
		return nil, err
	}
	c.Dir = dir
	return func() { os.RemoveAll(dir) }, nil
}

// Run runs the concurrent scenarios over cfg.Drivers, then the crash
// loops of every driver, and returns the verdicts and figures. It returns
// an error only if it could not run (ctx ended, no directory); failures
// of the scenarios are in the results.
func Run(ctx context.Context, cfg Config) (*Results, error) {
	begin := time.Now()
	cleanup, err := cfg.prepare()
	if err != nil {
		return nil, err
	}
	defer cleanup()
	res := &Results{Figures: RunFigures{Size: cfg.Size, Seed: cfg.Seed}}
	for _, sc := range Scenarios(cfg.Drivers) {
		if cfg.Scenarios != nil && !cfg.Scenarios(sc.Name) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
		r := RunScenario(ctx, cfg, sc)
		res.Scenarios = append(res.Scenarios, r)
		cfg.logf("stress: %-45s %s", sc.Name, r.summary())
	}
	for _, d := range cfg.Drivers {
		for _, cc := range CrashConfigs(d) {
			if cfg.Crash != nil && !cfg.Crash(cc.Name()) {
				continue
			}
			if err := ctx.Err(); err != nil {
				return res, err
			}
			r := RunCrash(ctx, cfg, cc, CyclesPerConfig(cfg.Size))
			res.Crash = append(res.Crash, r)
			cfg.logf("stress: crash %-39s %s", cc.Name(), r.summary())
		}
	}
	res.Figures.Seconds = time.Since(begin).Seconds()
	return res, ctx.Err()
}

// CyclesPerConfig spreads a size's crash cycles per driver over the
// driver's configurations.
func CyclesPerConfig(size Size) int {
	n := len(CrashConfigs(""))
	return (size.CrashCycles + n - 1) / n
}

func (r ScenarioResult) summary() string {
	verdict := "survived"
	if !r.Survived {
		verdict = "FAILED: " + strings.Join(r.Failures, "; ")
		if r.Known != "" {
			verdict = "failed (known hazard): " + strings.Join(r.Failures, "; ")
		}
	}
	f := r.Figures
	return fmt.Sprintf("%s — %d tx (%.0f/s, longest %d ms), %d reads, %d checkpoints (%d busy, longest %d ms), %d vacuums (longest %d ms), %d shrinks",
		verdict, f.Committed, f.TxPerSecond, f.MaxWriteMs, f.Reads, f.Checkpoints, f.CheckpointsBusy, f.MaxCheckpointMs, f.Vacuums, f.MaxVacuumMs, f.Shrinks)
}

func (r CrashResult) summary() string {
	verdict := "survived"
	if !r.Survived {
		verdict = "FAILED: " + strings.Join(r.Failures, "; ")
	}
	f := r.Figures
	return fmt.Sprintf("%s — %d cycles (%d killed before ready, %d checked, %d recovered by the next child), %d tx committed (%d batches), %d committed unreported, %.1fs (child ready in ≤%d ms, check ≤%d ms)",
		verdict, f.Cycles, f.EarlyKills, f.Verified, f.ChildRecoveries, f.Committed, f.Batches, f.Unreported, f.Seconds, f.MaxReadyMs, f.MaxCheckMs)
}

// safeName turns a scenario name into a directory name.
func safeName(name string) string {
	return strings.NewReplacer("/", "_", "→", "-to-", "=", "", "+", "_").Replace(name)
}

// failures collects a result's failure phrases, deduplicated and sorted.
type failures map[string]bool

func (f failures) add(format string, args ...any) { f[fmt.Sprintf(format, args...)] = true }

func (f failures) list() []string { return slices.Sorted(maps.Keys(f)) }

// RunScenario runs one concurrent scenario: it creates the database,
// starts the workers, lets them run for cfg.Size.Duration once all are
// ready, stops them, and verifies what they reported against the database.
func RunScenario(ctx context.Context, cfg Config, sc Scenario) (res ScenarioResult) {
	res = ScenarioResult{Scenario: sc, CheckpointModes: sc.CheckpointNames(), EffectiveMmap: map[string]int64{}}
	fail := failures{}
	defer func() {
		res.Failures = fail.list()
		res.Survived = len(res.Failures) == 0
		if len(res.EffectiveMmap) == 0 {
			res.EffectiveMmap = nil
		}
	}()
	cleanup, err := cfg.prepare()
	if err != nil {
		fail.add("setup: %v", err)
		return res
	}
	defer cleanup()
	dir, err := freshDir(cfg.Dir, safeName(sc.Name))
	if err != nil {
		fail.add("setup: %v", err)
		return res
	}
	path := filepath.Join(dir, "stress.db")
	if err := setup(ctx, path, sc.Writers[0], sc.JournalMode); err != nil {
		fail.add("setup failed: %s", codeOf(err))
		res.Figures.Integrity = err.Error()
		return res
	}

	var procs []*proc
	defer killRunning(&procs)
	for _, r := range sc.roles(cfg.Size) {
		p, err := start(cfg.Command, r, sc.workerSpec(cfg, r, path))
		if err != nil {
			fail.add("could not start the %s worker", r.Role)
			res.Figures.Integrity = err.Error()
			return res
		}
		procs = append(procs, p)
	}
	if !awaitReady(ctx, procs) {
		return res
	}
	res.Figures.Seconds = runFor(ctx, cfg.Size.Duration).Seconds()
	stopAll(procs)

	reported, writersClean := collect(procs, &res, fail)
	verifyScenario(ctx, path, sc, reported, writersClean, &res.Figures, fail)
	return res
}

// freshDir makes the directory name under dir anew, empty.
func freshDir(dir, name string) (string, error) {
	dir = filepath.Join(dir, name)
	os.RemoveAll(dir)
	return dir, os.MkdirAll(dir, 0o755)
}

// workerSpec is what the worker of role r is told: the scenario's
// settings, and the pauses and limits of its role.
func (sc Scenario) workerSpec(cfg Config, r role, path string) workerSpec {
	a := workerSpec{Role: r.Role, Driver: r.Driver, Path: path, JournalMode: sc.JournalMode, Synchronous: sc.Synchronous,
		MmapSize: sc.MmapSize, ID: r.Index, TIDBase: int64(r.Index+1) << 40, Checkpoints: sc.CheckpointNames(),
		JunkBytes: cfg.Size.JunkBytes, Batch: 8, Seed: cfg.Seed}
	if sc.Touch && (!sc.TouchOne || r.Index == 0) {
		a.Touch, a.TouchFiles = touchInterval, cmp.Or(sc.TouchFiles, "db,wal,shm")
	}
	switch r.Role {
	case "writer":
		if !sc.Saturate {
			a.Pause = writerPause
		}
	case "reader":
		a.Reopen = time.Second
		if !sc.Saturate {
			a.Pause = readerPause
		}
	case "checkpointer":
		a.Pause = 20 * time.Millisecond
		a.BusyTimeout = sc.CheckpointerBusyTimeout
	case "shrinker":
		a.Pause = 100 * time.Millisecond
	}
	return a
}

// killRunning kills the workers still running: those left when a scenario
// ends early.
func killRunning(procs *[]*proc) {
	for _, p := range *procs {
		select {
		case <-p.done:
		default:
			p.kill()
		}
	}
}

// awaitReady waits until every worker has opened the database, or
// readyTimeout has passed (the late ones then show in the results). It
// returns false if ctx ended first.
func awaitReady(ctx context.Context, procs []*proc) bool {
	deadline := time.After(readyTimeout)
	for _, p := range procs {
		select {
		case <-p.ready:
		case <-deadline:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// runFor lets the workers run for d, or until ctx ends, and returns how
// long they ran.
func runFor(ctx context.Context, d time.Duration) time.Duration {
	begin := time.Now()
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
	return time.Since(begin)
}

// stopAll asks every worker to stop (closes its standard input) and
// kills those that have not ended within stopTimeout.
func stopAll(procs []*proc) {
	for _, p := range procs {
		p.stdin.Close()
	}
	stopDeadline := time.Now().Add(stopTimeout)
	for _, p := range procs {
		select {
		case <-p.done:
		case <-time.After(time.Until(stopDeadline)):
			p.kill()
		}
	}
}

// collect gathers what the stopped workers said into res: their figures,
// deaths and errors, and the transactions they reported committed (tid →
// rows). writersClean is false if a writer did not stop cleanly, so that
// a transaction it committed without reporting is no failure.
func collect(procs []*proc, res *ScenarioResult, fail failures) (reported map[int64]int, writersClean bool) {
	f := &res.Figures
	f.Errors = map[string]int64{}
	reported = map[int64]int{}
	writersClean = true
	for _, p := range procs {
		wf := workerFigures(p, fail)
		if wf.Death != "" && p.role.Role == "writer" {
			writersClean = false
		}
		if s := p.stats; s != nil {
			res.EffectiveMmap[p.role.Driver] = s.Mmap
			addStats(f, p.role, s, fail)
		}
		f.Violations = append(f.Violations, p.violations...)
		for _, c := range p.commits {
			reported[c.tid] = c.parts
		}
		f.Committed += int64(len(p.commits))
		f.Workers = append(f.Workers, wf)
	}
	if len(f.Errors) == 0 {
		f.Errors = nil
	}
	if f.Seconds > 0 {
		f.TxPerSecond = float64(f.Committed) / f.Seconds
	}
	if f.Committed == 0 {
		fail.add("no transaction committed")
	}
	return reported, writersClean
}

// workerFigures describes one stopped worker: how it ended (a failure if
// not cleanly), its counts, its first errors.
func workerFigures(p *proc, fail failures) WorkerFigures {
	name := p.role.Role + " (" + p.role.Driver + ")"
	wf := WorkerFigures{Role: p.role.Role, Driver: p.role.Driver, First: p.errors}
	if p.killed {
		wf.Death = "hung: killed after the stop request"
		fail.add("%s hung after the stop request", name)
	} else if d := p.death(); d != "" {
		wf.Death = d
		if strings.HasPrefix(d, "SIG") || d == "unexpected signal" {
			fail.add("%s died of %s", name, d)
		} else {
			fail.add("%s failed: %s", name, d)
		}
	}
	if wf.Death != "" {
		wf.Stderr = firstLines(p.stderr.String(), 8)
	}
	if p.stats == nil && wf.Death == "" {
		fail.add("%s stopped without its statistics", name)
	}
	if s := p.stats; s != nil {
		wf.Ops, wf.MaxMs, wf.Busy, wf.Errors = s.Ops, s.MaxMillis, s.Busy, s.Errors
	}
	return wf
}

// addStats adds a worker's statistics to the scenario's figures, by role,
// and fails the scenario for every error the worker counted.
func addStats(f *ScenarioFigures, r role, s *workerStats, fail failures) {
	name := r.Role + " (" + r.Driver + ")"
	f.BusyEscaped += s.Busy
	if s.Busy > 0 {
		fail.add("%s: SQLITE_BUSY escaped busy_timeout", name)
	}
	for code, n := range s.Errors {
		f.Errors[code] += n
		fail.add("%s: %s", name, code)
	}
	if s.Violations > 0 {
		fail.add("%s: invariants broken", name)
	}
	switch r.Role {
	case "writer":
		f.MaxWriteMs = max(f.MaxWriteMs, s.MaxMillis)
	case "reader":
		f.Reads += s.Ops
		f.Reopens += s.Reopens
	case "checkpointer":
		f.Checkpoints += s.Ops
		f.MaxCheckpointMs = max(f.MaxCheckpointMs, s.MaxMillis)
		f.CheckpointsBusy += s.CkptBusy
	case "shrinker":
		f.Vacuums += s.Ops
		f.MaxVacuumMs = max(f.MaxVacuumMs, s.MaxMillis)
		f.Shrinks += s.Shrinks
		f.MaxFileSize = max(f.MaxFileSize, s.MaxSize)
	}
}

// verifyScenario checks the database after the workers stopped against
// the transactions they reported (see verifyDB).
func verifyScenario(ctx context.Context, path string, sc Scenario, reported map[int64]int, writersClean bool, f *ScenarioFigures, fail failures) {
	chk, err := verifyDB(ctx, path, sc.Writers[0], sc.JournalMode, sc.Synchronous, reported)
	if err != nil {
		fail.add("verification failed: %s", codeOf(err))
		f.Integrity = err.Error()
		return
	}
	f.Lost, f.Partial, f.Duplicated, f.Unreported, f.Integrity = chk.Lost, chk.Partial, chk.Duplicated, chk.Unreported, chk.Integrity
	chk.addFailures(fail, "")
	if chk.Unreported > 0 && writersClean {
		fail.add("transactions committed that no writer reported")
	}
}
