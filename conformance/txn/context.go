package txn

import (
	"context"
	"errors"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// contextCases: a cancelled or expired context never commits.
var contextCases = []spec.Case{
	{
		Name:  "CancelInsideFnRollsBack",
		Doc:   "a context cancelled inside fn rolls back even though fn returns nil; the error satisfies errors.Is(err, context.Canceled)",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			err := e.DB.Transaction(cctx, func(tx *adapter.Tx) error {
				if err := insert(cctx, tx, 2); err != nil {
					return err
				}
				cancel()
				return nil
			})
			if got, _ := values(ctx, e.DB); len(got) != 1 {
				return nil, spec.Failf("t holds %v after the cancelled transaction, want [1]", got)
			}
			return failWith(ctx, e, err)
		},
		WantErr: context.Canceled,
	},
	{
		Name:  "DeadlineInsideFnRollsBack",
		Doc:   "a context whose deadline passes inside fn rolls back; the error satisfies errors.Is(err, context.DeadlineExceeded)",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			dctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			defer cancel()
			err := e.DB.ImmediateTransaction(dctx, func(tx *adapter.Tx) error {
				if err := insert(dctx, tx, 2); err != nil {
					return err
				}
				<-dctx.Done()
				return nil
			})
			if got, _ := values(ctx, e.DB); len(got) != 1 {
				return nil, spec.Failf("t holds %v after the expired transaction, want [1]", got)
			}
			return failWith(ctx, e, err)
		},
		WantErr: context.DeadlineExceeded,
	},
	{
		Name:  "CancelledBeforeTransaction",
		Doc:   "Transaction with an already cancelled context fails with context.Canceled without calling fn",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			called := false
			err := e.DB.Transaction(cctx, func(tx *adapter.Tx) error {
				called = true
				return insert(cctx, tx, 1)
			})
			if called {
				return nil, spec.Failf("fn ran with a cancelled context (err %v)", err)
			}
			return failWith(ctx, e, err)
		},
		WantErr: context.Canceled,
	},
	{
		Name:  "StatementWithCancelledContextInsideFn",
		Doc:   "a statement given a cancelled context inside fn fails with context.Canceled; fn returning it rolls back",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			var stmtErr error
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				stmtErr = insert(cctx, tx, 2)
				return stmtErr
			})
			if !errors.Is(stmtErr, context.Canceled) {
				return nil, spec.Failf("statement with a cancelled context: %v, want context.Canceled", stmtErr)
			}
			if got, _ := values(ctx, e.DB); len(got) != 0 {
				return nil, spec.Failf("t holds %v, want []", got)
			}
			return failWith(ctx, e, err)
		},
		WantErr: context.Canceled,
	},
	{
		Name:    "CancelWhileWaitingForLock",
		Doc:     "ImmediateTransaction waiting for another handle's write lock (busy_timeout 60 s) returns promptly with context.Canceled when its context is cancelled",
		Options: adapter.Options{BusyTimeout: long},
		Setup:   schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			writer, err := other(ctx, e, adapter.Options{})
			if err != nil {
				return nil, err
			}
			release, err := holdWriteLock(ctx, e, writer, func(w *adapter.Tx) error { return insert(ctx, w, 1) })
			if err != nil {
				return nil, err
			}
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			t := time.AfterFunc(300*time.Millisecond, cancel)
			defer t.Stop()
			called := false
			start := time.Now()
			err = e.DB.ImmediateTransaction(cctx, func(tx *adapter.Tx) error {
				called = true
				return nil
			})
			elapsed := time.Since(start)
			if rerr := release(); rerr != nil {
				return nil, spec.Failf("the other handle's transaction: %v", rerr)
			}
			if called {
				return nil, spec.Failf("fn ran while another handle held the write lock (err %v)", err)
			}
			if elapsed > prompt {
				return nil, spec.Failf("ImmediateTransaction returned %v after its context was cancelled", elapsed-300*time.Millisecond)
			}
			return failWith(ctx, e, err)
		},
		WantErr: context.Canceled,
	},
	{
		Name:  "CancelInsideSavepoint",
		Doc:   "a context cancelled inside a savepoint's fn fails the savepoint with context.Canceled; returning it rolls back the whole transaction",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			var spErr error
			err := e.DB.Transaction(cctx, func(tx *adapter.Tx) error {
				if err := insert(cctx, tx, 1); err != nil {
					return err
				}
				spErr = tx.Transaction(cctx, func(sp *adapter.Tx) error {
					if err := insert(cctx, sp, 2); err != nil {
						return err
					}
					cancel()
					return nil
				})
				return spErr
			})
			if !errors.Is(spErr, context.Canceled) {
				return nil, spec.Failf("savepoint returned %v, want context.Canceled", spErr)
			}
			if got, _ := values(ctx, e.DB); len(got) != 0 {
				return nil, spec.Failf("t holds %v, want []", got)
			}
			return failWith(ctx, e, err)
		},
		WantErr: context.Canceled,
	},
}
