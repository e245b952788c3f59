package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/mount"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// readOnlyFSCases: an ext4 file system that switches itself to read-only
// under an open database, as after an I/O error with errors=remount-ro.
// SQLite's errors keep their codes; the adapter adds that the file system
// is read-only, with the errno (errors.Is(err, syscall.EROFS)) and the
// path.
var readOnlyFSCases = []spec.Case{
	{
		Name: "ReadOnlyFileSystem",
		Doc: "an ext4 loop device switched read-only under an open database, DELETE and WAL: the next write keeps SQLite's code " +
			"(SQLITE_CANTOPEN for the journal, SQLITE_IOERR_WRITE for the -wal) and says the file system is read-only (EROFS) and names the file; " +
			"reads go on; a reopened database refuses writes the same way, and a new database cannot be created",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for _, mode := range []string{"DELETE", "WAL"} {
				if err := readOnlyFS(ctx, e, mode, out); err != nil {
					return nil, err
				}
			}
			return out, nil
		},
		Want: map[string]string{
			"DELETE: write":              "SQLITE_CANTOPEN, EROFS, names the file",
			"DELETE: reopen, write":      "SQLITE_READONLY, EROFS, names the file",
			"DELETE: create another one": "SQLITE_CANTOPEN, EROFS, names the file",
			"WAL: write":                 "SQLITE_IOERR_WRITE, EROFS, names the file",
			"WAL: reopen, write":         "SQLITE_READONLY, EROFS, names the file",
			"WAL: create another one":    "SQLITE_CANTOPEN, EROFS, names the file",
		},
	},
}

// readOnlyFS makes a database in journal mode mode on a fresh ext4 loop
// device, switches the file system to read-only, and records what writes
// report in out.
func readOnlyFS(ctx context.Context, e *spec.Env, mode string, out map[string]string) error {
	dir := filepath.Join(e.Dir, "ext4-"+mode)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	m, err := mount.Ext4(dir+".img", dir, 16<<20)
	if err != nil {
		return unsupportedFault(err)
	}
	e.Defer(func() { m.Close() })
	path := filepath.Join(dir, "x.db")
	opts := adapter.Options{JournalMode: mode}
	db, err := e.Open(ctx, path, opts)
	if err != nil {
		return err
	}
	if err := db.Exec(ctx, sample); err != nil {
		return err
	}
	if err := m.Fail(); err != nil {
		return unsupportedFault(err)
	}
	_, err = db.Run(ctx, "INSERT INTO t(s) VALUES ('new')")
	out[mode+": write"] = describeStorageError(err, path)
	if err := count(ctx, db, rows); err != nil {
		return spec.Failf("%s: reading after the file system turned read-only: %v", mode, err)
	}
	db.Close()
	db, err = e.Open(ctx, path, opts)
	if err == nil {
		if err = count(ctx, db, rows); err != nil {
			return spec.Failf("%s: reading the reopened database: %v", mode, err)
		}
		_, err = db.Run(ctx, "INSERT INTO t(s) VALUES ('new')")
		db.Close()
		out[mode+": reopen, write"] = describeStorageError(err, path)
	} else {
		out[mode+": reopen, write"] = "Open " + describeStorageError(err, path)
	}
	other := filepath.Join(dir, "other.db")
	_, err = openOutcome(ctx, e, other, opts)
	out[mode+": create another one"] = describeStorageError(err, other)
	return nil
}

// describeStorageError names err's extended code and whether it says the
// file system is read-only (EROFS) and names path.
func describeStorageError(err error, path string) string {
	var se *adapter.Error
	if !errors.As(err, &se) {
		return kind(err)
	}
	s := se.ExtendedCode().String() + erofs(err)
	if strings.Contains(err.Error(), path) {
		s += ", names the file"
	}
	return s
}

// containsAll reports whether s contains every one of subs.
func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
