package stress

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"path/filepath"
	"time"
)

// cyclesPerDatabase is how many crash cycles share one database before
// the loop starts a fresh one, so that the checks after each kill (which
// read the whole file) stay fast in a soak.
const cyclesPerDatabase = 10

// RunCrash runs the crash loop of one configuration for the given number
// of cycles. In each cycle a child process opens the database through
// cc.Driver and commits transactions (single rows and batches of up to 20),
// reporting each after COMMIT returned; the parent kills it with SIGKILL
// at a random moment — one time in five within the first 15 ms, while it
// may still be opening or recovering the database — then reopens the
// database through the next driver of Reopeners (the crashing driver
// itself, then each other one in turn), with the same journal mode and
// synchronous setting, and checks that every transaction reported so far
// on this database is there completely, that no transaction is there in
// part, that the balances add up and that integrity_check is ok. One cycle
// in four skips the check, so that the next child recovers the crashed
// database itself (and may be killed doing it); the check after the next
// kill covers both. The first failing cycle ends the loop.
func RunCrash(ctx context.Context, cfg Config, cc CrashConfig, cycles int) (res CrashResult) {
	begin := time.Now()
	res = CrashResult{CrashConfig: cc, Reopeners: Reopeners(cc.Driver, cfg.Drivers)}
	fail := failures{}
	defer func() {
		res.Failures = fail.list()
		res.Survived = len(res.Failures) == 0
		res.Figures.Seconds = time.Since(begin).Seconds()
	}()
	cleanup, err := cfg.prepare()
	if err != nil {
		fail.add("setup: %v", err)
		return res
	}
	defer cleanup()
	dir, err := freshDir(cfg.Dir, "crash_"+safeName(cc.Name()))
	if err != nil {
		fail.add("setup: %v", err)
		return res
	}
	h := fnv.New64a()
	h.Write([]byte(cc.Name()))
	l := &crashLoop{cfg: cfg, cc: cc, dir: dir, reopeners: res.Reopeners, rng: rand.New(rand.NewPCG(cfg.Seed, h.Sum64())),
		f: &res.Figures, fail: fail}
	for i := 0; i < cycles && ctx.Err() == nil; i++ {
		if !l.cycle(ctx, i, i == cycles-1) {
			break
		}
	}
	return res
}

// crashLoop is the state of one RunCrash.
type crashLoop struct {
	cfg       Config
	cc        CrashConfig
	dir       string
	reopeners []string
	rng       *rand.Rand
	f         *CrashFigures
	fail      failures

	// The database of the current cyclesPerDatabase cycles, the
	// transactions reported committed on it (tid → rows), and how many
	// committed unreported the last check found.
	path       string
	reported   map[int64]int
	unreported int64
}

// cycle runs cycle i (last: the loop's last): a fresh database every
// cyclesPerDatabase cycles, a child started and killed, and, most of the
// time, a check of the database. It returns false when the cycle failed,
// which ends the loop.
func (l *crashLoop) cycle(ctx context.Context, i int, last bool) bool {
	if i%cyclesPerDatabase == 0 && !l.newDatabase(ctx, i) {
		return false
	}
	l.f.Cycles++
	spec := workerSpec{Role: "crasher", Driver: l.cc.Driver, Path: l.path, JournalMode: l.cc.JournalMode,
		Synchronous: l.cc.Synchronous, TIDBase: int64(i+1) << 32, Batch: 20, Seed: l.rng.Uint64()}
	p, err := start(l.cfg.Command, role{Role: "crasher", Driver: l.cc.Driver}, spec)
	if err != nil {
		l.fail.add("could not start the child")
		l.f.Detail = err.Error()
		return false
	}
	l.killAtRandom(p)
	l.judgeKill(p)
	if len(l.fail) > 0 {
		l.f.FailedCycle = i + 1
		l.f.Detail = firstLines(p.stderr.String(), 8)
		return false
	}
	// One time in four (never on a database's last cycle) the next child,
	// not the parent, finds the crashed database and recovers it,
	// and may itself be killed while doing so.
	lastOnDatabase := last || (i+1)%cyclesPerDatabase == 0
	if !lastOnDatabase && l.rng.IntN(4) == 0 {
		l.f.ChildRecoveries++
		return true
	}
	return l.check(ctx, i)
}

