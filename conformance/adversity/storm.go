package adversity

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// defaultDuration is how long a storm runs when spec.Env.Storm does not
// say: long enough for thousands of calls on every driver, short enough
// for CI.
const defaultDuration = 2 * time.Second

// errPlanned is the error a storm's function returns on purpose (a
// savepoint that fails) and panics with (a savepoint that panics).
var errPlanned = errors.New("adversity: planned failure")

// storm is one run: a database, a ledger, workers making random calls
// until the deadline.
type storm struct {
	db      *adapter.DB
	led     *ledger
	seed    uint64
	until   time.Time
	tx      bool          // the driver has transactions
	txTime  time.Duration // the measured duration of one small transaction
	slowArg int           // makes slowQuery run for about txTime*8
	stmt    *adapter.Stmt // a prepared INSERT shared by all workers
}

// config says what a storm does.
type config struct {
	workers  int
	hogs     int  // goroutines that only burn CPU, so that calls are preempted
	deadline int  // percentage of calls given a deadline near txTime
	ops      []op // the operations a worker picks from, uniformly
	// during, if set, runs beside the workers once, with a random moment
	// in the storm (Close during work).
	during func(ctx context.Context, s *storm, at time.Duration) error
}

// op is one kind of call a worker makes.
type op struct {
	name string
	do   func(ctx context.Context, s *storm, w *worker) error
	// needs is a feature the call needs (transactions), if any: on a
	// driver that lacks it the storm leaves the op out, and says so.
	needs adapter.Feature
}

// worker is one goroutine of a storm, with its own random source.
type worker struct {
	rnd *rand.Rand
}

// seedOf returns the seed of a storm: the configured one, else a fresh one.
func seedOf(e *spec.Env) uint64 {
	if e.Storm.Seed != 0 {
		return e.Storm.Seed
	}
	return rand.Uint64() | 1
}

// durationOf returns how long a storm runs.
func durationOf(e *spec.Env) time.Duration {
	if e.Storm.Duration > 0 {
		return e.Storm.Duration
	}
	return defaultDuration
}

// runStorm prepares db (the case's database, opened with the case's
// options), runs the storm of cfg on it, and checks the ledger, the pool
// and what Close leaves behind. Its error says what failed, with the seed.
func runStorm(ctx context.Context, e *spec.Env, db *adapter.DB, cfg config) (any, error) {
	s := &storm{db: db, led: &ledger{}, seed: seedOf(e), tx: e.Lacks(adapter.FeatureTransactions) == ""}
	cfg.ops = usableOps(e, cfg.ops)
	base := takeBaseline()
	fail := func(problems ...string) error {
		return spec.Failf("seed %d (replay with conform -storm-seed=%d): %s", s.seed, s.seed, strings.Join(problems, "; "))
	}
	if err := s.prepare(ctx); err != nil {
		return nil, fail(err.Error())
	}
	s.until = time.Now().Add(durationOf(e))
	if err := s.run(ctx, cfg); err != nil {
		return nil, fail(err.Error())
	}
	var problems []string
	if err := s.stmt.Close(); err != nil && !errors.Is(err, adapter.ErrClosed) {
		problems = append(problems, "closing the shared statement: "+err.Error())
	}
	if !closed(db) {
		problems = append(problems, poolProblems(ctx, db, s.tx)...)
	}
	problems = append(problems, closeProblems(db, base)...)
	v, err := s.verify(ctx, e)
	if err != nil {
		problems = append(problems, err.Error())
	} else {
		problems = append(problems, s.led.problems(v)...)
	}
	if len(problems) > 0 {
		return nil, fail(problems...)
	}
	e.Note("seed %d, %v: %d calls, %d nil, %d errors (%d interrupted); %d writes: %d lost, %d phantom, %d duplicated; %d with an unknown outcome (%d of them applied)",
		s.seed, durationOf(e), v.Calls, v.Nil, v.Errors, v.Interrupted, v.Writes, v.Lost, v.Phantom, v.Duplicated, v.Unknown, v.UnknownApplied)
	if v.Nil == 0 || v.Errors == 0 && cfg.deadline > 0 {
		return nil, fail(fmt.Sprintf("the storm proved little: %d calls, %d nil, %d errors", v.Calls, v.Nil, v.Errors))
	}
	return "ledger holds", nil
}

