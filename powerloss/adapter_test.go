package powerloss

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/anysqlite/anysqlite/crashfs"
)

// The adapter's own file operations under power loss: the power goes the
// instant the call returned nil (the worker's report of it), and
// whatever the call promised must be on the disk.

// cutOnce runs the workload of c on a fresh crash-simulating file system
// and cuts the power (dropping everything pending) as soon as the worker
// reports a line of kind freezeOn.
func cutOnce(t *testing.T, c Combination, freezeOn string, quarantine bool) CutResult {
	t.Helper()
	cfg := Config{Drivers: []string{c.Driver}, Dir: t.TempDir()}
	if err := cfg.defaults(); err != nil {
		t.Fatal(err)
	}
	if err := crashfs.Supported(cfg.Dir); err != nil {
		if errors.Is(err, errors.ErrUnsupported) {
			t.Skipf("unsupported here: %v", err)
		}
		t.Fatal(err)
	}
	s, err := newSlot(&cfg, cfg.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	res := s.run(cutSpec{combo: c, mode: crashfs.DropAll, quarantine: quarantine, at: 1 << 40,
		freezeOn: freezeOn, rng: rand.New(rand.NewPCG(1, 1))})
	if res.Failure != "" {
		t.Fatalf("%s: %s", c, res.Failure)
	}
	return res
}

func combosFor(t *testing.T) []Combination {
	var cs []Combination
	for _, d := range Available() {
		cs = append(cs, Combination{d, "WAL", "NORMAL"}, Combination{d, "DELETE", "OFF"})
	}
	if len(cs) == 0 {
		t.Skip("no driver available")
	}
	return cs
}

// TestBackupIsDurable: a Backup that returned nil survives a power cut,
// whole, at every synchronous setting (before the fix, VACUUM INTO's
// output lost its name, or got its rollback journal back, which emptied
// it).
func TestBackupIsDurable(t *testing.T) {
	for _, c := range combosFor(t) {
		res := cutOnce(t, c, lineBackup, false)
		if len(res.Backups) != 1 {
			t.Fatalf("%s: %d backups reported before the cut", c, len(res.Backups))
		}
		if n := res.backupsLost(); n > 0 {
			t.Errorf("%s: the completed backup did not survive the power cut: %s", c, describe(res))
		}
	}
}

// TestQuarantineIsDurable: once Open returned after moving a corrupt
// database aside, a power cut does not bring it back under its name.
func TestQuarantineIsDurable(t *testing.T) {
	for _, c := range combosFor(t) {
		res := cutOnce(t, c, lineOpened, true)
		if res.QLost != "" {
			t.Errorf("%s: %s", c, res.QLost)
		}
	}
}