// newDatabase starts the database of cycle i and the ones after it.
func (l *crashLoop) newDatabase(ctx context.Context, i int) bool {
	l.path = filepath.Join(l.dir, fmt.Sprintf("crash-%d.db", i/cyclesPerDatabase))
	if err := setup(ctx, l.path, l.cc.Driver, l.cc.JournalMode); err != nil {
		l.fail.add("setup failed: %s", codeOf(err))
		l.f.Detail = err.Error()
		return false
	}
	l.reported, l.unreported = map[int64]int{}, 0
	return true
}

// killAtRandom kills the child with SIGKILL at a random moment: one time
// in five within its first 15 ms, while it may still be opening or
// recovering the database; otherwise once it is ready, within
// Size.CrashMaxRun. A child that already ended is not killed (judgeKill
// fails the cycle).
func (l *crashLoop) killAtRandom(p *proc) {
	if early := l.rng.IntN(5) == 0; early {
		time.Sleep(time.Duration(l.rng.Int64N(int64(15 * time.Millisecond))))
	} else {
		select {
		case <-p.ready:
			l.f.MaxReadyMs = max(l.f.MaxReadyMs, time.Since(p.started).Milliseconds())
		case <-time.After(readyTimeout):
			l.fail.add("%s child not ready after %s", l.cc.Driver, readyTimeout)
		}
		time.Sleep(time.Duration(l.rng.Int64N(int64(l.cfg.Size.CrashMaxRun))))
	}
	select {
	case <-p.ready:
	default:
		l.f.EarlyKills++
	}
	select {
	case <-p.done:
	default:
		p.kill()
	}
}

// judgeKill fails the cycle unless the child died of the parent's SIGKILL
// (not of a fault, not on its own), and records the transactions it
// reported committed.
func (l *crashLoop) judgeKill(p *proc) {
	if d := runtimeSignal(p.stderr.String()); d != "" {
		l.fail.add("%s child died of %s", l.cc.Driver, d)
	} else if !p.killed || !killedBySIGKILL(p.exitErr) {
		l.fail.add("%s child ended on its own: %s", l.cc.Driver, p.death())
	}
	for _, c := range p.commits {
		l.reported[c.tid] = c.parts
		if c.parts > 1 {
			l.f.Batches++
		}
	}
	l.f.Committed += int64(len(p.commits))
}

// check reopens the database after cycle i through the next driver of
// Reopeners and checks it against every transaction reported on it.
func (l *crashLoop) check(ctx context.Context, i int) bool {
	reopener := l.reopeners[l.f.Verified%len(l.reopeners)]
	l.f.Verified++
	t0 := time.Now()
	chk, err := verifyDB(ctx, l.path, reopener, l.cc.JournalMode, l.cc.Synchronous, l.reported)
	l.f.MaxCheckMs = max(l.f.MaxCheckMs, time.Since(t0).Milliseconds())
	if err != nil {
		l.fail.add("reopening through %s failed: %s", reopener, codeOf(err))
		l.f.FailedCycle = i + 1
		l.f.Detail = err.Error()
		return false
	}
	l.f.Unreported += chk.Unreported - l.unreported
	l.unreported = chk.Unreported
	chk.addFailures(l.fail, " (reopened through "+reopener+")")
	if len(l.fail) > 0 {
		l.f.FailedCycle = i + 1
		l.f.Detail = fmt.Sprintf("cycle %d: lost %d, partial %d, duplicated %d, integrity %q", i+1, chk.Lost, chk.Partial, chk.Duplicated, chk.Integrity)
		return false
	}
	return true
}
