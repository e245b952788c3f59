package storage

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/hold"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// movedOutcome is what the moved-file case reports when everything holds.
const movedOutcome = "reads from the old file or ErrFileMoved, never the new one; " +
	"writes, transactions and new connections ErrFileMoved naming the path; the path left alone"

// movedCases: the database file removed, or another file renamed over
// it, while a DB has it open.
var movedCases = []spec.Case{
	{
		Name: "FileMovedWhileOpen",
		Doc: "the database file removed, or another database renamed over it, while a DB with pooled connections has it open, " +
			"DELETE and WAL: the DB never answers from the new file; reads on the connections it holds still see the old one, " +
			"every write, transaction and new connection fails with ErrFileMoved (SQLITE_READONLY_DBMOVED) naming the path, " +
			"and no file is created or changed at the path",
		NotOn: map[string]string{"windows": "a file SQLite has open cannot be removed or renamed over on Windows (it is opened without FILE_SHARE_DELETE)"},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for _, mode := range []string{"DELETE", "WAL"} {
				for _, how := range []string{"removed", "replaced"} {
					got, err := fileMoved(ctx, e, mode, how)
					if err != nil {
						return nil, err
					}
					out[mode+" "+how] = got
				}
			}
			return out, nil
		},
		Want: map[string]string{"DELETE removed": movedOutcome, "DELETE replaced": movedOutcome,
			"WAL removed": movedOutcome, "WAL replaced": movedOutcome},
	},
}

// pooled is how many connections fileMoved keeps in the pool before the
// file moves; pins is how many it then holds at once, so that the pool
// must open new ones.
const pooled, pins = 3, 6

// fileMoved opens a database with rows 1, 2, 3 in journal mode mode and
// pooled connections, removes or replaces its file (the new one holds
// rows 10 to 60) and checks what the DB does.
func fileMoved(ctx context.Context, e *spec.Env, mode, how string) (string, error) {
	dir := filepath.Join(e.Dir, mode+"-"+how)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "x.db")
	db, err := e.Open(ctx, path, adapter.Options{JournalMode: mode})
	if err != nil {
		return "", err
	}
	if err := db.Exec(ctx, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)"); err != nil {
		return "", err
	}
	if err := fillPool(ctx, db); err != nil {
		return "", err
	}
	if err := move(ctx, e, path, how); err != nil {
		return "", err
	}
	before, err := sums(path)
	if err != nil {
		return "", err
	}
	if err := readsOldOrRefused(ctx, db, path); err != nil {
		return "", spec.Failf("%s, file %s: %v", mode, how, err)
	}
	for name, write := range map[string]func() error{
		"Run":         func() error { _, err := db.Run(ctx, "INSERT INTO t VALUES (4)"); return err },
		"Exec":        func() error { return db.Exec(ctx, "INSERT INTO t VALUES (5); INSERT INTO t VALUES (6)") },
		"Transaction": func() error { return db.Transaction(ctx, func(*adapter.Tx) error { return nil }) },
		"SQL().Exec":  func() error { _, err := db.SQL().ExecContext(ctx, "INSERT INTO t VALUES (7)"); return err },
	} {
		if err := refused(write(), path); err != nil {
			return "", spec.Failf("%s, file %s: %s: %v", mode, how, name, err)
		}
	}
	if err := unchanged(path, before); err != nil {
		return "", spec.Failf("%s, file %s: %v", mode, how, err)
	}
	if how == "removed" {
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			return "", spec.Failf("%s, file %s: a file was created at the path", mode, how)
		}
	}
	return movedOutcome, db.Close()
}

// fillPool has the pool hold `pooled` connections, by running as many
// read transactions at once.
func fillPool(ctx context.Context, db *adapter.DB) error {
	var held []*hold.Tx
	defer func() {
		for _, h := range held {
			h.Release()
		}
	}()
	for range pooled {
		h, err := hold.Open(ctx, db.Transaction, func(tx *adapter.Tx) error {
			var n int64
			return tx.Get(ctx, &n, "SELECT count(*) FROM t")
		})
		if err != nil {
			return err
		}
		held = append(held, h)
	}
	return nil
}

// move removes the database file at path, or renames another database
// (rows 10 to 60, written with the case's driver) over it.
func move(ctx context.Context, e *spec.Env, path, how string) error {
	if how == "removed" {
		return os.Remove(path)
	}
	other := filepath.Join(filepath.Dir(path), "other.db")
	o, err := e.Open(ctx, other, adapter.Options{JournalMode: "DELETE"})
	if err != nil {
		return err
	}
	if err := o.Exec(ctx, "CREATE TABLE t(x); INSERT INTO t VALUES (10), (20), (30), (40), (50), (60)"); err != nil {
		return err
	}
	if err := o.Close(); err != nil {
		return err
	}
	return os.Rename(other, path)
}

// readsOldOrRefused holds `pins` queries open at once: each must read the
// old file's rows (on a connection the pool already held) or fail with
// ErrFileMoved (needing a new connection), and both must happen.
func readsOldOrRefused(ctx context.Context, db *adapter.DB, path string) error {
	var old, refusals int
	for range pins {
		next, stop := iter.Pull2(db.Iterate(ctx, "SELECT x FROM t ORDER BY x"))
		defer stop()
		row, err, ok := next()
		switch {
		case !ok:
			return errors.New("a query returned no row")
		case err != nil:
			if rerr := refused(err, path); rerr != nil {
				return rerr
			}
			refusals++
		case fmt.Sprint(row["x"]) != "1":
			return fmt.Errorf("a query read x = %v: the DB answered from the new file", row["x"])
		default:
			old++
		}
	}
	if old == 0 || refusals == 0 {
		return fmt.Errorf("%d queries read the old file and %d were refused, want some of each", old, refusals)
	}
	return nil
}

// refused checks that err is ErrFileMoved, SQLITE_READONLY_DBMOVED,
// naming path.
func refused(err error, path string) error {
	var se *adapter.Error
	switch {
	case err == nil:
		return errors.New("succeeded")
	case !errors.Is(err, adapter.ErrFileMoved) || !errors.As(err, &se) || se.ExtendedCode() != sqlite.READONLY_DBMOVED:
		return fmt.Errorf("%v (%s), want ErrFileMoved", err, kind(err))
	case !strings.Contains(err.Error(), path):
		return fmt.Errorf("%v does not name %s", err, path)
	}
	return nil
}
