package adapter_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

func TestSelection(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	_, err := adapter.Open(ctx, filepath.Join(dir, "a.db"), &adapter.Options{Driver: "sqlite4"})
	if !errors.Is(err, adapter.ErrUnknownDriver) || !strings.Contains(err.Error(), "modernc") {
		t.Errorf("unknown driver: %v", err)
	}
	eachDriver(t, func(t *testing.T, driver string) {
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
	for _, name := range adapter.Priority {
		if d, err := adapter.Lookup(name); err == nil && d.Info().Unavailable == "" {
			if db.Driver().Name != name {
				t.Errorf("auto chose %s, want %s (first available in %v)", db.Driver().Name, name, adapter.Priority)
			}
			break
		}
	}
}

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

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		dir := t.TempDir()
		o := &adapter.Options{Driver: driver}

		_, err := adapter.Open(ctx, filepath.Join(dir, "missing", "x.db"), o)
		if !errors.Is(err, adapter.ErrCantOpen) {
			t.Errorf("missing directory: %v", err)
		}
		text := filepath.Join(dir, "notes.txt")
		must(t, os.WriteFile(text, []byte(strings.Repeat("this is not a database\n", 100)), 0o644))
		_, err = adapter.Open(ctx, text, o)
		if !errors.Is(err, adapter.ErrNotADB) {
			t.Errorf("text file: %v", err)
		}
		before, _ := os.ReadFile(text)
		if string(before) != strings.Repeat("this is not a database\n", 100) {
			t.Error("Open modified a non-SQLite file")
		}
		_, err = adapter.Open(ctx, dir, o)
		if !errors.Is(err, adapter.ErrCantOpen) {
			t.Errorf("directory: %v", err)
		}
		_, err = adapter.Open(ctx, filepath.Join(dir, "absent.db"), &adapter.Options{Driver: driver, ReadOnly: true})
		if !errors.Is(err, adapter.ErrCantOpen) {
			t.Errorf("read-only open of a missing file: %v", err)
		}
	})
}

func TestClosedDB(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		must(t, db.Close())
		must(t, db.Close())
		var n int
		checks := map[string]error{
			"Run":         func() error { _, err := db.Run(ctx, "SELECT 1"); return err }(),
			"Get":         db.Get(ctx, &n, "SELECT 1"),
			"Exec":        db.Exec(ctx, "SELECT 1"),
			"Transaction": db.Transaction(ctx, func(*adapter.Tx) error { return nil }),
			"Pragma":      func() error { _, err := db.Pragma(ctx, "user_version"); return err }(),
			"Checkpoint":  func() error { _, err := db.Checkpoint(ctx, adapter.CheckpointPassive); return err }(),
			"Prepare":     func() error { _, err := db.Prepare(ctx, "SELECT 1"); return err }(),
		}
		for name, err := range checks {
			if !errors.Is(err, adapter.ErrClosed) {
				t.Errorf("%s after Close: %v", name, err)
			}
		}
	})
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		path := filepath.Join(t.TempDir(), "ro.db")
		rw := openPath(t, path, driver, nil)
		exec(t, rw, "CREATE TABLE t(x); INSERT INTO t VALUES (1)")
		must(t, rw.Close())
		ro := openPath(t, path, driver, &adapter.Options{ReadOnly: true})
		if count(t, ro) != 1 {
			t.Error("cannot read")
		}
		_, err := ro.Run(ctx, "INSERT INTO t VALUES (2)")
		if !errors.Is(err, adapter.ErrReadOnly) {
			t.Errorf("write on a read-only database: %v", err)
		}
	})
}

func TestErrorCodes(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, "CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(p REFERENCES p(id), v NOT NULL CHECK (v > 0)); INSERT INTO p VALUES (1)")
		cases := []struct {
			query string
			code  adapter.ExtendedErrorCode
		}{
			{"INSERT INTO p VALUES (1)", adapter.ErrConstraintPrimaryKey},
			{"INSERT INTO c VALUES (2, 1)", adapter.ErrConstraintForeignKey},
			{"INSERT INTO c VALUES (1, NULL)", adapter.ErrConstraintNotNull},
			{"INSERT INTO c VALUES (1, 0)", adapter.ErrConstraintCheck},
			{"SELEC 1", adapter.ExtendedErrorCode(adapter.ErrError)},
			{"SELECT * FROM nope", adapter.ExtendedErrorCode(adapter.ErrError)},
		}
		for _, c := range cases {
			_, err := db.Run(ctx, c.query)
			var se *adapter.Error
			if !errors.As(err, &se) {
				t.Errorf("%s: %v is not an *adapter.Error", c.query, err)
				continue
			}
			if se.ExtendedCode() != c.code || !errors.Is(err, c.code) || !errors.Is(err, c.code.Code()) || se.Driver() != driver {
				t.Errorf("%s: %v: code %v, want %v", c.query, err, se.ExtendedCode(), c.code)
			}
			if strings.Contains(se.Message(), "sqlite3:") || strings.Contains(se.Message(), fmt.Sprintf("(%d)", int(se.ExtendedCode()))) {
				t.Errorf("%s: message keeps driver decoration: %q", c.query, se.Message())
			}
		}
	})
}

func TestContextCancellation(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		t.Run("LongQuery", func(t *testing.T) {
			cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
			defer cancel()
			var n int64
			err := db.Get(cctx, &n, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c")
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("got %v, want DeadlineExceeded", err)
			}
		})
		t.Run("AlreadyCancelled", func(t *testing.T) {
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			_, err := db.Run(cctx, "SELECT 1")
			if !errors.Is(err, context.Canceled) {
				t.Errorf("got %v, want Canceled", err)
			}
		})
		t.Run("WaitingForLock", func(t *testing.T) {
			slow := openPath(t, db.Path(), driver, &adapter.Options{BusyTimeout: time.Minute})
			held := make(chan struct{})
			done := make(chan struct{})
			go db.ImmediateTransaction(ctx, func(*adapter.Tx) error {
				close(held)
				<-done
				return nil
			})
			<-held
			defer close(done)
			cctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := slow.ImmediateTransaction(cctx, func(*adapter.Tx) error { return nil })
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("got %v, want DeadlineExceeded", err)
			}
			if waited := time.Since(start); waited > 20*time.Second {
				t.Errorf("waited %v for a lock despite the context (busy_timeout is 1m)", waited)
			}
		})
	})
}
