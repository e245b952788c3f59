package powerloss

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/crashfs"
)

// Journal modes and synchronous settings of the table, in its order.
var (
	JournalModes = []string{"DELETE", "TRUNCATE", "PERSIST", "WAL"}
	SyncLevels   = []string{"OFF", "NORMAL", "FULL", "EXTRA"}
)

// Sizes of a run: cuts per combination of driver, journal mode and
// synchronous setting.
const (
	// CICuts is the CI-size run: 6 cuts per combination, 288 for three
	// drivers, a few minutes.
	CICuts = 6
	// FullCuts is `make powerloss`: 500 cuts per combination, so 2000 per
	// driver and journal mode.
	FullCuts = 500
)

// Config configures [Run]. The zero value runs the CI size over every
// available driver, journal mode and synchronous setting.
type Config struct {
	// Drivers that write (the workload) and reopen (the checks); empty
	// means every available driver.
	Drivers []string
	// Journals and Syncs select rows of the table; empty means all.
	Journals []string
	Syncs    []string
	// Modes are the power-cut modes, used in turn; empty means all of
	// crashfs.Modes.
	Modes []crashfs.Mode
	// Cuts per combination; zero means CICuts. Every sixth cut starts from
	// a corrupt database that Open quarantines.
	Cuts int
	// Txns is the number of workload transactions; zero means DefaultTxns.
	Txns int
	// Seed makes the run reproducible: the cut points, the random modes'
	// choices and the row contents derive from it. Zero means 1.
	Seed uint64
	// Dir is scratch space (each cut needs a few MiB, briefly); empty
	// means a new temporary directory.
	Dir string
	// Parallel is the number of cuts run at once; zero means 2.
	Parallel int
	// Command starts the child processes; nil means SelfCommand.
	Command Command
	// Progress, if set, gets a line per combination done.
	Progress io.Writer
	// Keep keeps the directories of cuts that failed, lost or corrupted
	// something (CutResult.Dir), under Dir.
	Keep bool
	// Trace writes trace.txt in each cut's directory: every mutating file
	// system operation of the worker, numbered as the cut point counts
	// them (crashfs.Options.Trace). With Keep, to see what led to a cut.
	Trace bool
}

// Combination is a row of the table: the driver that writes, the journal
// mode and the synchronous setting.
type Combination struct {
	Driver  string `json:"driver"`
	Journal string `json:"journal"`
	Sync    string `json:"sync"`
}

func (c Combination) String() string { return c.Driver + " " + c.Journal + " " + c.Sync }

// Result is a whole run.
type Result struct {
	// Unsupported says why power cuts cannot be simulated here (no FUSE);
	// nothing else is set then.
	Unsupported string            `json:"unsupported,omitempty"`
	Drivers     []string          `json:"drivers"`
	Modes       []string          `json:"modes"`
	CutsEach    int               `json:"cuts_each"`
	Txns        int               `json:"txns"`
	Seed        uint64            `json:"seed"`
	Rows        []Row             `json:"rows"`
	Seconds     float64           `json:"seconds"`
	Failures    []string          `json:"failures,omitempty"`
	Platform    string            `json:"platform"`
	Versions    map[string]string `json:"versions"`
}

