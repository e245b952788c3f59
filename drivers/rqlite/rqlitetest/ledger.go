package rqlitetest

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Workload is what [RunFailover] drives: a client (package rqlite's, or
// the adapter with the rqlite driver) that appends rows (w, seq) to a
// table and reads them back.
type Workload interface {
	// Setup creates the ledger table, empty.
	Setup(ctx context.Context) error
	// Write appends the row (w, seq) with writer w's own client. nil means
	// it was applied; an error for which Unknown is false means it was
	// not.
	Write(ctx context.Context, w, seq int64) error
	// Read returns the highest seq of writer w (0 if none), read with
	// reader r's own client.
	Read(ctx context.Context, r int, w int64) (int64, error)
	// Level names the read consistency level of reader r.
	Level(r int) string
	// Count returns how many times each row (w, seq) is in the table, read
	// after every write has returned.
	Count(ctx context.Context) (map[[2]int64]int64, error)
	// Unknown reports whether err says the write's outcome is unknown
	// (ErrOutcomeUnknown): the one error that may come with an applied
	// write.
	Unknown(err error) bool
}

// FailoverConfig sizes [RunFailover]. The zero value is the CI size: 4
// writers, 2 readers, 2 leader kills and 3-second phases.
type FailoverConfig struct {
	Writers, Readers int           // 0: 4 and 2
	LeaderKills      int           // 0: 2
	Phase            time.Duration // 0: 3 s
	// Logf, if set, reports progress.
	Logf func(format string, args ...any)
}

func (cfg *FailoverConfig) defaults() {
	if cfg.Writers == 0 {
		cfg.Writers = 4
	}
	if cfg.Readers == 0 {
		cfg.Readers = 2
	}
	if cfg.LeaderKills == 0 {
		cfg.LeaderKills = 2
	}
	if cfg.Phase == 0 {
		cfg.Phase = 3 * time.Second
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
}

// Figures are what [RunFailover] measured. The fields after Causes are
// the client's own counters, which a workload on package rqlite's client
// fills in itself.
type Figures struct {
	Nodes          int     `json:"nodes"`
	Writers        int     `json:"writers"`
	Readers        int     `json:"readers"`
	LeaderKills    int     `json:"leader_kills"`
	FollowerPauses int     `json:"follower_pauses"`
	PhaseSeconds   float64 `json:"phase_seconds"`
	Seconds        float64 `json:"seconds"`
	// Acknowledged writes returned nil; FailedClean returned an error
	// meaning "not applied"; OutcomeUnknown returned ErrOutcomeUnknown,
	// and UnknownApplied of those were found applied afterwards.
	Acknowledged   int64 `json:"acknowledged"`
	FailedClean    int64 `json:"failed_clean"`
	OutcomeUnknown int64 `json:"outcome_unknown"`
	UnknownApplied int64 `json:"unknown_applied"`
	// Missing acknowledged writes, Duplicated writes (present more than
	// once), FailedPresent writes (failed "not applied", yet present) and
	// StaleReads (older than a write acknowledged before the read began)
	// must all be 0.
	Missing       int64 `json:"missing"`
	Duplicated    int64 `json:"duplicated"`
	FailedPresent int64 `json:"failed_present"`
	StaleReads    int64 `json:"stale_reads"`
	// Reads counts the reads that returned, by consistency level.
	Reads map[string]int64 `json:"reads"`
	// FirstWriteAfterKill is the time from each SIGKILL of the leader to
	// the first acknowledged write after it, in seconds;
	// FirstWriteAfterPause the same after pausing a follower.
	FirstWriteAfterKill  []float64 `json:"first_write_after_kill"`
	FirstWriteAfterPause []float64 `json:"first_write_after_pause"`
	// FirstFailure is one error a failed write returned, for the record.
	FirstFailure string `json:"first_failure,omitempty"`

	// Causes counts the attempts that got no answer, by outcome and cause
	// (package rqlite's Stats.Causes of every client).
	Causes map[string]int64 `json:"causes,omitempty"`
	// LostResolvedApplied and LostResolvedNotApplied count the writes
	// whose response was lost and whose outcome the client resolved.
	LostResolvedApplied    int64 `json:"lost_resolved_applied,omitempty"`
	LostResolvedNotApplied int64 `json:"lost_resolved_not_applied,omitempty"`
	// VerifiedNotApplied counts writes classified "not applied" from the
	// error alone that were checked; Misclassified those found applied
	// (must be 0).
	VerifiedNotApplied int64 `json:"verified_not_applied,omitempty"`
	Misclassified      int64 `json:"misclassified,omitempty"`
}

// Violations lists what broke the ledger's rules, empty when none did.
func (f *Figures) Violations() []string {
	var v []string
	for _, x := range []struct {
		n    int64
		what string
	}{
		{f.Missing, "acknowledged writes missing"},
		{f.Duplicated, "writes applied more than once"},
		{f.FailedPresent, "writes that failed as not applied are present"},
		{f.StaleReads, "reads older than a write acknowledged before them"},
		{f.Misclassified, "writes classified \"not applied\" were applied"},
	} {
		if x.n != 0 {
			v = append(v, fmt.Sprintf("%d %s", x.n, x.what))
		}
	}
	if f.Acknowledged == 0 {
		v = append(v, "no write was acknowledged")
	}
	for level, n := range f.Reads {
		if n == 0 {
			v = append(v, "no read at level "+level+" returned")
		}
	}
	return v
}

// RunFailover runs w's writers and readers on cluster c while the leader
// is killed (SIGKILL) and restarted cfg.LeaderKills times, then while one
// follower is paused (SIGSTOP, as if partitioned) and resumed, each step
// after a phase of cfg.Phase, and checks the ledger: every acknowledged
// write present exactly once, no write that failed with a "not applied"
// error present, no read older than a write acknowledged before it began.
// Broken rules are counted in the Figures ([Figures.Violations]); an
// error means the run could not be made.
func RunFailover(ctx context.Context, c *Cluster, w Workload, cfg FailoverConfig) (Figures, error) {
	cfg.defaults()
	f := Figures{Nodes: c.Len(), Writers: cfg.Writers, Readers: cfg.Readers, PhaseSeconds: cfg.Phase.Seconds(), Reads: map[string]int64{}}
	if err := w.Setup(ctx); err != nil {
		return f, fmt.Errorf("rqlitetest: ledger setup: %w", err)
	}
	lg := newLedger(cfg.Writers)
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	for i := 0; i < cfg.Writers; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); lg.write(runCtx, w, int64(i)) }()
	}
	reads := make([]atomic.Int64, cfg.Readers)
	for r := 0; r < cfg.Readers; r++ {
		f.Reads[w.Level(r)] += 0
		wg.Add(1)
		go func() { defer wg.Done(); lg.read(runCtx, w, r, cfg.Writers, &reads[r]) }()
	}
	start := time.Now()
	err := disrupt(ctx, c, lg, cfg, &f)
	stop()
	wg.Wait()
	f.Seconds = time.Since(start).Seconds()
	if err != nil {
		return f, err
	}
	for r := range reads {
		f.Reads[w.Level(r)] += reads[r].Load()
	}
	f.StaleReads = lg.stale.Load()
	if err := lg.verify(ctx, w, &f); err != nil {
		return f, err
	}
	return f, nil
}

