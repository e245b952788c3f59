package txn

import (
	"context"
	"errors"
	"slices"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/methods"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// doneCases: a Tx, and a Stmt prepared in it, are unusable once the
// transaction (or savepoint) ended.
var doneCases = []spec.Case{
	{
		Name:  "TxDoneAfterCommit",
		Doc:   "every method of a Tx kept after its commit returns ErrTxDone and changes nothing",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var saved *adapter.Tx
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error { saved = tx; return insert(ctx, tx, 1) })
			if err == nil {
				err = usedAfterEnd(ctx, saved)
			}
			return committed(ctx, e, err)
		},
		Want: []int64{1},
	},
	{
		Name:  "TxDoneAfterRollback",
		Doc:   "every method of a Tx kept after its rollback returns ErrTxDone and changes nothing",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var saved *adapter.Tx
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error { saved = tx; return insertThenFail(ctx, tx, 1) })
			if err == errBoom {
				if uerr := usedAfterEnd(ctx, saved); uerr != nil {
					return nil, uerr
				}
			}
			return rolledBack(ctx, e, err)
		},
		Want: []int64{},
	},
	{
		Name:  "SavepointTxDoneAfterRelease",
		Doc:   "a savepoint's Tx returns ErrTxDone once released, while the enclosing transaction goes on",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return committed(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				var saved *adapter.Tx
				if err := tx.Transaction(ctx, func(sp *adapter.Tx) error { saved = sp; return insert(ctx, sp, 1) }); err != nil {
					return err
				}
				if err := usedAfterEnd(ctx, saved); err != nil {
					return err
				}
				return insert(ctx, tx, 2)
			}))
		},
		Want: []int64{1, 2},
	},
	{
		Name:  "StmtFromTxUnusableAfterCommit",
		Doc:   "a Stmt prepared with tx.Prepare fails with ErrTxDone once the transaction committed, and Close still works",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var stmt *adapter.Stmt
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				var err error
				if stmt, err = tx.Prepare(ctx, "INSERT INTO t(x) VALUES (?)"); err != nil {
					return err
				}
				_, err = stmt.Run(ctx, 1)
				return err
			})
			if err == nil {
				if _, runErr := stmt.Run(ctx, 2); !errors.Is(runErr, adapter.ErrTxDone) {
					return nil, spec.Failf("Stmt.Run after the commit: %v, want ErrTxDone", runErr)
				}
				if err := stmt.Close(); err != nil {
					return nil, spec.Failf("Stmt.Close after the commit: %v", err)
				}
			}
			return committed(ctx, e, err)
		},
		Want: []int64{1},
	},
	{
		Name:  "StmtFromTxUnusableAfterRollback",
		Doc:   "a query Stmt prepared with tx.Prepare fails with ErrTxDone once the transaction rolled back",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var stmt *adapter.Stmt
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				var err error
				if stmt, err = tx.Prepare(ctx, "SELECT count(*) FROM t"); err != nil {
					return err
				}
				return errBoom
			})
			if err != errBoom { // unchanged, not merely wrapped
				return nil, spec.Failf("Transaction returned %v, want errBoom", err)
			}
			defer stmt.Close()
			var n int64
			return failWith(ctx, e, stmt.Get(ctx, &n))
		},
		WantErr: adapter.ErrTxDone,
	},
}

// usedAfterEnd calls every method of tx, each trying to change t, and
// fails the case unless each returns ErrTxDone.
func usedAfterEnd(ctx context.Context, tx *adapter.Tx) error {
	var wrong []string
	for name, err := range methods.Querier(ctx, tx, "t") {
		if !errors.Is(err, adapter.ErrTxDone) {
			wrong = append(wrong, name+": "+errString(err))
		}
	}
	if wrong != nil {
		slices.Sort(wrong)
		return spec.Failf("not ErrTxDone: %v", wrong)
	}
	return nil
}