// Row is the outcome for one combination.
type Row struct {
	Combination
	// Ops is the number of mutating file system operations of the whole
	// workload (the calibration run): cuts are armed uniformly in 1..Ops
	// and a little beyond (after the worker closed the database).
	Ops  int64 `json:"ops"`
	Cuts int   `json:"cuts"`
	// Corrupt counts the cuts after which a reopen found the database
	// corrupt (open or integrity_check), Torn those after which the rows
	// were not what any sequence of whole transactions leaves.
	Corrupt int `json:"corrupt"`
	Torn    int `json:"torn"`
	// Acked is the number of acknowledged transactions over all cuts;
	// LostMax and LostTotal count those a reopen did not find.
	Acked     int `json:"acked"`
	LostMax   int `json:"lost_max"`
	LostTotal int `json:"lost_total"`
	LostCuts  int `json:"lost_cuts"`
	// Backups completed before a cut, and those the cut lost or damaged.
	Backups     int `json:"backups"`
	BackupsLost int `json:"backups_lost"`
	// Quarantines: cuts that started from a corrupt database; QLost those
	// after which a quarantined file was lost or back under its name.
	Quarantines int `json:"quarantines"`
	QLost       int `json:"quarantine_lost"`
	// Disagree counts cuts after which the drivers reopening the database
	// did not find the same thing.
	Disagree int                  `json:"disagree"`
	ByMode   map[string]*ModeStat `json:"by_mode"`
	ByPhase  map[string]int       `json:"by_phase"`
	// Examples describe the first cuts that damaged something (corrupt,
	// torn, a lost backup or quarantine), then the first that lost
	// acknowledged transactions; Cut holds the first two in full.
	Examples   []string `json:"examples,omitempty"`
	damageCuts []CutResult
	lossCuts   []CutResult
	Failures   []string    `json:"failures,omitempty"`
	Expect     Expectation `json:"expect"`
	// Seconds is the time its cuts took, CheckSeconds the part the
	// reopens took.
	Seconds      float64 `json:"seconds"`
	CheckSeconds float64 `json:"check_seconds"`
	// ExplainedWorse is how the row is worse than documented where the
	// cause is known (Explained): SQLite's own, so in every driver.
	ExplainedWorse string       `json:"explained_worse,omitempty"`
	Explained      *Explanation `json:"explained,omitempty"`
	// Worse lists how the row is worse than documented, for unexplained
	// reasons; empty if not.
	Worse []string    `json:"worse,omitempty"`
	Cut   []CutResult `json:"cut_results,omitempty"`
}

// ModeStat is the outcome of the cuts of one mode.
type ModeStat struct {
	Cuts      int `json:"cuts"`
	Corrupt   int `json:"corrupt"`
	Torn      int `json:"torn"`
	LostMax   int `json:"lost_max"`
	LostTotal int `json:"lost_total"`
}

// Available returns the drivers that work in this build.
func Available() []string {
	var ds []string
	for _, name := range adapter.Drivers() {
		if d, err := adapter.Lookup(name); err == nil && d.Info().Unavailable == "" {
			ds = append(ds, name)
		}
	}
	return ds
}

func (cfg *Config) defaults() error {
	if len(cfg.Drivers) == 0 {
		cfg.Drivers = Available()
	}
	if len(cfg.Drivers) == 0 {
		return errors.New("powerloss: no driver available")
	}
	if len(cfg.Journals) == 0 {
		cfg.Journals = JournalModes
	}
	if len(cfg.Syncs) == 0 {
		cfg.Syncs = SyncLevels
	}
	if len(cfg.Modes) == 0 {
		cfg.Modes = crashfs.Modes
	}
	if cfg.Cuts <= 0 {
		cfg.Cuts = CICuts
	}
	if cfg.Txns <= 0 {
		cfg.Txns = DefaultTxns
	}
	if cfg.Seed == 0 {
		cfg.Seed = 1
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = 2
	}
	if cfg.Command == nil {
		cfg.Command = SelfCommand
	}
	return nil
}

