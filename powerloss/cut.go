package powerloss

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/anysqlite/anysqlite/crashfs"
)

// dbName is the database's file name in the simulated disk.
const dbName = "app.db"

// cutSpec is one power cut to make.
type cutSpec struct {
	combo      Combination
	index      int          // 0-based, within the combination; -1 for the calibration run
	mode       crashfs.Mode // what the cut keeps of the pending state
	quarantine bool         // start from a corrupt database that Open quarantines
	at         int64        // cut when operation at+1 arrives; 0: no cut, a clean shutdown after the run
	rng        *rand.Rand   // for the mode
	// freezeOn, if set, cuts the power as soon as the worker reports a
	// line of this kind (lineAck, lineBackup, lineOpened): right after the
	// call it reports returned.
	freezeOn string
}

// CutResult is one power cut and what the reopens found.
type CutResult struct {
	Index      int    `json:"index"`
	Mode       string `json:"mode"`
	Quarantine bool   `json:"quarantine,omitempty"`
	// At is the operation the cut was armed at (0: none, the calibration
	// run), Ops the mutating operations performed before the cut.
	At  int64 `json:"at"`
	Ops int64 `json:"ops"`
	// Phase is what the worker was doing when the power went ("after
	// close" if it had finished).
	Phase string `json:"phase"`
	// Acked is the last transaction whose commit returned nil before the
	// cut, -1 if none.
	Acked   int            `json:"acked"`
	Report  crashfs.Report `json:"report"`
	Checks  []checkResult  `json:"checks"`
	Backups []backupClaim  `json:"backups,omitempty"`
	QLost   string         `json:"quarantine_lost,omitempty"` // what of the quarantined files the cut lost
	Failure string         `json:"failure,omitempty"`         // the cut could not be run or checked
	Seconds float64        `json:"seconds"`
	// CheckSeconds is the part of Seconds the reopens took.
	CheckSeconds float64 `json:"check_seconds"`
	Dir          string  `json:"dir,omitempty"`    // kept for inspection
	SQLite       string  `json:"sqlite,omitempty"` // the SQLite version the worker reported
}

// lost returns the number of acknowledged transactions a reopen did not
// find, the worst over the drivers that reopened the database.
func (c *CutResult) lost() int {
	worst := 0
	for _, ch := range c.Checks {
		if ch.Err == "" && ch.Corrupt == "" && c.Acked > ch.Last {
			worst = max(worst, c.Acked-ch.Last)
		}
	}
	return worst
}

// lossOnly reports whether the cut lost acknowledged transactions and
// damaged nothing.
func (c *CutResult) lossOnly() bool {
	return !c.corrupt() && !c.torn() && c.backupsLost() == 0 && c.QLost == ""
}

func (c *CutResult) corrupt() bool {
	for _, ch := range c.Checks {
		if ch.Corrupt != "" {
			return true
		}
	}
	return false
}

func (c *CutResult) torn() bool {
	for _, ch := range c.Checks {
		if ch.Torn != "" {
			return true
		}
	}
	return false
}

// backupsLost returns how many completed backups a reopen found missing,
// damaged or short.
func (c *CutResult) backupsLost() int {
	lost := 0
	for i := range c.Backups {
		for _, ch := range c.Checks {
			if i < len(ch.Backups) && !ch.Backups[i].ok() {
				lost++
				break
			}
		}
	}
	return lost
}

// disagree reports whether the drivers that reopened the database found
// different things.
func (c *CutResult) disagree() bool {
	for _, ch := range c.Checks[min(1, len(c.Checks)):] {
		a := c.Checks[0]
		if ch.Last != a.Last || (ch.Corrupt == "") != (a.Corrupt == "") || (ch.Torn == "") != (a.Torn == "") {
			return true
		}
	}
	return false
}

// slot runs cuts one at a time, with its own checker processes.
type slot struct {
	cfg      *Config
	dir      string
	checkers []*checker
	n        int
}

func newSlot(cfg *Config, dir string) (*slot, error) {
	s := &slot{cfg: cfg, dir: dir}
	for _, d := range cfg.Drivers {
		c, err := startChecker(cfg.Command, d)
		if err != nil {
			s.close()
			return nil, err
		}
		s.checkers = append(s.checkers, c)
	}
	return s, nil
}

func (s *slot) close() {
	for _, c := range s.checkers {
		c.close()
	}
}

