package wal

import (
	"context"
	"errors"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// snapshotCases: in WAL mode a read transaction sees one snapshot from its
// first read to its end, readers do not block the writer and the writer
// does not block readers (https://sqlite.org/wal.html#concurrency,
// https://sqlite.org/isolation.html).
func snapshotCases() []spec.Case {
	return []spec.Case{
		{
			Name:  "ReaderKeepsSnapshot",
			Doc:   "inside a transaction a reader keeps seeing the rows of its first read while another connection commits; a new read afterwards sees the new rows",
			Setup: "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				// Another pool connection writes and commits.
				return aroundCommit(ctx, e, e.DB, "INSERT INTO t VALUES (3)")
			},
			Want: []int64{2, 2, 3},
		},
		{
			Name:  "SnapshotAcrossHandles",
			Doc:   "a reader in one handle keeps its snapshot while a second handle on the same file commits; it sees the commit after its transaction",
			Setup: "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				writer, err := e.Open(ctx, e.Path, adapter.Options{})
				if err != nil {
					return nil, err
				}
				return aroundCommit(ctx, e, writer, "DELETE FROM t")
			},
			Want: []int64{2, 2, 0},
		},
		{
			Name:    "ReadersDoNotBlockWriter",
			Doc:     "with busy_timeout off (no waiting), a writer commits while two readers hold open snapshots",
			Options: adapter.Options{BusyTimeout: -1},
			Setup:   "CREATE TABLE t(x); INSERT INTO t VALUES (1)",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				other, err := e.Open(ctx, e.Path, adapter.Options{BusyTimeout: -1})
				if err != nil {
					return nil, err
				}
				for _, db := range []*adapter.DB{e.DB, other} {
					r, err := holdReader(ctx, db)
					if err != nil {
						return nil, err
					}
					defer r.Release()
				}
				if _, err := e.DB.Run(ctx, "INSERT INTO t VALUES (2)"); err != nil {
					return nil, err
				}
				if _, err := other.Run(ctx, "INSERT INTO t VALUES (3)"); err != nil {
					return nil, err
				}
				return count(ctx, e.DB)
			},
			Want: int64(3),
		},
		{
			Name:    "WriterDoesNotBlockReaders",
			Doc:     "with busy_timeout off (no waiting), readers in the same and another handle read the last commit while a writer holds uncommitted changes",
			Options: adapter.Options{BusyTimeout: -1},
			Setup:   "CREATE TABLE t(x); INSERT INTO t VALUES (1)",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				other, err := e.Open(ctx, e.Path, adapter.Options{BusyTimeout: -1})
				if err != nil {
					return nil, err
				}
				w, err := holdWriter(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				defer w.Release()
				same, err := count(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				second, err := count(ctx, other)
				if err != nil {
					return nil, err
				}
				if err := w.Release(); err != nil {
					return nil, err
				}
				after, err := count(ctx, other)
				return []int64{same, second, after}, err
			},
			Want: []int64{1, 1, 2},
		},
		{
			Name:    "StaleSnapshotWriteIsBusySnapshot",
			Doc:     "a deferred transaction that read before another connection committed cannot write: SQLITE_BUSY_SNAPSHOT, without waiting for busy_timeout",
			Options: adapter.Options{BusyTimeout: 30 * time.Second},
			Setup:   "CREATE TABLE t(x); INSERT INTO t VALUES (1)",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				start := time.Now()
				err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
					if _, err := count(ctx, tx); err != nil {
						return err
					}
					if _, err := e.DB.Run(ctx, "INSERT INTO t VALUES (2)"); err != nil {
						return spec.Failf("concurrent commit: %v", err)
					}
					_, err := tx.Run(ctx, "INSERT INTO t VALUES (3)")
					return err
				})
				if err == nil {
					return nil, spec.Failf("write on a stale snapshot succeeded")
				}
				if !errors.Is(err, sqlite.BUSY_SNAPSHOT) {
					return nil, err
				}
				if err := promptly(start, "the stale write"); err != nil {
					return nil, err
				}
				return count(ctx, e.DB)
			},
			Want: int64(2),
		},
	}
}

// aroundCommit counts the rows of t in a transaction on the case's pool,
// runs write through writer between two reads of that transaction, and
// counts once more after the transaction: what the reader saw before,
// during and after another connection's commit.
func aroundCommit(ctx context.Context, e *spec.Env, writer *adapter.DB, write string) ([]int64, error) {
	var seen []int64
	err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
		before, err := count(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := writer.Run(ctx, write); err != nil {
			return err
		}
		during, err := count(ctx, tx)
		seen = append(seen, before, during)
		return err
	})
	if err != nil {
		return nil, err
	}
	after, err := count(ctx, e.DB)
	return append(seen, after), err
}
