package txn

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// long is a busy_timeout no case may wait out: an operation that returns
// within prompt did not wait for it.
const long = 60 * time.Second

// lockingCases: what DEFERRED, IMMEDIATE and EXCLUSIVE transactions wait
// for, and what they refuse, under contention from another handle.
var lockingCases = []spec.Case{
	{
		Name:    "DeferredUpgradeAfterOtherWriteFailsWithBusySnapshot",
		Doc:     "WAL: a deferred transaction that read, then another handle committed, fails its first write with SQLITE_BUSY_SNAPSHOT at once, without waiting for busy_timeout",
		Options: adapter.Options{BusyTimeout: long},
		Setup:   schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			writer, err := other(ctx, e, adapter.Options{})
			if err != nil {
				return nil, err
			}
			return upgradeRefused(ctx, e, func() (func() error, error) {
				if err := insert(ctx, writer, 1); err != nil {
					return nil, spec.Failf("the other handle could not write beside a WAL reader: %v", err)
				}
				return nil, nil
			})
		},
		WantErr: sqlite.BUSY_SNAPSHOT,
	},
	{
		Name:    "DeferredUpgradeWhileOtherWritesFailsAtOnce",
		Doc:     "WAL: a deferred transaction that read cannot wait for another handle's write lock: its first write fails with ErrBusy without waiting for busy_timeout",
		Options: adapter.Options{BusyTimeout: long},
		Setup:   schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			writer, err := other(ctx, e, adapter.Options{})
			if err != nil {
				return nil, err
			}
			return upgradeRefused(ctx, e, func() (func() error, error) {
				release, err := holdWriteLock(ctx, e, writer, func(w *adapter.Tx) error { return insert(ctx, w, 1) })
				if err != nil {
					return nil, spec.Failf("the other handle could not take the write lock: %v", err)
				}
				return release, nil
			})
		},
		WantErr: sqlite.BUSY,
	},
	{
		Name:    "DeferredUpgradeDeadlockFailsAtOnceInRollbackJournal",
		Doc:     "DELETE mode: a reader that tries to write while a writer waits for it to finish gets ErrBusy at once (no deadlock), and the writer then commits",
		Options: adapter.Options{JournalMode: "DELETE", BusyTimeout: long},
		Setup:   schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			writer, err := other(ctx, e, adapter.Options{BusyTimeout: long})
			if err != nil {
				return nil, err
			}
			return upgradeRefused(ctx, e, func() (func() error, error) {
				writerDone := make(chan error, 1)
				reserved := make(chan struct{})
				go func() {
					writerDone <- writer.ImmediateTransaction(ctx, func(w *adapter.Tx) error {
						err := insert(ctx, w, 1)
						close(reserved)
						return err // COMMIT then waits for this reader
					})
				}()
				select {
				case <-reserved:
				case err := <-writerDone:
					return nil, spec.Failf("the other handle could not start writing: %v", err)
				}
				return func() error {
					if werr := <-writerDone; werr != nil {
						return spec.Failf("the waiting writer failed after the reader gave up: %v", werr)
					}
					return nil
				}, nil
			})
		},
		WantErr: sqlite.BUSY,
	},
	{
		Name:    "DeferredWriteFirstWaitsForWriter",
		Doc:     "a deferred transaction whose first statement writes waits (busy_timeout) for another handle's writer and then succeeds",
		Options: adapter.Options{BusyTimeout: long},
		Setup:   schema,
		Action:  waitsForWriter((*adapter.DB).Transaction),
		Want:    []int64{1, 2},
	},
	{
		Name:    "ImmediateWaitsForWriter",
		Doc:     "ImmediateTransaction waits (busy_timeout) while another handle writes, then runs after its commit",
		Options: adapter.Options{BusyTimeout: long},
		Setup:   schema,
		Action:  waitsForWriter((*adapter.DB).ImmediateTransaction),
		Want:    []int64{1, 2},
	},
	{
		Name:    "ImmediateWaitsForWriterInRollbackJournal",
		Doc:     "DELETE mode: ImmediateTransaction waits while another handle writes, then runs after its commit",
		Options: adapter.Options{JournalMode: "DELETE", BusyTimeout: long},
		Setup:   schema,
		Action:  waitsForWriter((*adapter.DB).ImmediateTransaction),
		Want:    []int64{1, 2},
	},
	{
		Name:    "ImmediateBusyAfterBusyTimeout",
		Doc:     "ImmediateTransaction fails with ErrBusy once busy_timeout (300 ms) passes while another handle keeps writing; fn never runs",
		Options: adapter.Options{BusyTimeout: 300 * time.Millisecond},
		Setup:   schema,
		Action:  immediateLockedOut,
		WantErr: sqlite.BUSY,
	},
	{
		Name:    "ImmediateBusyAtOnceWithNegativeBusyTimeout",
		Doc:     "with a negative BusyTimeout, ImmediateTransaction fails with ErrBusy at once while another handle writes",
		Options: adapter.Options{BusyTimeout: -1},
		Setup:   schema,
		Action:  immediateLockedOut,
		WantErr: sqlite.BUSY,
	},
	{
		Name:    "ExclusiveKeepsReadersOutInRollbackJournal",
		Doc:     "DELETE mode: while an ExclusiveTransaction is open, a read on another handle fails with ErrBusy after its busy_timeout",
		Options: adapter.Options{JournalMode: "DELETE"},
		Setup:   schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			reader, err := other(ctx, e, adapter.Options{BusyTimeout: 300 * time.Millisecond})
			if err != nil {
				return nil, err
			}
			var readErr error
			var elapsed time.Duration
			err = e.DB.ExclusiveTransaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				start := time.Now()
				_, readErr = values(ctx, reader)
				elapsed = time.Since(start)
				return nil
			})
			if err != nil {
				return nil, err
			}
			if elapsed > prompt {
				return nil, spec.Failf("the blocked read took %v with a 300 ms busy_timeout", elapsed)
			}
			if got, err := values(ctx, reader); err != nil || len(got) != 1 {
				return nil, spec.Failf("after the commit the reader gets %v, %v; want [1]", got, err)
			}
			return failWith(ctx, e, readErr)
		},
		WantErr: sqlite.BUSY,
	},
	{
		Name:    "ImmediateLetsReadersInRollbackJournal",
		Doc:     "DELETE mode: while an ImmediateTransaction is open (before its commit), another handle reads the last committed state",
		Options: adapter.Options{JournalMode: "DELETE"},
		Setup:   schema + "INSERT INTO t VALUES (1);",
		Action:  readsDuring((*adapter.DB).ImmediateTransaction),
		Want:    []any{[]int64{1}, []int64{1, 2}},
	},
	{
		Name:   "ExclusiveLetsReadersInWAL",
		Doc:    "WAL: while an ExclusiveTransaction is open, another handle reads the last committed state without waiting",
		Setup:  schema + "INSERT INTO t VALUES (1);",
		Action: readsDuring((*adapter.DB).ExclusiveTransaction),
		Want:   []any{[]int64{1}, []int64{1, 2}},
	},
	{
		Name:    "ExclusiveKeepsWritersOutInWAL",
		Doc:     "WAL: while an ExclusiveTransaction is open, a write on another handle fails with ErrBusy after its busy_timeout",
		Setup:   schema,
		Options: adapter.Options{},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			w, err := other(ctx, e, adapter.Options{BusyTimeout: 300 * time.Millisecond})
			if err != nil {
				return nil, err
			}
			var writeErr error
			err = e.DB.ExclusiveTransaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				writeErr = insert(ctx, w, 2)
				return nil
			})
			if err != nil {
				return nil, err
			}
			return failLeaving(ctx, e, writeErr, 1)
		},
		WantErr: sqlite.BUSY,
	},
	{
		Name:    "ImmediateTransactionsSerializeWriters",
		Doc:     "8 concurrent read-modify-write ImmediateTransactions on one pool all succeed and lose no update",
		Options: adapter.Options{BusyTimeout: long},
		Setup:   "CREATE TABLE counter(n INTEGER NOT NULL); INSERT INTO counter VALUES (0);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			const workers = 8
			var wg sync.WaitGroup
			errs := make([]error, workers)
			for i := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = e.DB.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
						var n int64
						if err := tx.Get(ctx, &n, "SELECT n FROM counter"); err != nil {
							return err
						}
						_, err := tx.Run(ctx, "UPDATE counter SET n = ?", n+1)
						return err
					})
				}()
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				return nil, err
			}
			var n int64
			err := e.DB.Get(ctx, &n, "SELECT n FROM counter")
			return n, err
		},
		Want: int64(8),
	},
}

