package stress

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/report"
)

// TestMain makes the test binary a worker when Run starts it as one
// (SelfCommand: "worker" first, EnvWorker set).
func TestMain(m *testing.M) {
	if os.Getenv(EnvWorker) != "" && len(os.Args) > 1 && os.Args[1] == "worker" {
		os.Exit(Worker(context.Background(), os.Args[2:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func testConfig(t *testing.T) Config {
	drivers := Available()
	if len(drivers) == 0 {
		t.Skip("no driver available")
	}
	return Config{Drivers: drivers, Size: CI, Dir: t.TempDir(), Seed: uint64(time.Now().UnixNano())}
}

// The parent must recognise a worker killed by a fault: the SIGBUS of the
// report (a mapped file shrunk by someone else, caught by the Go runtime,
// exit status 2) and a death by an uncaught signal.
func TestDetectsSignalDeaths(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no signals")
	}
	for role, want := range map[string]string{"selftest-sigbus": "SIGBUS", "selftest-sigkill": "SIGKILL"} {
		p, err := start(nil, role0(role), workerSpec{Role: role, Path: filepath.Join(t.TempDir(), "mapped")})
		if err != nil {
			t.Fatal(err)
		}
		p.stdin.Close()
		<-p.done
		if got := p.death(); got != want {
			t.Errorf("%s: death %q, want %q (stderr %q)", role, got, want, firstLines(p.stderr.String(), 4))
		}
	}
}

func role0(name string) role { return role{Role: name} }

func TestRuntimeSignal(t *testing.T) {
	for stderr, want := range map[string]string{
		"unexpected fault address 0x7f\nfatal error: fault\n[signal SIGBUS: bus error code=0x2 addr=0x7f pc=0x4]\n": "SIGBUS",
		"fatal error: unexpected signal during runtime execution\n[signal SIGSEGV: segmentation violation]\n":       "SIGSEGV",
		"SIGSEGV: segmentation violation\nPC=0x0 m=3 sigcode=1\n":                                                   "SIGSEGV",
		"worker: open: database is locked\n":                                                                        "",
	} {
		if got := runtimeSignal(stderr); got != want {
			t.Errorf("runtimeSignal(%q) = %q, want %q", stderr, got, want)
		}
	}
}

// Every concurrent scenario, CI-sized. A scenario listed in knownHazards
// may fail (the failure is the finding, kept in the matrix); any other
// failure fails the test.
func TestScenarios(t *testing.T) {
	cfg := testConfig(t)
	for _, sc := range Scenarios(cfg.Drivers) {
		t.Run(sc.Name, func(t *testing.T) {
			r := RunScenario(context.Background(), cfg, sc)
			t.Logf("%s", r.summary())
			for _, w := range r.Figures.Workers {
				if w.Death != "" || len(w.First) > 0 {
					t.Logf("%s (%s): death %q, errors %v, stderr %s", w.Role, w.Driver, w.Death, w.First, w.Stderr)
				}
			}
			switch {
			case r.Survived && sc.Known != "":
				t.Logf("known hazard did not show this time: %s", sc.Known)
			case !r.Survived && sc.Known != "":
				t.Logf("known hazard: %s", strings.Join(r.Failures, "; "))
			case !r.Survived:
				t.Errorf("failed: %s (violations %v, integrity %q)", strings.Join(r.Failures, "; "), r.Figures.Violations, r.Figures.Integrity)
			}
			if r.Survived && r.Figures.Committed == 0 {
				t.Errorf("survived without committing anything")
			}
		})
	}
}

// The crash loop, CI-sized: at least 100 SIGKILL cycles per driver over
// WAL/DELETE × NORMAL/FULL, reopened through every driver in turn.
func TestCrashLoop(t *testing.T) {
	cfg := testConfig(t)
	cycles := CyclesPerConfig(cfg.Size)
	if n := cycles * len(CrashConfigs("")); n < 100 {
		t.Fatalf("%d crash cycles per driver, want at least 100", n)
	}
	for _, d := range cfg.Drivers {
		for _, cc := range CrashConfigs(d) {
			t.Run(cc.Name(), func(t *testing.T) {
				r := RunCrash(context.Background(), cfg, cc, cycles)
				t.Logf("%s", r.summary())
				if !r.Survived {
					t.Errorf("failed: %s (%s)", strings.Join(r.Failures, "; "), r.Figures.Detail)
				}
				if r.Figures.Cycles != cycles {
					t.Errorf("ran %d cycles, want %d", r.Figures.Cycles, cycles)
				}
				if r.Figures.Committed == 0 {
					t.Errorf("no child ever committed before its kill")
				}
			})
		}
	}
}

// The section is rendered from the JSON results, shows verdicts only, and
// renders the same for runs whose figures differ.
func TestRender(t *testing.T) {
	scs := Scenarios([]string{"mattn", "modernc", "ncruces"})
	res := func(tx float64, fail bool) *Results {
		r := &Results{Figures: RunFigures{Size: CI, Seed: uint64(tx)}}
		for i, sc := range scs {
			sr := ScenarioResult{Scenario: sc, CheckpointModes: sc.CheckpointNames(), Survived: true,
				EffectiveMmap: map[string]int64{"mattn": sc.MmapSize}, Figures: ScenarioFigures{TxPerSecond: tx, Committed: int64(tx) * 5}}
			if fail && i == 3 {
				sr.Survived, sr.Failures = false, []string{"reader (modernc) died of SIGBUS"}
			}
			r.Scenarios = append(r.Scenarios, sr)
		}
		for _, cc := range CrashConfigs("mattn") {
			r.Crash = append(r.Crash, CrashResult{CrashConfig: cc, Reopeners: Reopeners("mattn", []string{"mattn", "modernc", "ncruces"}),
				Survived: true, Figures: CrashFigures{Cycles: int(tx)}})
		}
		return r
	}
	render := func(r *Results) string {
		raw, err := r.JSON()
		if err != nil {
			t.Fatal(err)
		}
		run := &report.Run{Platform: "linux/amd64", Extra: map[string]json.RawMessage{ExtraKey: raw}}
		var b bytes.Buffer
		Render(&b, []*report.Run{run})
		return b.String()
	}
	a, b := render(res(100, false)), render(res(2000, false))
	if a != b {
		t.Errorf("figures changed the section:\n%s\n---\n%s", a, b)
	}
	for _, want := range []string{"## Multi-process and crash", "| mattn→modernc | mattn | modernc | mattn: PASSIVE, FULL, RESTART, TRUNCATE (busy_timeout 1s) | mattn: DELETE + VACUUM | 64MiB | ✅ survived |",
		"| mattn | WAL | NORMAL | mattn, modernc, ncruces | ✅ survived |", "all, journal DELETE"} {
		if !strings.Contains(a, want) {
			t.Errorf("section lacks %q:\n%s", want, a)
		}
	}
	if strings.Contains(a, "2000") || strings.Contains(a, "10000") {
		t.Errorf("section shows figures:\n%s", a)
	}
	f := render(res(100, true))
	if !strings.Contains(f, "❌ failed (1)") || !strings.Contains(f, "1. modernc/mmap=64MiB/checkpoints+shrink: reader (modernc) died of SIGBUS") {
		t.Errorf("failure not shown:\n%s", f)
	}

	// Through the matrix renderer, given Section: the short form in the
	// matrix, the tables in the cases file.
	raw, _ := res(1, false).JSON()
	run := report.NewRun("conform -stress")
	run.Extra = map[string]json.RawMessage{ExtraKey: raw}
	m := &report.Matrix{Runs: []*report.Run{run}, Sections: []report.Section{Section()}}
	var md, cases bytes.Buffer
	if err := m.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteCases(&cases); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "## Multi-process and crash") || !strings.Contains(md.String(), "scenarios of concurrent processes") {
		t.Errorf("the matrix lacks the stress summary:\n%s", md.String())
	}
	if !strings.Contains(cases.String(), "| Scenario | Writers | Readers |") {
		t.Errorf("the cases file lacks the stress tables:\n%s", cases.String())
	}
}

func TestScenarioTable(t *testing.T) {
	drivers := []string{"mattn", "modernc", "ncruces"}
	scs := Scenarios(drivers)
	names := map[string]bool{}
	mixes := map[string]bool{}
	for _, s := range scs {
		if names[s.Name] {
			t.Errorf("duplicate scenario %s", s.Name)
		}
		names[s.Name] = true
		mixes[s.Mix] = true
		for _, size := range []Size{CI, Soak} {
			rs := s.roles(size)
			var w, r int
			used := map[string]bool{}
			for _, x := range rs {
				used[x.Role+" "+x.Driver] = true
				switch x.Role {
				case "writer":
					w++
				case "reader":
					r++
				}
			}
			if w+r < size.Workers || w == 0 || r == 0 {
				t.Errorf("%s/%s: %d writers, %d readers", s.Name, size.Name, w, r)
			}
			for _, d := range s.Writers {
				if !used["writer "+d] {
					t.Errorf("%s/%s: no %s writer", s.Name, size.Name, d)
				}
			}
			for _, d := range s.Readers {
				if !used["reader "+d] {
					t.Errorf("%s/%s: no %s reader", s.Name, size.Name, d)
				}
			}
		}
	}
	// 3 alone + 6 ordered pairs + all, each with mmap off and on.
	if len(mixes) != 10 {
		t.Errorf("%d mixes: %v", len(mixes), mixes)
	}
	for _, d := range drivers {
		for _, mm := range []string{"0", "64MiB"} {
			if !names[d+"/mmap="+mm+"/checkpoints+shrink"] {
				t.Errorf("no scenario %s alone with mmap %s", d, mm)
			}
		}
	}
}

// A PASSIVE checkpoint shrinks the database file too: after a VACUUM (or
// any commit that leaves fewer pages), the checkpoint that copies the
// whole WAL back truncates the file to the new size, whatever its mode.
// What keeps a process that has the file mapped safe is SQLite's WAL
// locking, not the checkpoint mode.
func TestPassiveCheckpointShrinksFile(t *testing.T) {
	ctx := context.Background()
	for _, d := range Available() {
		t.Run(d, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "shrink.db")
			if err := setup(ctx, path, d, ""); err != nil {
				t.Fatal(err)
			}
			db, err := adapter.Open(ctx, path, &adapter.Options{Driver: d, MmapSize: -1, Pragmas: []string{"wal_autocheckpoint = 0"}})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Exec(ctx, "INSERT INTO junk(pad) SELECT randomblob(4096) FROM generate_series(1, 256)"); err != nil {
				// generate_series is not in every build: a recursive CTE instead.
				if err := db.Exec(ctx, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 256) INSERT INTO junk(pad) SELECT randomblob(4096) FROM n"); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Checkpoint(ctx, adapter.CheckpointPassive); err != nil {
				t.Fatal(err)
			}
			grown := fileSize(path)
			if err := db.Exec(ctx, "DELETE FROM junk; VACUUM"); err != nil {
				t.Fatal(err)
			}
			if size := fileSize(path); size != grown {
				t.Fatalf("VACUUM in WAL mode changed the file at once: %d → %d", grown, size)
			}
			r, err := db.Checkpoint(ctx, adapter.CheckpointPassive)
			if err != nil {
				t.Fatal(err)
			}
			shrunk := fileSize(path)
			t.Logf("%s: %d bytes → %d bytes after a PASSIVE checkpoint (%+v)", d, grown, shrunk, r)
			if shrunk >= grown {
				t.Errorf("PASSIVE checkpoint after VACUUM: file %d → %d bytes, expected it to shrink", grown, shrunk)
			}
		})
	}
}

// A FULL, RESTART or TRUNCATE checkpoint takes the write lock, then waits
// (busy handler, up to busy_timeout) until no reader needs the frames it
// wants to copy or the WAL it wants to reset. Readers running transactions
// back to back always hold some read lock, so it waits the whole
// busy_timeout, and every writer of every process waits behind it: with
// the writers' busy_timeout equal to the checkpointer's, a write can fail
// with SQLITE_BUSY. PASSIVE takes no write lock and waits for nobody. This
// measures both on one driver and logs the figures; it asserts nothing
// about them (they depend on the machine), only that nothing is lost.
func TestBlockingCheckpointStallsWriters(t *testing.T) {
	cfg := testConfig(t)
	cfg.Size.Duration = min(cfg.Size.Duration, 3*time.Second)
	d := cfg.Drivers[0]
	one := []string{d}
	for _, mode := range []adapter.CheckpointMode{adapter.CheckpointPassive, adapter.CheckpointTruncate} {
		sc := Scenario{Name: d + "/saturated/" + mode.String(), Mix: d, Writers: one, Readers: one, Checkpointer: d,
			Checkpoints: []adapter.CheckpointMode{mode}, Saturate: true}
		r := RunScenario(context.Background(), cfg, sc)
		t.Logf("%s: %s; SQLITE_BUSY escaped: %d", sc.Name, r.summary(), r.Figures.BusyEscaped)
		for _, f := range r.Failures {
			if !strings.Contains(f, "SQLITE_BUSY") {
				t.Errorf("%s: %s", sc.Name, f)
			}
		}
	}
}
