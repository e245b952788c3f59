package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// foreignWALCases: a -wal file is not tied to its database by anything
// SQLite can check (its salts only tie its frames to its own header), so
// a -wal copied from another database is replayed as if it belonged.
var foreignWALCases = []spec.Case{
	{
		Name: "ForeignWALIsReplayed",
		Doc: "a -wal from another database placed beside a database is replayed over it, with the same or another page size: " +
			"the database then reads the other database's rows, and its own are gone after the next checkpoint; " +
			"SQLite cannot tell, on any driver (never copy a database without its -wal, or a -wal without its database)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var out []string
			for _, pageSize := range []int{4096, 8192} {
				got, err := foreignWAL(ctx, e, pageSize)
				if err != nil {
					return nil, err
				}
				out = append(out, fmt.Sprintf("page size %d: reads %q", pageSize, got))
			}
			return out, nil
		},
		Want: []string{`page size 4096: reads ["b1" "b2" "b3"]`, `page size 8192: reads ["b1" "b2" "b3"]`},
	},
}

// foreignWAL makes database a (rows a1, a2, checkpointed, no -wal) and
// database b with the given page size (rows b1 to b3 only in its -wal),
// copies b's -wal beside a, and returns what a then reads.
func foreignWAL(ctx context.Context, e *spec.Env, pageSize int) ([]string, error) {
	dir := filepath.Join(e.Dir, fmt.Sprint("foreign", pageSize))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	dba, err := e.Open(ctx, a, adapter.Options{})
	if err != nil {
		return nil, err
	}
	if err := dba.Exec(ctx, "CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('a1'), ('a2')"); err != nil {
		return nil, err
	}
	if err := dba.Close(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(a + "-wal"); !os.IsNotExist(err) {
		return nil, spec.Failf("a.db-wal still exists after Close: %v", err)
	}
	dbb, err := e.Open(ctx, b, adapter.Options{JournalMode: "DELETE"})
	if err != nil {
		return nil, err
	}
	if err := dbb.Exec(ctx, fmt.Sprintf("PRAGMA page_size = %d; VACUUM", pageSize)); err != nil {
		return nil, err
	}
	if err := dbb.Close(); err != nil {
		return nil, err
	}
	dbb, err = e.Open(ctx, b, adapter.Options{JournalMode: "WAL"})
	if err != nil {
		return nil, err
	}
	defer dbb.Close()
	if _, err := dbb.Pragma(ctx, "wal_autocheckpoint = 0"); err != nil {
		return nil, err
	}
	if err := dbb.Exec(ctx, "CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('b1'), ('b2'), ('b3')"); err != nil {
		return nil, err
	}
	wal, err := os.ReadFile(b + "-wal")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(a+"-wal", wal, 0o644); err != nil {
		return nil, err
	}
	dba, err = e.Open(ctx, a, adapter.Options{})
	if err != nil {
		return nil, err
	}
	defer dba.Close()
	var got []string
	err = dba.All(ctx, &got, "SELECT x FROM t ORDER BY x")
	return got, err
}