// Run makes the power cuts of cfg and returns the table. For each
// combination it first runs the workload without a cut (the calibration:
// it counts the operations and must keep everything), then cuts it
// cfg.Cuts times at operations drawn uniformly, each cut reopened by every
// driver. Where FUSE is unavailable it returns a Result that says so in
// Unsupported, and no error.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	begin := time.Now()
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	if cfg.Dir == "" {
		dir, err := os.MkdirTemp("", "powerloss-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		cfg.Dir = dir
	}
	res := &Result{Drivers: cfg.Drivers, CutsEach: cfg.Cuts, Txns: cfg.Txns, Seed: cfg.Seed, Platform: platform(), Versions: versions(cfg.Drivers)}
	for _, m := range cfg.Modes {
		res.Modes = append(res.Modes, m.String())
	}
	if err := errUnsupported(cfg.Dir); err != nil {
		res.Unsupported = err.Error()
		return res, nil
	}
	combos := cfg.combinations()
	rows := make([]Row, len(combos))
	for i, c := range combos {
		rows[i] = Row{Combination: c, Expect: Documented(c.Journal, c.Sync), ByMode: map[string]*ModeStat{}, ByPhase: map[string]int{}}
	}
	pool, err := newPool(&cfg)
	if err != nil {
		return nil, err
	}
	defer pool.close()
	calibrate(ctx, &cfg, pool, rows, res.Versions)
	cutAll(ctx, &cfg, pool, rows)
	for i := range rows {
		rows[i].finish()
		rows[i].judge()
		res.Failures = append(res.Failures, rows[i].Failures...)
	}
	res.Rows = rows
	res.Seconds = time.Since(begin).Seconds()
	if err := ctx.Err(); err != nil {
		return res, err
	}
	return res, nil
}

// combinations lists every driver × journal mode × synchronous setting of
// cfg, in that order.
func (cfg *Config) combinations() []Combination {
	var combos []Combination
	for _, d := range cfg.Drivers {
		for _, j := range cfg.Journals {
			for _, s := range cfg.Syncs {
				combos = append(combos, Combination{d, j, s})
			}
		}
	}
	return combos
}

// calibrate runs each row's combination once without a cut, which counts
// the operations its workload performs (Row.Ops), and records the SQLite
// version each driver reported in versions.
func calibrate(ctx context.Context, cfg *Config, slots *pool, rows []Row, versions map[string]string) {
	calib := make([]CutResult, len(rows))
	slots.each(ctx, len(rows), func(s *slot, i int) {
		calib[i] = s.run(cutSpec{combo: rows[i].Combination, index: -1, rng: rand.New(rand.NewPCG(cfg.Seed, 0))})
	})
	for i := range rows {
		rows[i].calibrated(calib[i], cfg.Txns)
		if v := calib[i].SQLite; v != "" {
			d := rows[i].Driver
			versions[d] = moduleVersion(d) + ", SQLite " + v
		}
	}
}

// cutAll performs cfg.Cuts cuts of every calibrated row and adds them to
// it, printing a row's summary to cfg.Progress when its last cut is done.
func cutAll(ctx context.Context, cfg *Config, slots *pool, rows []Row) {
	type task struct{ row, cut int }
	var tasks []task
	remaining := make([]int, len(rows))
	for i := range rows {
		if rows[i].Ops > 0 {
			for k := range cfg.Cuts {
				tasks = append(tasks, task{i, k})
			}
			remaining[i] = cfg.Cuts
		}
	}
	cuts := make([]CutResult, len(tasks))
	var mu sync.Mutex
	slots.each(ctx, len(tasks), func(s *slot, n int) {
		t := tasks[n]
		cuts[n] = s.run(specFor(cfg, rows[t.row].Combination, t.cut, rows[t.row].Ops))
		mu.Lock()
		defer mu.Unlock()
		if remaining[t.row]--; remaining[t.row] == 0 && cfg.Progress != nil {
			r := Row{Combination: rows[t.row].Combination, ByMode: map[string]*ModeStat{}, ByPhase: map[string]int{}}
			for m, t2 := range tasks {
				if t2.row == t.row {
					r.add(cuts[m])
				}
			}
			fmt.Fprintf(cfg.Progress, "%-30s %s\n", r.Combination, r.summary())
		}
	})
	for n, t := range tasks {
		rows[t.row].add(cuts[n])
	}
}

// specFor returns cut k of combination c, whose workload performs ops
// operations: the mode in turn, every sixth cut from a corrupt database,
// the operation drawn uniformly from 1..ops*1.05 (the last twentieth
// after the workload closed the database).
func specFor(cfg *Config, c Combination, k int, ops int64) cutSpec {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d", c, k)
	rng := rand.New(rand.NewPCG(cfg.Seed, h.Sum64()))
	return cutSpec{
		combo:      c,
		index:      k,
		mode:       cfg.Modes[k%len(cfg.Modes)],
		quarantine: k%6 == 5,
		at:         1 + rng.Int64N(ops+ops/20),
		rng:        rng,
	}
}