// prepare creates the ledger and measures one small transaction (one
// write, on a driver without transactions).
func (s *storm) prepare(ctx context.Context) error {
	if err := s.db.Exec(ctx, ledgerSchema); err != nil {
		return err
	}
	var times []time.Duration
	for range 21 {
		start := time.Now()
		var err error
		if s.tx {
			err = s.db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
				_, err := tx.Run(ctx, "INSERT INTO ledger(unit, pad) VALUES (0, 'measure')")
				return err
			})
		} else {
			_, err = s.db.Run(ctx, "INSERT INTO ledger(unit, pad) VALUES (0, 'measure')")
		}
		if err != nil {
			return fmt.Errorf("measuring a transaction: %w", err)
		}
		times = append(times, time.Since(start))
	}
	if _, err := s.db.Run(ctx, "DELETE FROM ledger"); err != nil {
		return err
	}
	slices.Sort(times)
	s.txTime = max(times[len(times)/2], 20*time.Microsecond)
	s.slowArg = s.calibrateSlow(ctx)
	st, err := s.db.Prepare(ctx, "INSERT INTO ledger(unit, pad) VALUES (?, 'stmt')")
	if err != nil {
		return err
	}
	s.stmt = st
	return nil
}

// slowQuery counts to its argument: a statement that computes for a while
// without touching a table, to be interrupted.
const slowQuery = "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < ?) SELECT x FROM c)"

// calibrateSlow returns the argument that makes slowQuery run for about
// eight small transactions.
func (s *storm) calibrateSlow(ctx context.Context) int {
	const probe = 20000
	start := time.Now()
	var n int
	if err := s.db.Get(ctx, &n, slowQuery, probe); err != nil {
		return probe
	}
	per := time.Since(start) / probe
	if per <= 0 {
		return probe
	}
	return int(min(max(8*s.txTime/per, 1000), 5_000_000))
}

// run runs the workers (and cfg.during) until the storm's deadline.
func (s *storm) run(ctx context.Context, cfg config) error {
	stop := make(chan struct{})
	var hogs sync.WaitGroup
	for range cfg.hogs {
		hogs.Go(func() { burn(stop) })
	}
	defer func() { close(stop); hogs.Wait() }()

	base := rand.New(rand.NewPCG(s.seed, s.seed>>1))
	var wg sync.WaitGroup
	for range cfg.workers {
		w := &worker{rnd: rand.New(rand.NewPCG(base.Uint64(), base.Uint64()))}
		wg.Go(func() {
			for time.Now().Before(s.until) && ctx.Err() == nil {
				o := cfg.ops[w.rnd.IntN(len(cfg.ops))]
				cctx, cancel := s.callContext(ctx, w, cfg.deadline)
				err := o.do(cctx, s, w)
				cancel()
				if errors.Is(err, errStop) || errors.Is(err, adapter.ErrClosed) {
					return
				}
			}
		})
	}
	var duringErr error
	if cfg.during != nil {
		at := time.Duration(base.Int64N(int64(time.Until(s.until)/2))) + time.Until(s.until)/4
		duringErr = cfg.during(ctx, s, at)
	}
	wg.Wait()
	return duringErr
}

// usableOps returns the ops the driver can make, noting those it cannot.
func usableOps(e *spec.Env, ops []op) []op {
	var out []op
	for _, o := range ops {
		if o.needs != "" {
			if lacked := e.Lacks(o.needs); lacked != "" {
				continue // noted by Lacks
			}
		}
		out = append(out, o)
	}
	return out
}

// errStop ends a worker: the database is closed.
var errStop = errors.New("adversity: stop")

// callContext returns the context for one call: with probability pct%
// one with a deadline drawn from [0, 2·txTime], so that it ends on BEGIN,
// on a statement or on COMMIT.
func (s *storm) callContext(ctx context.Context, w *worker, pct int) (context.Context, context.CancelFunc) {
	if w.rnd.IntN(100) >= pct {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, time.Duration(w.rnd.Int64N(int64(2*s.txTime)+1)))
}

// burn keeps a CPU busy until stop is closed.
func burn(stop <-chan struct{}) {
	for n := 0; ; n++ {
		if n%1024 == 0 {
			select {
			case <-stop:
				return
			default:
			}
			runtime.Gosched()
		}
	}
}

// verify reads the ledger through a fresh handle of the same driver after
// the storm's database is closed, so that only committed rows count.
func (s *storm) verify(ctx context.Context, e *spec.Env) (verdict, error) {
	db, err := e.Open(ctx, e.Path, adapter.Options{})
	if err != nil {
		return verdict{}, fmt.Errorf("reopening after the storm: %w", err)
	}
	defer db.Close()
	return s.led.check(ctx, db)
}

// closed reports whether db has been closed.
func closed(db *adapter.DB) bool {
	_, err := db.PragmaValue(context.Background(), "user_version")
	return errors.Is(err, adapter.ErrClosed)
}
