package txn

import (
	"context"
	"errors"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/hold"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// readOnlyCases: transactions on a database opened with Options.ReadOnly.
var readOnlyCases = []spec.Case{
	{
		Name:  "ReadOnlyRejectsWriteInTx",
		Doc:   "a write inside a transaction on a read-only handle fails with ErrReadOnly and the file is unchanged",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			ro, err := e.Open(ctx, e.Path, adapter.Options{ReadOnly: true})
			if err != nil {
				return nil, err
			}
			err = ro.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := holds(ctx, tx, 1); err != nil {
					return err
				}
				return insert(ctx, tx, 2)
			})
			return failLeaving(ctx, e, err, 1)
		},
		WantErr: sqlite.READONLY,
	},
	{
		Name:  "ReadOnlyImmediateTransactionRejectsWrites",
		Doc:   "Immediate and ExclusiveTransaction on a read-only handle start (SQLite begins a read transaction on a read-only database) and writes in them fail with ErrReadOnly",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			ro, err := e.Open(ctx, e.Path, adapter.Options{ReadOnly: true})
			if err != nil {
				return nil, err
			}
			for _, begin := range []hold.Begin{ro.ImmediateTransaction, ro.ExclusiveTransaction} {
				called := false
				err = begin(ctx, func(tx *adapter.Tx) error {
					called = true
					return insert(ctx, tx, 1)
				})
				if !called || !errors.Is(err, sqlite.READONLY) {
					return nil, spec.Failf("fn called: %v, error %v; want fn called and ErrReadOnly", called, err)
				}
			}
			return settle(ctx, e)
		},
		Want: []int64{},
	},
	{
		Name:  "ReadOnlyReadTransactionCommits",
		Doc:   "a transaction that only reads commits normally on a read-only handle, and sees a consistent snapshot",
		Setup: schema + "INSERT INTO t VALUES (1), (2);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			ro, err := e.Open(ctx, e.Path, adapter.Options{ReadOnly: true})
			if err != nil {
				return nil, err
			}
			var first, second []int64
			err = ro.Transaction(ctx, func(tx *adapter.Tx) error {
				var err error
				if first, err = values(ctx, tx); err != nil {
					return err
				}
				if err := insert(ctx, e.DB, 3); err != nil { // another handle commits meanwhile
					return err
				}
				second, err = values(ctx, tx)
				return err
			})
			if err != nil {
				return nil, err
			}
			after, err := values(ctx, ro)
			if err != nil {
				return nil, err
			}
			return []any{first, second, after}, healthy(ctx, e)
		},
		Want: []any{[]int64{1, 2}, []int64{1, 2}, []int64{1, 2, 3}},
	},
}