// calibrated records the calibration run.
func (r *Row) calibrated(c CutResult, txns int) {
	switch {
	case c.Failure != "":
		r.Failures = append(r.Failures, fmt.Sprintf("%s: calibration run: %s", r.Combination, c.Failure))
	case c.Acked != txns:
		r.Failures = append(r.Failures, fmt.Sprintf("%s: calibration run acknowledged %d of %d transactions", r.Combination, c.Acked, txns))
	case c.lost() > 0 || c.corrupt() || c.torn() || c.backupsLost() > 0:
		r.Failures = append(r.Failures, fmt.Sprintf("%s: a clean shutdown lost or damaged data: %s", r.Combination, describe(c)))
	default:
		r.Ops = c.Ops
	}
}

// add counts one cut.
func (r *Row) add(c CutResult) {
	if c.Failure != "" {
		r.Failures = append(r.Failures, fmt.Sprintf("%s: cut %d (%s at op %d, %s): %s", r.Combination, c.Index, c.Mode, c.At, c.Phase, c.Failure))
		return
	}
	r.Cuts++
	r.Seconds += c.Seconds
	r.CheckSeconds += c.CheckSeconds
	ms := r.ByMode[c.Mode]
	if ms == nil {
		ms = &ModeStat{}
		r.ByMode[c.Mode] = ms
	}
	ms.Cuts++
	r.ByPhase[phaseKind(c.Phase)]++
	lost := c.lost()
	r.Acked += c.Acked + 1
	r.LostTotal += lost
	ms.LostTotal += lost
	r.LostMax = max(r.LostMax, lost)
	ms.LostMax = max(ms.LostMax, lost)
	damaged := false
	if lost > 0 {
		r.LostCuts++
	}
	if c.corrupt() {
		r.Corrupt++
		ms.Corrupt++
		damaged = true
	}
	if c.torn() {
		r.Torn++
		ms.Torn++
		damaged = true
	}
	r.Backups += len(c.Backups)
	if n := c.backupsLost(); n > 0 {
		r.BackupsLost += n
		damaged = true
	}
	if c.Quarantine {
		r.Quarantines++
		if c.QLost != "" {
			r.QLost++
			damaged = true
		}
	}
	bad := damaged || lost > 0
	if c.disagree() {
		r.Disagree++
	}
	if bad {
		r.example(c, damaged)
	}
}

// example keeps a bad cut for Examples and Cut: damage (corruption, a
// torn database, a lost backup or quarantine) and loss alone separately,
// so that the rare damage is not crowded out by the common loss.
func (r *Row) example(c CutResult, damaged bool) {
	const most = 5
	list := &r.lossCuts
	if damaged {
		list = &r.damageCuts
	}
	if len(*list) < most {
		*list = append(*list, c)
	}
}

// finish fills Examples and Cut from the kept cuts, damage first.
func (r *Row) finish() {
	all := append(append([]CutResult(nil), r.damageCuts...), r.lossCuts...)
	r.Examples = nil
	for _, c := range all[:min(5, len(all))] {
		r.Examples = append(r.Examples, describe(c))
	}
	r.Cut = all[:min(2, len(all))]
}

// phaseKind names the phase without its transaction number.
func phaseKind(p string) string {
	if i := strings.LastIndexByte(p, ' '); i >= 0 {
		if _, err := strconv.Atoi(p[i+1:]); err == nil {
			return p[:i]
		}
	}
	if p == "" {
		return "start"
	}
	return p
}