// upgradeRefused runs a deferred transaction on the case's pool that reads
// t (taking a WAL snapshot, or a SHARED lock in DELETE mode), then calls
// meanwhile, in which another handle writes 1 into t, then tries to insert
// 2. That write must fail within prompt, without waiting for busy_timeout.
// Once the done function meanwhile returned (if any) has let the other
// handle finish, t must hold its [1] only; upgradeRefused returns the
// write's error when the pool is healthy.
func upgradeRefused(ctx context.Context, e *spec.Env, meanwhile func() (done func() error, err error)) (any, error) {
	var elapsed time.Duration
	var done func() error
	err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
		if _, err := values(ctx, tx); err != nil {
			return err
		}
		var err error
		if done, err = meanwhile(); err != nil {
			return err
		}
		start := time.Now()
		err = insert(ctx, tx, 2)
		elapsed = time.Since(start)
		return err
	})
	if done != nil {
		if derr := done(); derr != nil {
			return nil, derr
		}
	}
	if spec.IsFailure(err) {
		return nil, err
	}
	if elapsed > prompt {
		return nil, spec.Failf("the upgrade took %v: it waited for busy_timeout", elapsed)
	}
	return failLeaving(ctx, e, err, 1)
}

// waitsForWriter returns an Action that has another handle hold the write
// lock (after inserting 1) for a moment, while begin runs a transaction
// that inserts 2. The transaction must wait and then see the other
// handle's committed row.
func waitsForWriter(begin begin) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		release, err := otherWriter(ctx, e)
		if err != nil {
			return nil, err
		}
		t := time.AfterFunc(300*time.Millisecond, func() { release() })
		defer t.Stop()
		err = begin(e.DB, ctx, func(tx *adapter.Tx) error {
			if err := insert(ctx, tx, 2); err != nil {
				return err
			}
			got, err := values(ctx, tx)
			if err != nil {
				return err
			}
			if len(got) != 2 {
				return spec.Failf("the transaction sees %v: it did not wait for the other writer's commit", got)
			}
			return nil
		})
		if rerr := release(); rerr != nil {
			return nil, rerr
		}
		return committed(ctx, e, err)
	}
}

