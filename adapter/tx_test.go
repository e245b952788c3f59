package adapter_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

func count(t *testing.T, q adapter.Querier) int {
	t.Helper()
	var n int
	must(t, q.Get(context.Background(), &n, "SELECT count(*) FROM t"))
	return n
}

func TestTransaction(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("boom")
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, "CREATE TABLE t(x UNIQUE)")
		insert := func(tx *adapter.Tx, x int) error {
			_, err := tx.Run(ctx, "INSERT INTO t VALUES (?)", x)
			return err
		}

		t.Run("Commit", func(t *testing.T) {
			must(t, db.Transaction(ctx, func(tx *adapter.Tx) error { return insert(tx, 1) }))
			if count(t, db) != 1 {
				t.Error("not committed")
			}
		})
		t.Run("RollbackOnError", func(t *testing.T) {
			err := db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
				must(t, insert(tx, 2))
				return boom
			})
			if !errors.Is(err, boom) || count(t, db) != 1 {
				t.Errorf("err %v, count %d", err, count(t, db))
			}
		})
		t.Run("RollbackOnPanic", func(t *testing.T) {
			func() {
				defer func() {
					if p := recover(); p != "kaboom" {
						t.Errorf("recovered %v, want the original panic", p)
					}
				}()
				db.Transaction(ctx, func(tx *adapter.Tx) error {
					must(t, insert(tx, 3))
					panic("kaboom")
				})
			}()
			if count(t, db) != 1 {
				t.Error("panic did not roll back")
			}
		})
		t.Run("SavepointRollsBackAlone", func(t *testing.T) {
			must(t, db.ExclusiveTransaction(ctx, func(tx *adapter.Tx) error {
				must(t, insert(tx, 10))
				err := tx.Transaction(ctx, func(sp *adapter.Tx) error {
					must(t, insert(sp, 11))
					return sp.Transaction(ctx, func(sp2 *adapter.Tx) error { return insert(sp2, 12) })
				})
				must(t, err)
				err = tx.Transaction(ctx, func(sp *adapter.Tx) error {
					must(t, insert(sp, 13))
					return insert(sp, 10) // UNIQUE violation
				})
				if !errors.Is(err, adapter.ErrConstraintUnique) {
					t.Errorf("inner error = %v", err)
				}
				return nil
			}))
			var xs []int
			must(t, db.All(ctx, &xs, "SELECT x FROM t WHERE x >= 10 ORDER BY x"))
			if len(xs) != 3 || xs[0] != 10 || xs[2] != 12 {
				t.Errorf("rows %v, want [10 11 12]", xs)
			}
		})
		t.Run("CancelledContextRollsBack", func(t *testing.T) {
			cctx, cancel := context.WithCancel(ctx)
			err := db.Transaction(cctx, func(tx *adapter.Tx) error {
				must(t, insert(tx, 20))
				cancel()
				return nil // even a nil return cannot commit with a dead context
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v", err)
			}
			var n int
			must(t, db.Get(ctx, &n, "SELECT count(*) FROM t WHERE x = 20"))
			if n != 0 {
				t.Error("committed despite the cancelled context")
			}
			// The pool connection is clean: a new transaction works.
			must(t, db.Transaction(ctx, func(tx *adapter.Tx) error { return insert(tx, 21) }))
		})
		t.Run("RawControlStatementsRefused", func(t *testing.T) {
			for _, s := range []string{"BEGIN", "COMMIT", "ROLLBACK", "END TRANSACTION", "SAVEPOINT a", "RELEASE a"} {
				err := db.Transaction(ctx, func(tx *adapter.Tx) error {
					_, err := tx.Run(ctx, s)
					return err
				})
				if !errors.Is(err, adapter.ErrTxControl) {
					t.Errorf("%s inside fn: %v", s, err)
				}
			}
			if _, err := db.Run(ctx, "BEGIN IMMEDIATE"); !errors.Is(err, adapter.ErrTxControl) {
				t.Errorf("BEGIN on the pool: %v", err)
			}
		})
		t.Run("TxUnusableAfterEnd", func(t *testing.T) {
			var saved *adapter.Tx
			must(t, db.Transaction(ctx, func(tx *adapter.Tx) error { saved = tx; return nil }))
			if _, err := saved.Run(ctx, "INSERT INTO t VALUES (99)"); !errors.Is(err, adapter.ErrTxDone) {
				t.Errorf("Run after commit: %v", err)
			}
			if err := saved.Transaction(ctx, func(*adapter.Tx) error { return nil }); !errors.Is(err, adapter.ErrTxDone) {
				t.Errorf("Transaction after commit: %v", err)
			}
		})
		t.Run("PerConnectionPragmaRefusedInTx", func(t *testing.T) {
			err := db.Transaction(ctx, func(tx *adapter.Tx) error {
				_, err := tx.Pragma(ctx, "foreign_keys = OFF")
				return err
			})
			if !errors.Is(err, adapter.ErrPerConnection) {
				t.Errorf("got %v", err)
			}
			must(t, db.Transaction(ctx, func(tx *adapter.Tx) error {
				_, err := tx.Pragma(ctx, "defer_foreign_keys = ON") // per transaction: fine
				return err
			}))
		})
	})
}

// A deferred transaction that read first cannot upgrade to a write after
// another connection wrote: SQLite reports BUSY at once. IMMEDIATE waits.
func TestDeferredUpgradeVersusImmediate(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, "CREATE TABLE t(x)")
		read := make(chan struct{})
		wrote := make(chan struct{})
		errc := make(chan error, 1)
		go func() {
			errc <- db.Transaction(ctx, func(tx *adapter.Tx) error {
				count(t, tx) // take a read snapshot
				close(read)
				<-wrote
				_, err := tx.Run(ctx, "INSERT INTO t VALUES (1)")
				return err
			})
		}()
		<-read
		_, err := db.Run(ctx, "INSERT INTO t VALUES (2)")
		must(t, err)
		close(wrote)
		if err := <-errc; !errors.Is(err, adapter.ErrBusy) {
			t.Errorf("upgrade of a stale read: %v, want ErrBusy (SQLITE_BUSY_SNAPSHOT)", err)
		}

		// IMMEDIATE waits for the writer instead of failing.
		release := make(chan struct{})
		started := make(chan struct{})
		go func() {
			db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
				close(started)
				<-release
				return nil
			})
		}()
		<-started
		go func() { time.Sleep(100 * time.Millisecond); close(release) }()
		must(t, db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
			_, err := tx.Run(ctx, "INSERT INTO t VALUES (3)")
			return err
		}))
	})
}