// workerOut is what the worker said, read as it says it.
type workerOut struct {
	freezeOn string
	hit      chan struct{} // closed at the first line of kind freezeOn
	mu       sync.Mutex
	phase    string
	opened   bool
	sqlite   string
	acked    int
	backups  []backupClaim
	done     bool
	errs     []string
}

func (w *workerOut) read(r io.Reader) {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return // a line cut short by the kill does not count
		}
		w.parse(strings.TrimSuffix(line, "\n"))
	}
}

func (w *workerOut) parse(line string) {
	kind, rest, _ := strings.Cut(line, " ")
	w.mu.Lock()
	defer w.mu.Unlock()
	if kind == w.freezeOn && w.hit != nil {
		close(w.hit)
		w.hit = nil
	}
	switch kind {
	case linePhase:
		w.phase = rest
	case lineOpened:
		w.opened = true
		if _, v, ok := strings.Cut(rest, " "); ok {
			w.sqlite = v
		}
	case lineAck:
		if n, err := strconv.Atoi(rest); err == nil {
			w.acked = n
		}
	case lineBackup:
		file, upto, _ := strings.Cut(rest, " ")
		if n, err := strconv.Atoi(upto); err == nil {
			w.backups = append(w.backups, backupClaim{File: file, Upto: n})
		}
	case lineDone:
		w.done = true
		w.phase = "after close"
	case lineError:
		w.errs = append(w.errs, rest)
	}
}

// run makes one cut: it mounts a crash-simulating file system, runs the
// worker on it until the armed operation, cuts the power, and has every
// driver reopen a copy of what the disk holds.
func (s *slot) run(spec cutSpec) (res CutResult) {
	begin := time.Now()
	s.n++
	res = CutResult{Index: spec.index, Mode: spec.mode.String(), Quarantine: spec.quarantine, At: spec.at, Acked: -1}
	if spec.at == 0 {
		res.Mode = "clean"
	}
	defer func() { res.Seconds = time.Since(begin).Seconds() }()
	dir := filepath.Join(s.dir, fmt.Sprintf("cut-%d", s.n))
	disk, mnt := filepath.Join(dir, "disk"), filepath.Join(dir, "mnt")
	keep := false
	defer func() {
		if keep && s.cfg.Keep {
			res.Dir = dir
		} else {
			os.RemoveAll(dir)
		}
	}()
	for _, d := range []string{disk, mnt} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			res.Failure = err.Error()
			return res
		}
	}
	var planted map[string][32]byte
	if spec.quarantine {
		var err error
		if planted, err = plantCorrupt(disk, spec.rng); err != nil {
			res.Failure = err.Error()
			return res
		}
	}
	out, err := s.runWorker(spec, dir, disk, mnt, &res)
	if err != nil {
		res.Failure = err.Error()
		keep = true
		return res
	}
	res.Acked, res.Phase, res.Backups, res.SQLite = out.acked, out.phase, out.backups, out.sqlite
	if spec.quarantine {
		res.QLost = checkQuarantine(disk, planted, out.opened)
	}
	checkBegin := time.Now()
	s.checkAll(spec, dir, disk, &res)
	res.CheckSeconds = time.Since(checkBegin).Seconds()
	keep = res.Failure != "" || res.QLost != "" || res.corrupt() || res.torn() || res.backupsLost() > 0 ||
		(spec.at == 0 && res.lost() > 0)
	return res
}

// workerTimeout bounds a worker's run: the full workload takes seconds.
const workerTimeout = 3 * time.Minute

