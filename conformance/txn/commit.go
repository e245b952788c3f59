package txn

import (
	"context"
	"errors"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// commitCases: a transaction commits when fn returns nil and rolls back,
// returning fn's error unchanged, when it does not.
var commitCases = []spec.Case{
	{
		Name:  "CommitPersists",
		Doc:   "fn returning nil commits every write, visible to the pool and to a handle opened afterwards",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error { return insert(ctx, tx, 1, 2, 3) })
			if err != nil {
				return nil, err
			}
			db2, err := other(ctx, e, adapter.Options{})
			if err != nil {
				return nil, err
			}
			got, err := values(ctx, db2)
			if err != nil {
				return nil, err
			}
			if len(got) != 3 {
				return nil, spec.Failf("a second handle sees %v after the commit, want [1 2 3]", got)
			}
			return settle(ctx, e)
		},
		Want: []int64{1, 2, 3},
	},
	{
		Name:  "UncommittedInvisibleToOthers",
		Doc:   "writes inside a transaction are visible through tx but not to another handle until the commit",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			db2, err := other(ctx, e, adapter.Options{})
			if err != nil {
				return nil, err
			}
			err = e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				inside, err := values(ctx, tx)
				if err != nil {
					return err
				}
				outside, err := values(ctx, db2)
				if err != nil {
					return err
				}
				if len(inside) != 1 || len(outside) != 0 {
					return spec.Failf("inside the transaction tx sees %v and another handle %v, want [1] and []", inside, outside)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			return values(ctx, db2)
		},
		Want: []int64{1},
	},
	{
		Name:  "RollbackOnError",
		Doc:   "fn returning an error rolls back and Transaction returns that very error",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return rolledBack(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error { return insertThenFail(ctx, tx, 2, 3) }))
		},
		Want: []int64{1},
	},
	{
		Name:  "RollbackOnWrappedError",
		Doc:   "a wrapped application error rolls back and still satisfies errors.Is",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.ImmediateTransaction(ctx, func(tx *adapter.Tx) error { return &wrapped{insertThenFail(ctx, tx, 1)} })
			if !errors.Is(err, errBoom) {
				return nil, spec.Failf("Transaction returned %v, want an error matching errBoom", err)
			}
			var w *wrapped
			if !errors.As(err, &w) {
				return nil, spec.Failf("Transaction returned %T, want fn's *wrapped", err)
			}
			return settle(ctx, e)
		},
		Want: []int64{},
	},
	{
		Name:  "RollbackOnStatementError",
		Doc:   "a failed statement returned from fn rolls back the statements before it, with its SQLite code",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				return insert(ctx, tx, 2, 3, 1) // 1 is a duplicate key
			})
			return failWith(ctx, e, err)
		},
		WantErr: sqlite.CONSTRAINT_PRIMARYKEY,
	},
	{
		Name:  "StatementErrorIgnoredStillCommits",
		Doc:   "a failed statement whose error fn ignores does not stop the commit of the other statements",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return committed(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 2); err != nil {
					return err
				}
				if err := insert(ctx, tx, 1); !errors.Is(err, sqlite.CONSTRAINT_PRIMARYKEY) {
					return spec.Failf("duplicate insert: %v, want ErrConstraintPrimaryKey", err)
				}
				return insert(ctx, tx, 3)
			}))
		},
		Want: []int64{1, 2, 3},
	},
	{
		Name:  "ScriptInTransactionIsAtomic",
		Doc:   "a script run with tx.Exec that fails half-way leaves nothing behind once fn returns its error",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				return tx.Exec(ctx, "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); INSERT INTO t VALUES (1); INSERT INTO t VALUES (3)")
			})
			if !errors.Is(err, sqlite.CONSTRAINT_PRIMARYKEY) {
				return nil, spec.Failf("script error %v, want ErrConstraintPrimaryKey", err)
			}
			return settle(ctx, e)
		},
		Want: []int64{},
	},
	{
		Name:   "ImmediateTransactionCommits",
		Doc:    "ImmediateTransaction commits on nil and rolls back on error like Transaction",
		Setup:  schema,
		Action: commitThenRollBack((*adapter.DB).ImmediateTransaction, []int{1}, []int{2}),
		Want:   []int64{1},
	},
	{
		Name:   "ExclusiveTransactionCommits",
		Doc:    "ExclusiveTransaction commits on nil and rolls back on error like Transaction",
		Setup:  schema,
		Action: commitThenRollBack((*adapter.DB).ExclusiveTransaction, []int{1}, []int{2}),
		Want:   []int64{1},
	},
	{
		Name:    "CommitInDeleteJournalMode",
		Doc:     "commit and rollback work the same in rollback-journal (DELETE) mode",
		Options: adapter.Options{JournalMode: "DELETE"},
		Setup:   schema,
		Action:  commitThenRollBack((*adapter.DB).Transaction, []int{1, 2}, []int{3}),
		Want:    []int64{1, 2},
	},
}

// commitThenRollBack returns the Action of a case that checks a kind of
// transaction, started with begin, commits when fn returns nil (inserting
// kept) and rolls back when fn returns an error (inserting dropped).
func commitThenRollBack(begin begin, kept, dropped []int) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		if err := begin(e.DB, ctx, func(tx *adapter.Tx) error { return insert(ctx, tx, kept...) }); err != nil {
			return nil, err
		}
		return rolledBack(ctx, e, begin(e.DB, ctx, func(tx *adapter.Tx) error { return insertThenFail(ctx, tx, dropped...) }))
	}
}

// wrapped is an application error type wrapping another.
type wrapped struct{ err error }

func (w *wrapped) Error() string { return "wrapped: " + w.err.Error() }
func (w *wrapped) Unwrap() error { return w.err }
