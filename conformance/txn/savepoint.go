package txn

import (
	"context"
	"errors"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// savepointCases: tx.Transaction nests a savepoint that commits into its
// parent or rolls back alone.
var savepointCases = []spec.Case{
	{
		Name:  "SavepointCommitsWithOuter",
		Doc:   "a savepoint whose fn returns nil is kept when the outer transaction commits",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return committed(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				return nest(ctx, tx, 1, func(sp *adapter.Tx) error { return insert(ctx, sp, 2) })
			}))
		},
		Want: []int64{1, 2},
	},
	{
		Name:  "SavepointSeesOuterWrites",
		Doc:   "a savepoint reads its parent's uncommitted writes, and the parent reads the released savepoint's",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var inner, outer []int64
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				err := nest(ctx, tx, 1, func(sp *adapter.Tx) error {
					if err := insert(ctx, sp, 2); err != nil {
						return err
					}
					var err error
					inner, err = values(ctx, sp)
					return err
				})
				if err != nil {
					return err
				}
				outer, err = values(ctx, tx)
				return err
			})
			return []any{inner, outer}, err
		},
		Want: []any{[]int64{1, 2}, []int64{1, 2}},
	},
	{
		Name:  "SavepointFailureKeepsOuterWork",
		Doc:   "a failing savepoint rolls back alone, returns its error to the outer fn, and the outer work commits",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return committed(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				err := nest(ctx, tx, 1, func(sp *adapter.Tx) error { return insertThenFail(ctx, sp, 2) })
				if err != errBoom { // unchanged, not merely wrapped
					return spec.Failf("savepoint returned %v, want errBoom", err)
				}
				return insert(ctx, tx, 3)
			}))
		},
		Want: []int64{1, 3},
	},
	{
		Name:  "SavepointThreeLevelsInnermostFails",
		Doc:   "three nested savepoints: the innermost fails, the two levels above keep their work and commit",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return committed(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				return nest(ctx, tx, 1, func(sp1 *adapter.Tx) error {
					err := nest(ctx, sp1, 2, func(sp2 *adapter.Tx) error {
						err := nest(ctx, sp2, 3, func(sp3 *adapter.Tx) error {
							return insert(ctx, sp3, 4, 1) // 1 is a duplicate key
						})
						if err == nil {
							return spec.Failf("innermost savepoint succeeded despite a duplicate key")
						}
						return insert(ctx, sp2, 5)
					})
					if err != nil {
						return err
					}
					return insert(ctx, sp1, 6)
				})
			}))
		},
		Want: []int64{1, 2, 3, 5, 6},
	},
	{
		Name:  "SavepointMiddleFailureDiscardsInner",
		Doc:   "a savepoint that fails after its own savepoint was released discards that inner work too",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return committed(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				return nest(ctx, tx, 1, func(sp1 *adapter.Tx) error {
					err := nest(ctx, sp1, 2, func(sp2 *adapter.Tx) error {
						if err := nest(ctx, sp2, 3, func(sp3 *adapter.Tx) error { return insert(ctx, sp3, 4) }); err != nil {
							return err
						}
						return errBoom
					})
					if err != errBoom { // unchanged, not merely wrapped
						return spec.Failf("middle savepoint returned %v, want errBoom", err)
					}
					return nil
				})
			}))
		},
		Want: []int64{1, 2},
	},
	{
		Name:  "OuterRollbackDiscardsReleasedSavepoints",
		Doc:   "savepoints that succeeded are rolled back with the outer transaction when it fails",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return rolledBack(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				err := nest(ctx, tx, 2, func(sp *adapter.Tx) error {
					return nest(ctx, sp, 3, func(sp2 *adapter.Tx) error { return insert(ctx, sp2, 4) })
				})
				if err != nil {
					return err
				}
				return errBoom
			}))
		},
		Want: []int64{1},
	},
	{
		Name:  "SiblingSavepoints",
		Doc:   "several savepoints in a row at one level succeed or fail independently",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return committed(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				for i := 1; i <= 6; i++ {
					err := tx.Transaction(ctx, func(sp *adapter.Tx) error {
						if i%2 == 0 {
							return insertThenFail(ctx, sp, i)
						}
						return insert(ctx, sp, i)
					})
					if (i%2 == 0) != (err == errBoom) {
						return spec.Failf("savepoint %d returned %v", i, err)
					}
				}
				return nil
			}))
		},
		Want: []int64{1, 3, 5},
	},
	{
		Name:  "SavepointErrorFromSQLKeepsOuter",
		Doc:   "a constraint error inside a savepoint rolls back only the savepoint, with the SQLite code intact",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return committed(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				err := nest(ctx, tx, 1, func(sp *adapter.Tx) error { return insert(ctx, sp, 2, 1) })
				if !errors.Is(err, sqlite.CONSTRAINT_PRIMARYKEY) {
					return spec.Failf("savepoint returned %v, want ErrConstraintPrimaryKey", err)
				}
				return nil
			}))
		},
		Want: []int64{1},
	},
}

// nest inserts x into t through tx, then runs fn in a savepoint of tx and
// returns the savepoint's error.
func nest(ctx context.Context, tx *adapter.Tx, x int, fn func(sp *adapter.Tx) error) error {
	if err := insert(ctx, tx, x); err != nil {
		return err
	}
	return tx.Transaction(ctx, fn)
}