// describe says what one cut lost or damaged.
func describe(c CutResult) string {
	s := fmt.Sprintf("cut %d (%s, op %d of the run, during %s, %d acked)", c.Index, c.Mode, c.At, c.Phase, c.Acked+1)
	for _, ch := range c.Checks {
		switch {
		case ch.Corrupt != "":
			s += fmt.Sprintf("; %s: corrupt: %s", ch.Driver, ch.Corrupt)
		case ch.Torn != "":
			s += fmt.Sprintf("; %s: %s", ch.Driver, ch.Torn)
		case c.Acked > ch.Last:
			s += fmt.Sprintf("; %s: last transaction %d", ch.Driver, ch.Last)
		}
		for _, b := range ch.Backups {
			if !b.ok() {
				s += fmt.Sprintf("; %s: backup %s (of 0..%d): missing %t, last %d %s%s", ch.Driver, b.File, b.Upto, b.Missing, b.Last, b.Corrupt, b.Torn)
			}
		}
	}
	if c.QLost != "" {
		s += "; quarantine: " + c.QLost
	}
	return s
}

// Rejudge compares every row with the documentation again, as
// [Documented] says it now: for a result saved by an older version.
func (r *Result) Rejudge() {
	for i := range r.Rows {
		row := &r.Rows[i]
		row.Expect = Documented(row.Journal, row.Sync)
		row.Worse, row.ExplainedWorse = nil, ""
		row.judge()
	}
}

// judge compares the row with the documentation.
func (r *Row) judge() {
	e := r.Expect
	r.Explained = nil
	if (r.Corrupt > 0 || r.Torn > 0) && !e.Corruption {
		worse := fmt.Sprintf("%d corrupt, %d torn", r.Corrupt, r.Torn)
		if x, ok := explained(r.Journal, r.Sync); ok {
			r.Explained = &x
			r.ExplainedWorse = worse
		} else {
			r.Worse = append(r.Worse, worse)
		}
	}
	if e.MaxLost >= 0 && r.LostMax > e.MaxLost {
		r.Worse = append(r.Worse, fmt.Sprintf("lost up to %d acknowledged transactions", r.LostMax))
	}
	if r.BackupsLost > 0 {
		r.Worse = append(r.Worse, fmt.Sprintf("%d completed backups lost or damaged", r.BackupsLost))
	}
	if r.QLost > 0 {
		r.Worse = append(r.Worse, fmt.Sprintf("%d quarantines lost or undone", r.QLost))
	}
}

func (r *Row) summary() string {
	s := fmt.Sprintf("%d cuts, %d corrupt, %d torn, lost max %d total %d of %d acked", r.Cuts, r.Corrupt, r.Torn, r.LostMax, r.LostTotal, r.Acked)
	if r.BackupsLost > 0 || r.QLost > 0 {
		s += fmt.Sprintf(", backups lost %d, quarantines lost %d", r.BackupsLost, r.QLost)
	}
	if n := len(r.Failures); n > 0 {
		s += fmt.Sprintf(", %d FAILED", n)
	}
	return s
}

// pool runs tasks on cfg.Parallel slots.
type pool struct {
	slots []*slot
}

func newPool(cfg *Config) (*pool, error) {
	p := &pool{}
	for i := range cfg.Parallel {
		s, err := newSlot(cfg, filepath.Join(cfg.Dir, fmt.Sprintf("slot-%d", i)))
		if err != nil {
			p.close()
			return nil, err
		}
		p.slots = append(p.slots, s)
	}
	return p, nil
}

func (p *pool) close() {
	for _, s := range p.slots {
		s.close()
	}
}

// each runs fn for 0..n-1 on the slots, until ctx ends.
func (p *pool) each(ctx context.Context, n int, fn func(*slot, int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for _, s := range p.slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(s, i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// platform describes the machine: OS, architecture and kernel.
func platform() string {
	p := runtime.GOOS + "/" + runtime.GOARCH
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		p += ", Linux " + strings.TrimSpace(string(b))
	}
	return p
}

// versions returns the module version of each driver; Run adds the
// SQLite version its calibration run reports.
func versions(drivers []string) map[string]string {
	v := map[string]string{}
	for _, d := range drivers {
		v[d] = moduleVersion(d)
	}
	return v
}

func moduleVersion(driver string) string {
	d, err := adapter.Lookup(driver)
	if err != nil {
		return ""
	}
	info := d.Info()
	return info.Module + " " + info.ModuleVersion
}