// disrupt kills and restarts the leader, then pauses and resumes a
// follower, a phase apart, measuring the time to the next acknowledged
// write after each.
func disrupt(ctx context.Context, c *Cluster, lg *ledger, cfg FailoverConfig, f *Figures) error {
	phase := func() error { return sleepCtx(ctx, cfg.Phase) }
	for k := 0; k < cfg.LeaderKills; k++ {
		if err := phase(); err != nil {
			return err
		}
		leader, err := c.Leader(ctx)
		if err != nil {
			return err
		}
		if err := c.Kill(leader); err != nil {
			return err
		}
		killed := time.Now() // Kill waited for the exit: no answer from it after this
		f.LeaderKills++
		d, err := lg.firstAckAfter(ctx, killed)
		if err != nil {
			return err
		}
		f.FirstWriteAfterKill = append(f.FirstWriteAfterKill, d.Seconds())
		cfg.Logf("leader %s killed: first write acknowledged %.2f s later", c.Node(leader).ID, d.Seconds())
		if err := phase(); err != nil {
			return err
		}
		if err := c.Restart(ctx, leader); err != nil {
			return err
		}
	}
	if err := phase(); err != nil {
		return err
	}
	leader, err := c.Leader(ctx)
	if err != nil {
		return err
	}
	follower := (leader + 1) % c.Len()
	if err := c.Pause(follower); err != nil {
		return err
	}
	paused := time.Now()
	f.FollowerPauses++
	d, err := lg.firstAckAfter(ctx, paused)
	if err != nil {
		c.Resume(follower)
		return err
	}
	f.FirstWriteAfterPause = append(f.FirstWriteAfterPause, d.Seconds())
	cfg.Logf("follower %s paused: first write acknowledged %.2f s later", c.Node(follower).ID, d.Seconds())
	if err := phase(); err != nil {
		c.Resume(follower)
		return err
	}
	if err := c.Resume(follower); err != nil {
		return err
	}
	return phase()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ledger records what each writer was told.
type ledger struct {
	mu      sync.Mutex
	acked   map[[2]int64]bool
	failed  map[[2]int64]error
	unknown map[[2]int64]error
	maxAck  []atomic.Int64 // per writer, highest acknowledged seq
	lastAck atomic.Int64   // unix nanoseconds of the latest acknowledgement
	stale   atomic.Int64
}

func newLedger(writers int) *ledger {
	return &ledger{acked: map[[2]int64]bool{}, failed: map[[2]int64]error{}, unknown: map[[2]int64]error{},
		maxAck: make([]atomic.Int64, writers)}
}

// writeTimeout bounds one write, which may wait out a leader election and
// the resolution of a lost response.
const writeTimeout = 60 * time.Second

// write appends (w, 1), (w, 2), ... until ctx ends, recording each
// outcome.
func (lg *ledger) write(ctx context.Context, wl Workload, w int64) {
	for seq := int64(1); ctx.Err() == nil; seq++ {
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
		err := wl.Write(wctx, w, seq)
		cancel()
		key := [2]int64{w, seq}
		lg.mu.Lock()
		switch {
		case err == nil:
			lg.acked[key] = true
			lg.maxAck[w].Store(seq)
			lg.lastAck.Store(time.Now().UnixNano())
		case wl.Unknown(err):
			lg.unknown[key] = err
		default:
			lg.failed[key] = err
		}
		lg.mu.Unlock()
		if err != nil {
			sleepCtx(ctx, 10*time.Millisecond)
		}
	}
}

// read checks, writer by writer, that a read returns at least the highest
// seq acknowledged before the read began.
func (lg *ledger) read(ctx context.Context, wl Workload, r, writers int, reads *atomic.Int64) {
	for i := 0; ctx.Err() == nil; i++ {
		w := int64(i % writers)
		floor := lg.maxAck[w].Load()
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
		got, err := wl.Read(rctx, r, w)
		cancel()
		if err != nil {
			sleepCtx(ctx, 10*time.Millisecond)
			continue
		}
		reads.Add(1)
		if got < floor {
			lg.stale.Add(1)
		}
	}
}

// firstAckAfter waits for the first acknowledgement after since.
func (lg *ledger) firstAckAfter(ctx context.Context, since time.Time) (time.Duration, error) {
	for {
		if at := lg.lastAck.Load(); at > since.UnixNano() {
			return time.Unix(0, at).Sub(since), nil
		}
		if err := sleepCtx(ctx, 5*time.Millisecond); err != nil {
			return 0, fmt.Errorf("rqlitetest: no write acknowledged since %v: %w", since.Format(time.TimeOnly), err)
		}
	}
}

// verify compares the ledger table with what the writers were told.
func (lg *ledger) verify(ctx context.Context, wl Workload, f *Figures) error {
	var present map[[2]int64]int64
	var err error
	for try := 0; try < 3; try++ { // the cluster may still be settling after the resume
		if present, err = wl.Count(ctx); err == nil {
			break
		}
		sleepCtx(ctx, time.Second)
	}
	if err != nil {
		return fmt.Errorf("rqlitetest: read the ledger: %w", err)
	}
	for key, n := range present {
		if n != 1 {
			f.Duplicated++
		}
		if !lg.acked[key] && lg.unknown[key] == nil {
			f.FailedPresent++
		}
	}
	var missing []string
	for key := range lg.acked {
		if present[key] == 0 {
			missing = append(missing, fmt.Sprint(key))
		}
	}
	sort.Strings(missing)
	f.Missing = int64(len(missing))
	for key := range lg.unknown {
		if present[key] > 0 {
			f.UnknownApplied++
		}
	}
	f.Acknowledged, f.FailedClean, f.OutcomeUnknown = int64(len(lg.acked)), int64(len(lg.failed)), int64(len(lg.unknown))
	for _, err := range lg.failed {
		f.FirstFailure = err.Error()
		break
	}
	return nil
}