// immediateLockedOut is lockedOut with the case's context.
func immediateLockedOut(ctx context.Context, e *spec.Env) (any, error) { return lockedOut(ctx, ctx, e) }

// lockedOut runs an ImmediateTransaction on the case's pool, with the
// context try, while another handle holds the write lock (see
// otherWriter) until the attempt returns. The attempt must give up within
// prompt without calling fn, and t must then hold the other handle's [1]
// only; it returns the attempt's error once the pool is healthy.
func lockedOut(ctx, try context.Context, e *spec.Env) (any, error) {
	release, err := otherWriter(ctx, e)
	if err != nil {
		return nil, err
	}
	called := false
	start := time.Now()
	err = e.DB.ImmediateTransaction(try, func(tx *adapter.Tx) error {
		called = true
		return insert(ctx, tx, 2)
	})
	elapsed := time.Since(start)
	if rerr := release(); rerr != nil {
		return nil, rerr
	}
	if called {
		return nil, spec.Failf("fn ran although BEGIN IMMEDIATE could not get the lock (err %v)", err)
	}
	if elapsed > prompt {
		return nil, spec.Failf("ImmediateTransaction took %v to give up", elapsed)
	}
	return failLeaving(ctx, e, err, 1)
}

// readsDuring returns an Action that runs a transaction with begin that
// inserts 2, and reads t through another handle while it is open; it
// returns what the reader saw during and after the transaction.
func readsDuring(begin begin) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		reader, err := other(ctx, e, adapter.Options{BusyTimeout: 300 * time.Millisecond})
		if err != nil {
			return nil, err
		}
		var during []int64
		err = begin(e.DB, ctx, func(tx *adapter.Tx) error {
			if err := insert(ctx, tx, 2); err != nil {
				return err
			}
			var err error
			during, err = values(ctx, reader)
			if err != nil {
				return spec.Failf("a read on another handle failed during the transaction: %v", err)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		after, err := values(ctx, reader)
		if err != nil {
			return nil, err
		}
		if err := healthy(ctx, e); err != nil {
			return nil, err
		}
		return []any{during, after}, nil
	}
}
