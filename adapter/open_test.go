package adapter_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

// Which driver Open picks (Options.Driver, $ANYSQLITE_DRIVER, then the
// first available in Drivers order) is about the process's registry, not about
// one driver: it stays here rather than in the conformance catalogue,
// which runs each case on a driver already chosen.
func TestSelection(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	_, err := adapter.Open(ctx, filepath.Join(dir, "a.db"), &adapter.Options{Driver: "sqlite4"})
	if !errors.Is(err, adapter.ErrUnknownDriver) || !strings.Contains(err.Error(), "modernc") {
		t.Errorf("unknown driver: %v", err)
	}
	eachDriver(t, func(t *testing.T, driver string) {
		if got := openPath(t, filepath.Join(t.TempDir(), "option.db"), driver, nil).Driver().Name; got != driver {
			t.Errorf("Options.Driver %s chose %s", driver, got)
		}
		t.Setenv(adapter.EnvDriver, driver)
		db, err := adapter.Open(ctx, filepath.Join(t.TempDir(), "env.db"), nil)
		must(t, err)
		defer db.Close()
		if db.Driver().Name != driver {
			t.Errorf("$%s=%s chose %s", adapter.EnvDriver, driver, db.Driver().Name)
		}
		info := db.Driver()
		if info.SQLiteVersion == "" || info.Module == "" || info.ModuleVersion == "" || len(info.CompileOpts) == 0 {
			t.Errorf("incomplete info: %+v", info)
		}
	})
	t.Setenv(adapter.EnvDriver, "")
	db, err := adapter.Open(ctx, filepath.Join(dir, "auto.db"), nil)
	must(t, err)
	defer db.Close()
	// auto: the first available driver in Drivers order with FTS5 and
	// the math functions (mattn only with its build tags).
	info := db.Driver()
	if info.Supports(adapter.FeatureFTS5) != nil || info.Supports(adapter.FeatureMath) != nil {
		t.Errorf("auto chose %s, which lacks FTS5 or math: %v", info.Name, info.Features)
	}
	for _, name := range adapter.Drivers() {
		d, err := adapter.Lookup(name)
		if err != nil || d.Info().Unavailable != "" {
			continue
		}
		if name == info.Name {
			break
		}
		f := d.Info().Features
		if f[adapter.FeatureFTS5].OK && f[adapter.FeatureMath].OK {
			t.Errorf("auto chose %s over %s, which comes first in %v and has FTS5 and math", info.Name, name, adapter.Drivers())
		}
	}
}

// Two copies of SQLite on one file in one process are refused; the check
// needs two linked drivers at once, which a per-driver case cannot have.
func TestDriverConflictInOneProcess(t *testing.T) {
	ctx := context.Background()
	var avail []string
	for _, name := range adapter.Drivers() {
		if d, _ := adapter.Lookup(name); d.Info().Unavailable == "" {
			avail = append(avail, name)
		}
	}
	if len(avail) < 2 {
		t.Skipf("needs two available drivers, have %v", avail)
	}
	path := filepath.Join(t.TempDir(), "shared.db")
	first := openPath(t, path, avail[0], nil)
	same := openPath(t, path, avail[0], nil) // the same copy of SQLite twice is fine
	must(t, same.Close())
	link := filepath.Join(t.TempDir(), "link.db")
	must(t, os.Symlink(path, link))
	for _, p := range []string{path, link} {
		_, err := adapter.Open(ctx, p, &adapter.Options{Driver: avail[1]})
		if !errors.Is(err, adapter.ErrDriverConflict) {
			t.Errorf("second driver on %s: %v", p, err)
		}
	}
	must(t, first.Close())
	second := openPath(t, path, avail[1], nil) // after Close it is free
	must(t, second.Close())
}
