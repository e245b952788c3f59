package txn

import (
	"context"
	"errors"
	"sync"
	"time"

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
			var elapsed time.Duration
			err = e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if _, err := values(ctx, tx); err != nil { // take a read snapshot
					return err
				}
				if err := insert(ctx, writer, 1); err != nil {
					return spec.Failf("the other handle could not write beside a WAL reader: %v", err)
				}
				start := time.Now()
				err := insert(ctx, tx, 2)
				elapsed = time.Since(start)
				return err
			})
			if elapsed > prompt {
				return nil, spec.Failf("the stale upgrade took %v: it waited for busy_timeout", elapsed)
			}
			if herr := healthy(ctx, e); herr != nil {
				return nil, herr
			}
			if got, _ := values(ctx, e.DB); len(got) != 1 || got[0] != 1 {
				return nil, spec.Failf("t holds %v, want the other handle's [1] only", got)
			}
			return nil, err
		},
		WantErr: adapter.ErrBusySnapshot,
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
			var elapsed time.Duration
			var release func() error
			err = e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if _, err := values(ctx, tx); err != nil {
					return err
				}
				var err error
				release, err = holdWriteLock(ctx, e, writer, func(w *adapter.Tx) error { return insert(ctx, w, 1) })
				if err != nil {
					return spec.Failf("the other handle could not take the write lock: %v", err)
				}
				start := time.Now()
				err = insert(ctx, tx, 2)
				elapsed = time.Since(start)
				return err
			})
			if release != nil {
				if rerr := release(); rerr != nil {
					return nil, spec.Failf("the other handle's transaction: %v", rerr)
				}
			}
			if elapsed > prompt {
				return nil, spec.Failf("the upgrade took %v: it waited for busy_timeout", elapsed)
			}
			return failWith(ctx, e, err)
		},
		WantErr: adapter.ErrBusy,
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
			var elapsed time.Duration
			writerDone := make(chan error, 1)
			err = e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if _, err := values(ctx, tx); err != nil { // SHARED lock
					return err
				}
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
					writerDone <- err
					return spec.Failf("the other handle could not start writing: %v", err)
				}
				start := time.Now()
				err := insert(ctx, tx, 2)
				elapsed = time.Since(start)
				return err
			})
			if werr := <-writerDone; werr != nil {
				return nil, spec.Failf("the waiting writer failed after the reader gave up: %v", werr)
			}
			if elapsed > prompt {
				return nil, spec.Failf("the upgrade took %v: it waited for busy_timeout", elapsed)
			}
			if got, _ := values(ctx, e.DB); len(got) != 1 || got[0] != 1 {
				return nil, spec.Failf("t holds %v, want the writer's [1] only", got)
			}
			return failWith(ctx, e, err)
		},
		WantErr: adapter.ErrBusy,
	},
	{
		Name:    "DeferredWriteFirstWaitsForWriter",
		Doc:     "a deferred transaction whose first statement writes waits (busy_timeout) for another handle's writer and then succeeds",
		Options: adapter.Options{BusyTimeout: long},
		Setup:   schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return waitForWriter(ctx, e, e.DB.Transaction)
		},
		Want: []int64{1, 2},
	},
	{
		Name:    "ImmediateWaitsForWriter",
		Doc:     "ImmediateTransaction waits (busy_timeout) while another handle writes, then runs after its commit",
		Options: adapter.Options{BusyTimeout: long},
		Setup:   schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return waitForWriter(ctx, e, e.DB.ImmediateTransaction)
		},
		Want: []int64{1, 2},
	},
	{
		Name:    "ImmediateWaitsForWriterInRollbackJournal",
		Doc:     "DELETE mode: ImmediateTransaction waits while another handle writes, then runs after its commit",
		Options: adapter.Options{JournalMode: "DELETE", BusyTimeout: long},
		Setup:   schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return waitForWriter(ctx, e, e.DB.ImmediateTransaction)
		},
		Want: []int64{1, 2},
	},
	{
		Name:    "ImmediateBusyAfterBusyTimeout",
		Doc:     "ImmediateTransaction fails with ErrBusy once busy_timeout (300 ms) passes while another handle keeps writing; fn never runs",
		Options: adapter.Options{BusyTimeout: 300 * time.Millisecond},
		Setup:   schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return busyWhileWriting(ctx, e)
		},
		WantErr: adapter.ErrBusy,
	},
	{
		Name:    "ImmediateBusyAtOnceWithNegativeBusyTimeout",
		Doc:     "with a negative BusyTimeout, ImmediateTransaction fails with ErrBusy at once while another handle writes",
		Options: adapter.Options{BusyTimeout: -1},
		Setup:   schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return busyWhileWriting(ctx, e)
		},
		WantErr: adapter.ErrBusy,
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
		WantErr: adapter.ErrBusy,
	},
	{
		Name:    "ImmediateLetsReadersInRollbackJournal",
		Doc:     "DELETE mode: while an ImmediateTransaction is open (before its commit), another handle reads the last committed state",
		Options: adapter.Options{JournalMode: "DELETE"},
		Setup:   schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return readDuring(ctx, e, e.DB.ImmediateTransaction)
		},
		Want: []any{[]int64{1}, []int64{1, 2}},
	},
	{
		Name:  "ExclusiveLetsReadersInWAL",
		Doc:   "WAL: while an ExclusiveTransaction is open, another handle reads the last committed state without waiting",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return readDuring(ctx, e, e.DB.ExclusiveTransaction)
		},
		Want: []any{[]int64{1}, []int64{1, 2}},
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
			if got, _ := values(ctx, e.DB); len(got) != 1 {
				return nil, spec.Failf("t holds %v, want [1]", got)
			}
			return failWith(ctx, e, writeErr)
		},
		WantErr: adapter.ErrBusy,
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

