package adapter_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/adapter/drivertest"
)

// Read-only files and directories, where the operating system enforces the
// mode: root is not bound by it, so as root the test runs itself again as
// the user nobody (through setpriv). The conformance suite's Storage cases
// check what holds for root and non-root alike.
//
// Each situation must give the same outcome on every driver: the outcome
// of C SQLite's unix VFS, which falls back to a read-only descriptor when
// the file cannot be opened for writing, and needs to create the -shm of
// a WAL database even to read it.
func TestReadOnlyStorageUnprivileged(t *testing.T) {
	if !drivertest.AsUnprivileged(t) {
		return
	}
	want := map[string]string{
		"file 0444, DELETE db, ReadOnly":   "reads, write SQLITE_READONLY, bytes kept",
		"file 0444, DELETE db, read-write": "Open SQLITE_READONLY, bytes kept",
		"file 0444, WAL db, ReadOnly":      "reads, write SQLITE_READONLY, bytes kept",
		"file 0444, WAL db, read-write":    "reads, write SQLITE_READONLY, bytes kept",
		"dir 0555, DELETE db, ReadOnly":    "reads, write SQLITE_READONLY, bytes kept",
		"dir 0555, DELETE db, read-write":  "Open SQLITE_READONLY, bytes kept",
		"dir 0555, WAL db, ReadOnly":       "Open SQLITE_READONLY, bytes kept",
		"dir 0555, WAL db, read-write":     "Open SQLITE_READONLY, bytes kept",
	}
	eachDriver(t, func(t *testing.T, driver string) {
		for _, sit := range []string{"file 0444", "dir 0555"} {
			for _, mode := range []string{"DELETE", "WAL"} {
				for _, ro := range []bool{true, false} {
					name := sit + ", " + mode + " db, " + map[bool]string{true: "ReadOnly", false: "read-write"}[ro]
					got := readOnlyOutcome(t, driver, sit == "dir 0555", mode, ro)
					if got != want[name] {
						t.Errorf("%s: %s, want %s", name, got, want[name])
					}
				}
			}
		}
	})
}

// readOnlyOutcome makes a database with one row in journal mode, makes
// the file (or its directory) read-only, opens it and tries a read and a
// write, and describes what happened.
func readOnlyOutcome(t *testing.T, driver string, dirMode bool, mode string, readOnly bool) string {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "d")
	must(t, os.Mkdir(dir, 0o755))
	path := filepath.Join(dir, "x.db")
	db := openPath(t, path, driver, &adapter.Options{JournalMode: mode})
	exec(t, db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)")
	must(t, db.Close())
	if dirMode {
		must(t, os.Chmod(dir, 0o555))
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
	} else {
		must(t, os.Chmod(path, 0o444))
	}
	before, err := os.ReadFile(path)
	must(t, err)
	kept := func(outcome string) string {
		after, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(before, after) {
			return outcome + ", file changed"
		}
		return outcome + ", bytes kept"
	}
	db, err = adapter.Open(ctx, path, &adapter.Options{Driver: driver, ReadOnly: readOnly})
	if err != nil {
		return kept("Open " + codeName(err))
	}
	var n int64
	err = db.Get(ctx, &n, "SELECT count(*) FROM t")
	if err != nil || n != 1 {
		db.Close()
		return kept("read " + codeName(err))
	}
	_, err = db.Run(ctx, "INSERT INTO t VALUES (2)")
	db.Close()
	return kept("reads, write " + codeName(err))
}

// codeName names an error by its SQLite primary code.
func codeName(err error) string {
	var se *adapter.Error
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &se):
		return se.Code().String()
	}
	return "untyped error: " + err.Error()
}