// runWorker mounts the file system, runs the worker until the cut (or
// its end), and cuts the power.
func (s *slot) runWorker(spec cutSpec, dir, disk, mnt string, res *CutResult) (*workerOut, error) {
	opts := &crashfs.Options{}
	if s.cfg.Trace {
		trace, err := os.Create(filepath.Join(dir, "trace.txt"))
		if err != nil {
			return nil, err
		}
		defer trace.Close()
		opts.Trace = trace
	}
	f, err := crashfs.Mount(disk, mnt, opts)
	if err != nil {
		return nil, err
	}
	if spec.at > 0 {
		f.CutAfter(spec.at)
	}
	args := workerArgs{db: filepath.Join(mnt, dbName), driver: spec.combo.Driver, journal: spec.combo.Journal,
		sync: spec.combo.Sync, seed: s.cfg.Seed, txns: s.cfg.Txns, quarantine: spec.quarantine}
	cmd := s.cfg.Command(append([]string{"worker"}, args.list()...))
	stderr := &tail{max: 8 << 10}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		f.Cut(crashfs.DropAll, nil)
		return nil, fmt.Errorf("start worker: %w", err)
	}
	hit := make(chan struct{})
	out := &workerOut{acked: -1, freezeOn: spec.freezeOn, hit: hit}
	read := make(chan struct{})
	go func() {
		out.read(stdout)
		close(read)
	}()
	timedOut, exited := false, false
	select {
	case <-f.Frozen():
	case <-hit:
	case <-read:
		exited = true
	case <-time.After(workerTimeout):
		timedOut = true
	}
	f.Freeze()
	res.Ops = f.Ops()
	cmd.Process.Kill()
	var cerr error
	if spec.at == 0 {
		res.Report, cerr = f.Unmount()
	} else {
		res.Report, cerr = f.Cut(spec.mode, spec.rng)
	}
	<-read
	werr := cmd.Wait()
	switch {
	case timedOut:
		return out, fmt.Errorf("the worker did not finish or reach operation %d in %v (phase %q; stderr: %s)", spec.at, workerTimeout, out.phase, firstLines(stderr.String(), 6))
	case cerr != nil:
		return out, cerr
	case len(out.errs) > 0:
		return out, fmt.Errorf("worker: %s", out.errs[0])
	case exited && !out.done:
		return out, fmt.Errorf("the worker stopped before the cut: %v (stderr: %s)", werr, firstLines(stderr.String(), 6))
	}
	return out, nil
}

// checkAll has each driver reopen its own copy of the disk.
func (s *slot) checkAll(spec cutSpec, dir, disk string, res *CutResult) {
	for _, c := range s.checkers {
		cdir := filepath.Join(dir, "check-"+c.driver)
		if err := copyDir(disk, cdir); err != nil {
			res.Failure = err.Error()
			return
		}
		ch, err := c.check(checkRequest{Dir: cdir, DB: dbName, Journal: spec.combo.Journal, Sync: spec.combo.Sync,
			Seed: s.cfg.Seed, Backups: res.Backups, Quarantine: spec.quarantine})
		if err != nil {
			res.Failure = err.Error()
		}
		if ch.Err != "" && res.Failure == "" {
			res.Failure = c.driver + " reopen: " + ch.Err
		}
		res.Checks = append(res.Checks, ch)
	}
}

// copyDir copies the regular files of src into a new directory dst.
func copyDir(src, dst string) error {
	if err := os.Mkdir(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// plantCorrupt writes a database file that is not a database, and a -wal
// beside it, for Open to quarantine; it returns their content hashes.
func plantCorrupt(disk string, rng *rand.Rand) (map[string][32]byte, error) {
	planted := map[string][32]byte{}
	for name, size := range map[string]int{dbName: 8192, dbName + "-wal": 4152} {
		b := make([]byte, size)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		copy(b, "not a database, corrupt on purpose")
		if err := os.WriteFile(filepath.Join(disk, name), b, 0o644); err != nil {
			return nil, err
		}
		planted[name] = sha256.Sum256(b)
	}
	return planted, nil
}

// checkQuarantine reports what of the planted files the disk lost: each
// must still be somewhere, and once Open returned (opened), under its
// quarantine name and not its own.
func checkQuarantine(disk string, planted map[string][32]byte, opened bool) string {
	where := map[[32]byte][]string{}
	entries, _ := os.ReadDir(disk)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(disk, e.Name()))
		if err == nil {
			h := sha256.Sum256(b)
			where[h] = append(where[h], e.Name())
		}
	}
	var problems []string
	for name, h := range planted {
		names := where[h]
		switch {
		case len(names) == 0:
			problems = append(problems, name+" lost")
		case opened && !strings.Contains(names[0], ".corrupt-"):
			problems = append(problems, fmt.Sprintf("%s back under its own name after Open returned", name))
		}
	}
	return strings.Join(problems, "; ")
}

// errUnsupported reports why power cuts cannot be simulated here.
func errUnsupported(dir string) error {
	err := crashfs.Supported(dir)
	if err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("%w (%w)", err, errors.ErrUnsupported)
	}
	return err
}
