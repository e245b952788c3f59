package txn

import (
	"context"
	"errors"
	"slices"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// rawControl lists transaction control statements the adapter refuses,
// by the case name they give.
var rawControl = []struct{ name, sql string }{
	{"Begin", "BEGIN"},
	{"BeginImmediate", "BEGIN IMMEDIATE TRANSACTION"},
	{"Commit", "COMMIT"},
	{"End", "END"},
	{"Rollback", "ROLLBACK"},
	{"RollbackTo", "ROLLBACK TO sp"},
	{"Savepoint", "SAVEPOINT sp"},
	{"Release", "RELEASE sp"},
}

// controlCases: BEGIN, COMMIT and the like are refused with ErrTxControl,
// inside fn and outside, and the transaction still ends as fn says.
var controlCases = append(rawControlCases(), []spec.Case{
	{
		Name:    "RawControlRefusedOnPool",
		Doc:     "BEGIN run on the pool, outside any transaction, is refused with ErrTxControl",
		Setup:   schema,
		Query:   "BEGIN",
		WantErr: adapter.ErrTxControl,
	},
	{
		Name:    "RawControlRecognisedDespiteCaseAndComments",
		Doc:     "a lower-case COMMIT after a comment is still recognised and refused with ErrTxControl",
		Setup:   schema,
		Query:   "/* done */ -- really\n  commit transaction",
		WantErr: adapter.ErrTxControl,
	},
	{
		Name:  "RawControlInScriptRefusedBeforeRunning",
		Doc:   "tx.Exec of a script holding COMMIT is refused with ErrTxControl before any statement of it runs; the transaction then commits normally",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return committed(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				err := tx.Exec(ctx, "INSERT INTO t VALUES (2); COMMIT; INSERT INTO t VALUES (3)")
				if !errors.Is(err, adapter.ErrTxControl) {
					return spec.Failf("script with COMMIT: %v, want ErrTxControl", err)
				}
				return insert(ctx, tx, 4)
			}))
		},
		Want: []int64{1, 4},
	},
	{
		Name:  "RawControlRefusedByEveryMethod",
		Doc:   "Run, Get, All, Iterate, Exec and Prepare of a Tx all refuse ROLLBACK with ErrTxControl, and the transaction commits afterwards",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var wrong []string
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				var x any
				var xs []any
				_, runErr := tx.Run(ctx, "ROLLBACK")
				var iterErr error
				for _, err := range tx.Iterate(ctx, "ROLLBACK") {
					iterErr = err
				}
				_, prepErr := tx.Prepare(ctx, "ROLLBACK")
				for name, err := range map[string]error{
					"Run":     runErr,
					"Get":     tx.Get(ctx, &x, "ROLLBACK"),
					"All":     tx.All(ctx, &xs, "ROLLBACK"),
					"Iterate": iterErr,
					"Exec":    tx.Exec(ctx, "ROLLBACK"),
					"Prepare": prepErr,
				} {
					if !errors.Is(err, adapter.ErrTxControl) {
						wrong = append(wrong, name+": "+errString(err))
					}
				}
				return insert(ctx, tx, 2)
			})
			if err == nil && wrong != nil {
				slices.Sort(wrong)
				return nil, spec.Failf("not refused with ErrTxControl: %v", wrong)
			}
			return committed(ctx, e, err)
		},
		Want: []int64{1, 2},
	},
}...)

// rawControlCases makes one case per statement of rawControl: refused
// inside fn, after which the transaction commits (fn ignores the error)
// or rolls back (fn returns it) exactly as fn says.
func rawControlCases() []spec.Case {
	var cases []spec.Case
	for _, rc := range rawControl {
		cases = append(cases, spec.Case{
			Name:  "Raw" + rc.name + "RefusedInTx",
			Doc:   rc.sql + " inside fn fails with ErrTxControl; the transaction still commits or rolls back as fn decides",
			Setup: schema,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				// Commit path: fn ignores the refusal.
				err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
					if err := insert(ctx, tx, 1); err != nil {
						return err
					}
					if _, err := tx.Run(ctx, rc.sql); !errors.Is(err, adapter.ErrTxControl) {
						return spec.Failf("%s: %v, want ErrTxControl", rc.sql, err)
					}
					return insert(ctx, tx, 2)
				})
				if err != nil {
					return nil, err
				}
				// Rollback path: fn returns the refusal.
				err = e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
					if err := insert(ctx, tx, 3); err != nil {
						return err
					}
					_, err := tx.Run(ctx, rc.sql)
					return err
				})
				if !errors.Is(err, adapter.ErrTxControl) {
					return nil, spec.Failf("Transaction returned %v, want ErrTxControl", err)
				}
				return settle(ctx, e)
			},
			Want: []int64{1, 2},
		})
	}
	return cases
}

// errString formats a possibly nil error.
func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
