package stress

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
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
	reopeners := Reopeners(cc.Driver, cfg.Drivers)
	res = CrashResult{CrashConfig: cc, Reopeners: reopeners}
	fail := failures{}
	f := &res.Figures
	defer func() {
		res.Failures = fail.list()
		res.Survived = len(res.Failures) == 0
		f.Seconds = time.Since(begin).Seconds()
	}()
	cleanup, err := cfg.prepare()
	if err != nil {
		fail.add("setup: %v", err)
		return res
	}
	defer cleanup()
	dir := filepath.Join(cfg.Dir, "crash_"+safeName(cc.Name()))
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail.add("setup: %v", err)
		return res
	}
	h := fnv.New64a()
	h.Write([]byte(cc.Name()))
	rng := rand.New(rand.NewPCG(cfg.Seed, h.Sum64()))

	var path string
	var reported map[int64]int
	var unreported int64
	for i := 0; i < cycles && ctx.Err() == nil; i++ {
		if i%cyclesPerDatabase == 0 {
			path = filepath.Join(dir, fmt.Sprintf("crash-%d.db", i/cyclesPerDatabase))
			if err := setup(ctx, path, cc.Driver, cc.JournalMode); err != nil {
				fail.add("setup failed: %s", codeOf(err))
				f.Detail = err.Error()
				return res
			}
			reported, unreported = map[int64]int{}, 0
		}
		f.Cycles++
		a := workerArgs{role: "crasher", driver: cc.Driver, path: path, journal: cc.JournalMode, synchronous: cc.Synchronous,
			tidBase: int64(i+1) << 32, batch: 20, seed: rng.Uint64()}
		p, err := start(cfg.Command, role{Role: "crasher", Driver: cc.Driver}, a)
		if err != nil {
			fail.add("could not start the child")
			f.Detail = err.Error()
			return res
		}
		early := rng.IntN(5) == 0
		if early {
			time.Sleep(time.Duration(rng.Int64N(int64(15 * time.Millisecond))))
		} else {
			select {
			case <-p.ready:
				f.MaxReadyMs = max(f.MaxReadyMs, time.Since(p.started).Milliseconds())
			case <-time.After(readyTimeout):
				fail.add("%s child not ready after %s", cc.Driver, readyTimeout)
			}
			time.Sleep(time.Duration(rng.Int64N(int64(cfg.Size.CrashMaxRun))))
		}
		var wasReady bool
		select {
		case <-p.ready:
			wasReady = true
		default:
		}
		// Only a process that is still running is killed; one that
		// already ended did so on its own, which is a failure.
		var endedAlone bool
		select {
		case <-p.done:
			endedAlone = true
		default:
			p.kill()
		}
		if !wasReady {
			f.EarlyKills++
		}
		if d := runtimeSignal(p.stderr.String()); d != "" {
			fail.add("%s child died of %s", cc.Driver, d)
		} else if endedAlone || !killedBySIGKILL(p.exitErr) {
			fail.add("%s child ended on its own: %s", cc.Driver, p.death())
		}
		for _, c := range p.commits {
			reported[c.tid] = c.parts
			if c.parts > 1 {
				f.Batches++
			}
		}
		f.Committed += int64(len(p.commits))
		if len(fail) > 0 {
			f.FailedCycle = i + 1
			f.Detail = firstLines(p.stderr.String(), 8)
			return res
		}

		// One time in four (never on a database's last cycle) the next child,
		// not the parent, finds the crashed database and recovers it,
		// and may itself be killed while doing so.
		last := i == cycles-1 || (i+1)%cyclesPerDatabase == 0
		if !last && rng.IntN(4) == 0 {
			f.ChildRecoveries++
			continue
		}
		reopener := reopeners[f.Verified%len(reopeners)]
		f.Verified++
		t0 := time.Now()
		chk, err := verifyDB(ctx, path, reopener, cc.JournalMode, cc.Synchronous, reported)
		f.MaxCheckMs = max(f.MaxCheckMs, time.Since(t0).Milliseconds())
		if err != nil {
			fail.add("reopening through %s failed: %s", reopener, codeOf(err))
			f.FailedCycle = i + 1
			f.Detail = err.Error()
			return res
		}
		f.Unreported += chk.Unreported - unreported
		unreported = chk.Unreported
		chk.addFailures(fail, " (reopened through "+reopener+")")
		if len(fail) > 0 {
			f.FailedCycle = i + 1
			f.Detail = fmt.Sprintf("cycle %d: lost %d, partial %d, duplicated %d, integrity %q", i+1, chk.Lost, chk.Partial, chk.Duplicated, chk.Integrity)
			return res
		}
	}
	return res
}
