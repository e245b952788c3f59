package txn

import (
	"context"
	"errors"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/hold"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// endedInsideFn runs a transaction, started with begin on tctx, whose fn
// inserts 2 into t and then calls end, after which tctx is done, and
// returns nil. The transaction must not commit: t keeps the [1] of the
// Setup. endedInsideFn returns the transaction's error once the pool is
// healthy.
func endedInsideFn(ctx context.Context, e *spec.Env, begin hold.Begin, tctx context.Context, end func()) (any, error) {
	err := begin(tctx, func(tx *adapter.Tx) error {
		if err := insert(tctx, tx, 2); err != nil {
			return err
		}
		end()
		return nil
	})
	return failLeaving(ctx, e, err, 1)
}

// contextCases: a cancelled or expired context never commits.
var contextCases = []spec.Case{
	{
		Name:  "CancelInsideFnRollsBack",
		Doc:   "a context cancelled inside fn rolls back even though fn returns nil; the error satisfies errors.Is(err, context.Canceled)",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			return endedInsideFn(ctx, e, e.DB.Transaction, cctx, cancel)
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
			return endedInsideFn(ctx, e, e.DB.ImmediateTransaction, dctx, func() { <-dctx.Done() })
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
			return failLeaving(ctx, e, err)
		},
		WantErr: context.Canceled,
	},
	{
		Name:    "CancelWhileWaitingForLock",
		Doc:     "ImmediateTransaction waiting for another handle's write lock (busy_timeout 60 s) returns promptly with context.Canceled when its context is cancelled",
		Options: adapter.Options{BusyTimeout: long},
		Setup:   schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			t := time.AfterFunc(300*time.Millisecond, cancel)
			defer t.Stop()
			return lockedOut(ctx, cctx, e)
		},
		WantErr: context.Canceled,
	},
	{
		Name:    "DeadlineWhileWaitingForLock",
		Doc:     "ImmediateTransaction waiting for another handle's write lock (busy_timeout 60 s) returns promptly with context.DeadlineExceeded when its context's deadline passes",
		Options: adapter.Options{BusyTimeout: long},
		Setup:   schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			dctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
			defer cancel()
			return lockedOut(ctx, dctx, e)
		},
		WantErr: context.DeadlineExceeded,
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
			return failLeaving(ctx, e, err)
		},
		WantErr: context.Canceled,
	},
}
