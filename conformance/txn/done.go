package txn

import (
	"context"
	"errors"
	"slices"

	"github.com/anysqlite/anysqlite/adapter"
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
			if err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error { saved = tx; return insert(ctx, tx, 1) }); err != nil {
				return nil, err
			}
			if wrong := useAfterEnd(ctx, saved); wrong != nil {
				return nil, spec.Failf("not ErrTxDone: %v", wrong)
			}
			return settle(ctx, e)
		},
		Want: []int64{1},
	},
	{
		Name:  "TxDoneAfterRollback",
		Doc:   "every method of a Tx kept after its rollback returns ErrTxDone and changes nothing",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var saved *adapter.Tx
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				saved = tx
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				return errBoom
			})
			if err != errBoom { // unchanged, not merely wrapped
				return nil, spec.Failf("Transaction returned %v, want errBoom", err)
			}
			if wrong := useAfterEnd(ctx, saved); wrong != nil {
				return nil, spec.Failf("not ErrTxDone: %v", wrong)
			}
			return settle(ctx, e)
		},
		Want: []int64{},
	},
	{
		Name:  "SavepointTxDoneAfterRelease",
		Doc:   "a savepoint's Tx returns ErrTxDone once released, while the enclosing transaction goes on",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				var saved *adapter.Tx
				if err := tx.Transaction(ctx, func(sp *adapter.Tx) error { saved = sp; return insert(ctx, sp, 1) }); err != nil {
					return err
				}
				if wrong := useAfterEnd(ctx, saved); wrong != nil {
					return spec.Failf("not ErrTxDone: %v", wrong)
				}
				return insert(ctx, tx, 2)
			})
			if err != nil {
				return nil, err
			}
			return settle(ctx, e)
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
			if err != nil {
				return nil, err
			}
			_, runErr := stmt.Run(ctx, 2)
			if !errors.Is(runErr, adapter.ErrTxDone) {
				return nil, spec.Failf("Stmt.Run after the commit: %v, want ErrTxDone", runErr)
			}
			if err := stmt.Close(); err != nil {
				return nil, spec.Failf("Stmt.Close after the commit: %v", err)
			}
			return settle(ctx, e)
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

// useAfterEnd calls every method of tx and returns those that did not fail
// with ErrTxDone.
func useAfterEnd(ctx context.Context, tx *adapter.Tx) []string {
	var x any
	var xs []any
	_, runErr := tx.Run(ctx, "INSERT INTO t(x) VALUES (99)")
	var iterErr error
	for _, err := range tx.Iterate(ctx, "SELECT x FROM t") {
		iterErr = err
	}
	_, prepErr := tx.Prepare(ctx, "SELECT x FROM t")
	_, pragmaErr := tx.Pragma(ctx, "user_version")
	_, valueErr := tx.PragmaValue(ctx, "user_version")
	var wrong []string
	for name, err := range map[string]error{
		"Run":         runErr,
		"Get":         tx.Get(ctx, &x, "SELECT x FROM t"),
		"All":         tx.All(ctx, &xs, "SELECT x FROM t"),
		"Iterate":     iterErr,
		"Exec":        tx.Exec(ctx, "INSERT INTO t(x) VALUES (98)"),
		"Prepare":     prepErr,
		"Pragma":      pragmaErr,
		"PragmaValue": valueErr,
		"Transaction": tx.Transaction(ctx, func(sp *adapter.Tx) error { return insert(ctx, sp, 97) }),
	} {
		if !errors.Is(err, adapter.ErrTxDone) {
			wrong = append(wrong, name+": "+errString(err))
		}
	}
	slices.Sort(wrong)
	return wrong
}
