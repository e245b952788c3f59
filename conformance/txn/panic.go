package txn

import (
	"context"
	"errors"
	"runtime"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// panicValue is a value fn panics with, compared by identity.
type panicValue struct{ msg string }

// catch calls f and returns what it panicked with, or nil.
func catch(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}

// rePanicked runs txn, a transaction whose fn panics with want, and
// checks the transaction panicked again with want itself (not a wrapper)
// before it settles.
func rePanicked(ctx context.Context, e *spec.Env, want any, txn func()) (any, error) {
	if p := catch(txn); p != want {
		return nil, spec.Failf("recovered %v, want the original panic value %v", p, want)
	}
	return settle(ctx, e)
}

// panicCases: a panic or runtime.Goexit in fn rolls back; a panic goes on
// with the same value.
var panicCases = []spec.Case{
	{
		Name:  "RollbackOnPanic",
		Doc:   "a panic in fn rolls back and Transaction re-panics with the same value",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			want := &panicValue{"kaboom"}
			return rePanicked(ctx, e, want, func() {
				e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
					if err := insert(ctx, tx, 2); err != nil {
						return err
					}
					panic(want)
				})
			})
		},
		Want: []int64{1},
	},
	{
		Name:  "RollbackOnPanicWithError",
		Doc:   "a panic with an error value rolls back and re-panics with that same error value, not a wrapper",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return rePanicked(ctx, e, errBoom, func() { // errBoom itself, not a wrapper
				e.DB.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
					if err := insert(ctx, tx, 1); err != nil {
						return err
					}
					panic(errBoom)
				})
			})
		},
		Want: []int64{},
	},
	{
		Name:  "RollbackOnGoexit",
		Doc:   "runtime.Goexit inside fn (as t.FailNow does) rolls back and frees the connection",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			done := make(chan struct{})
			returned := false
			go func() {
				defer close(done)
				e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
					if err := insert(ctx, tx, 2); err != nil {
						return err
					}
					runtime.Goexit()
					return nil
				})
				returned = true
			}()
			<-done
			if returned {
				return nil, spec.Failf("Transaction returned instead of letting Goexit go on")
			}
			return settle(ctx, e)
		},
		Want: []int64{1},
	},
	{
		Name:  "SavepointPanicRollsBackAlone",
		Doc:   "a panic in a savepoint rolls back the savepoint only; the outer fn can recover and commit",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			want := &panicValue{"inner"}
			return committed(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				p := catch(func() {
					tx.Transaction(ctx, func(sp *adapter.Tx) error {
						if err := insert(ctx, sp, 2); err != nil {
							return err
						}
						panic(want)
					})
				})
				if p != any(want) {
					return spec.Failf("recovered %v from the savepoint, want the original panic value", p)
				}
				return insert(ctx, tx, 3)
			}))
		},
		Want: []int64{1, 3},
	},
	{
		Name:  "PanicAfterStatementError",
		Doc:   "a panic after a failed statement still rolls back everything and re-panics",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			want := &panicValue{"after error"}
			return rePanicked(ctx, e, want, func() {
				e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
					if err := insert(ctx, tx, 2); err != nil {
						return err
					}
					if err := insert(ctx, tx, 1); !errors.Is(err, sqlite.CONSTRAINT) {
						return spec.Failf("duplicate insert: %v", err)
					}
					panic(want)
				})
			})
		},
		Want: []int64{1},
	},
}