// waitForWriter has another handle hold the write lock (after inserting
// 1) for a moment, while begin runs a transaction that inserts 2. The
// transaction must wait and then see the other handle's committed row.
func waitForWriter(ctx context.Context, e *spec.Env, begin func(context.Context, func(*adapter.Tx) error) error) (any, error) {
	writer, err := other(ctx, e, adapter.Options{})
	if err != nil {
		return nil, err
	}
	release, err := holdWriteLock(ctx, e, writer, func(w *adapter.Tx) error { return insert(ctx, w, 1) })
	if err != nil {
		return nil, err
	}
	t := time.AfterFunc(300*time.Millisecond, func() { release() })
	defer t.Stop()
	err = begin(ctx, func(tx *adapter.Tx) error {
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
		return nil, spec.Failf("the other handle's transaction: %v", rerr)
	}
	if err != nil {
		return nil, err
	}
	return settle(ctx, e)
}

// busyWhileWriting runs an ImmediateTransaction while another handle holds
// the write lock until it returns; it must fail with ErrBusy without
// calling fn.
func busyWhileWriting(ctx context.Context, e *spec.Env) (any, error) {
	writer, err := other(ctx, e, adapter.Options{})
	if err != nil {
		return nil, err
	}
	release, err := holdWriteLock(ctx, e, writer, func(w *adapter.Tx) error { return insert(ctx, w, 1) })
	if err != nil {
		return nil, err
	}
	called := false
	start := time.Now()
	err = e.DB.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
		called = true
		return insert(ctx, tx, 2)
	})
	elapsed := time.Since(start)
	if rerr := release(); rerr != nil {
		return nil, spec.Failf("the other handle's transaction: %v", rerr)
	}
	if called {
		return nil, spec.Failf("fn ran although BEGIN IMMEDIATE could not get the lock (err %v)", err)
	}
	if elapsed > prompt {
		return nil, spec.Failf("ImmediateTransaction took %v to give up", elapsed)
	}
	if got, _ := values(ctx, e.DB); len(got) != 1 || got[0] != 1 {
		return nil, spec.Failf("t holds %v, want the other handle's [1] only", got)
	}
	return failWith(ctx, e, err)
}

// readDuring runs a transaction with begin that inserts 2, and reads t
// through another handle while it is open; it returns what the reader saw
// during and after the transaction.
func readDuring(ctx context.Context, e *spec.Env, begin func(context.Context, func(*adapter.Tx) error) error) (any, error) {
	reader, err := other(ctx, e, adapter.Options{BusyTimeout: 300 * time.Millisecond})
	if err != nil {
		return nil, err
	}
	var during []int64
	err = begin(ctx, func(tx *adapter.Tx) error {
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
