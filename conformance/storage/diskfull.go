package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/mount"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// diskFullOutcome is what the disk-full case reports when everything
// holds.
const diskFullOutcome = "write SQLITE_FULL (ErrFull), failed transaction left nothing, committed rows intact, " +
	"writes resume on the same DB once space is freed, all there after reopening"

// diskFullCases: a database on a file system that fills up, made for real
// on a 2 MiB tmpfs.
var diskFullCases = []spec.Case{
	{
		Name: "DiskFull",
		Doc: "on a 2 MiB tmpfs that fills up, in DELETE and WAL mode: the failing write is SQLITE_FULL, errors.Is(err, ErrFull), " +
			"a transaction that hits it commits none of its rows, every row committed before reads back intact, " +
			"and once space is freed the same DB writes again, everything there after reopening",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for _, mode := range []string{"DELETE", "WAL"} {
				got, err := diskFull(ctx, e, mode)
				if err != nil {
					return nil, err
				}
				out[mode] = got
			}
			return out, nil
		},
		Want: map[string]string{"DELETE": diskFullOutcome, "WAL": diskFullOutcome},
	},
}

// fillerBytes is the size of the file that diskFull removes to free
// space.
const fillerBytes = 512 << 10

// diskFull fills a fresh tmpfs with rows in journal mode mode, and checks
// the failure and what follows (see the case's Doc).
func diskFull(ctx context.Context, e *spec.Env, mode string) (string, error) {
	dir := filepath.Join(e.Dir, "full-"+mode)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", err
	}
	m, err := mount.Tmpfs(dir, 2<<20)
	if err != nil {
		return "", unsupportedFault(err)
	}
	e.Defer(func() { m.Close() })
	filler := filepath.Join(dir, "filler")
	if err := os.WriteFile(filler, make([]byte, fillerBytes), 0o644); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "x.db")
	db, err := e.Open(ctx, path, adapter.Options{JournalMode: mode})
	if err != nil {
		return "", err
	}
	if err := db.Exec(ctx, "CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB NOT NULL)"); err != nil {
		return "", err
	}
	committed, err := fillUp(ctx, db)
	if err != nil {
		return "", err
	}
	terr := db.Transaction(ctx, func(tx *adapter.Tx) error {
		for range 40 {
			if _, err := tx.Run(ctx, "INSERT INTO t(b) VALUES (randomblob(8000))"); err != nil {
				return err
			}
		}
		return nil
	})
	if !errors.Is(terr, sqlite.FULL) {
		return "", spec.Failf("a 40-row transaction on the full disk: %v, want ErrFull", terr)
	}
	if err := intact(ctx, db, committed); err != nil {
		return "", spec.Failf("on the full disk: %v", err)
	}
	if err := os.Remove(filler); err != nil {
		return "", err
	}
	for i := range 10 {
		if _, err := db.Run(ctx, "INSERT INTO t(b) VALUES (randomblob(8000))"); err != nil {
			return "", spec.Failf("write %d after freeing space: %v", i+1, err)
		}
	}
	if err := intact(ctx, db, committed+10); err != nil {
		return "", spec.Failf("after freeing space: %v", err)
	}
	if err := db.Close(); err != nil {
		return "", err
	}
	db, err = e.Open(ctx, path, adapter.Options{JournalMode: mode})
	if err != nil {
		return "", err
	}
	if err := intact(ctx, db, committed+10); err != nil {
		return "", spec.Failf("after reopening: %v", err)
	}
	return diskFullOutcome, db.Close()
}

// fillUp inserts 8000-byte rows one at a time until a write fails, checks
// that the failure is SQLITE_FULL, and returns how many rows committed.
func fillUp(ctx context.Context, db *adapter.DB) (int64, error) {
	for n := int64(0); n < 1000; n++ {
		_, err := db.Run(ctx, "INSERT INTO t(b) VALUES (randomblob(8000))")
		if err == nil {
			continue
		}
		var se *adapter.Error
		if !errors.As(err, &se) || se.ExtendedCode() != sqlite.ExtendedCode(sqlite.FULL) || !errors.Is(err, sqlite.FULL) {
			return 0, spec.Failf("the write that filled the disk: %v (%s), want SQLITE_FULL", err, kind(err))
		}
		if n == 0 {
			return 0, spec.Failf("not a single row fitted")
		}
		return n, nil
	}
	return 0, spec.Failf("1000 rows of 8000 bytes fitted in 2 MiB")
}

// intact checks that t holds n rows of 8000 bytes and that the database
// passes its integrity check.
func intact(ctx context.Context, db *adapter.DB, n int64) error {
	var got struct {
		N     int64 `db:"n"`
		Bytes int64 `db:"bytes"`
	}
	if err := db.Get(ctx, &got, "SELECT count(*) AS n, coalesce(sum(length(b)), 0) AS bytes FROM t"); err != nil {
		return err
	}
	if got.N != n || got.Bytes != 8000*n {
		return spec.Failf("t holds %d rows of %d bytes in all, want %d rows of 8000", got.N, got.Bytes, n)
	}
	var check string
	if err := db.Get(ctx, &check, "PRAGMA integrity_check"); err != nil {
		return err
	}
	if check != "ok" {
		return spec.Failf("integrity_check: %s", check)
	}
	return nil
}

// unsupportedFault turns the error of making a fault into the case's
// result: unsupported, with the reason, when the fault cannot be made
// here.
func unsupportedFault(err error) error {
	if errors.Is(err, errors.ErrUnsupported) {
		return spec.Unsupportedf("%v", err)
	}
	return err
}
