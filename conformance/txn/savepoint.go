package txn

import (
	"context"
	"errors"

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
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				return tx.Transaction(ctx, func(sp *adapter.Tx) error { return insert(ctx, sp, 2) })
			})
			if err != nil {
				return nil, err
			}
			return settle(ctx, e)
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
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				err := tx.Transaction(ctx, func(sp *adapter.Tx) error {
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
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				err := tx.Transaction(ctx, func(sp *adapter.Tx) error {
					if err := insert(ctx, sp, 2); err != nil {
						return err
					}
					return errBoom
				})
				if err != errBoom { // unchanged, not merely wrapped
					return spec.Failf("savepoint returned %v, want errBoom", err)
				}
				return insert(ctx, tx, 3)
			})
			if err != nil {
				return nil, err
			}
			return settle(ctx, e)
		},
		Want: []int64{1, 3},
	},
	{
		Name:  "SavepointThreeLevelsInnermostFails",
		Doc:   "three nested savepoints: the innermost fails, the two levels above keep their work and commit",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				return tx.Transaction(ctx, func(sp1 *adapter.Tx) error {
					if err := insert(ctx, sp1, 2); err != nil {
						return err
					}
					err := sp1.Transaction(ctx, func(sp2 *adapter.Tx) error {
						if err := insert(ctx, sp2, 3); err != nil {
							return err
						}
						err := sp2.Transaction(ctx, func(sp3 *adapter.Tx) error {
							if err := insert(ctx, sp3, 4); err != nil {
								return err
							}
							return insert(ctx, sp3, 1) // duplicate key
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
			})
			if err != nil {
				return nil, err
			}
			return settle(ctx, e)
		},
		Want: []int64{1, 2, 3, 5, 6},
	},
	{
		Name:  "SavepointMiddleFailureDiscardsInner",
		Doc:   "a savepoint that fails after its own savepoint was released discards that inner work too",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				return tx.Transaction(ctx, func(sp1 *adapter.Tx) error {
					if err := insert(ctx, sp1, 2); err != nil {
						return err
					}
					err := sp1.Transaction(ctx, func(sp2 *adapter.Tx) error {
						if err := insert(ctx, sp2, 3); err != nil {
							return err
						}
						if err := sp2.Transaction(ctx, func(sp3 *adapter.Tx) error { return insert(ctx, sp3, 4) }); err != nil {
							return err
						}
						return errBoom
					})
					if err != errBoom { // unchanged, not merely wrapped
						return spec.Failf("middle savepoint returned %v, want errBoom", err)
					}
					return nil
				})
			})
			if err != nil {
				return nil, err
			}
			return settle(ctx, e)
		},
		Want: []int64{1, 2},
	},
	{
		Name:  "OuterRollbackDiscardsReleasedSavepoints",
		Doc:   "savepoints that succeeded are rolled back with the outer transaction when it fails",
		Setup: schema + "INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 2); err != nil {
					return err
				}
				err := tx.Transaction(ctx, func(sp *adapter.Tx) error {
					if err := insert(ctx, sp, 3); err != nil {
						return err
					}
					return sp.Transaction(ctx, func(sp2 *adapter.Tx) error { return insert(ctx, sp2, 4) })
				})
				if err != nil {
					return err
				}
				return errBoom
			})
			if err != errBoom { // unchanged, not merely wrapped
				return nil, spec.Failf("Transaction returned %v, want errBoom", err)
			}
			return settle(ctx, e)
		},
		Want: []int64{1},
	},
	{
		Name:  "SiblingSavepoints",
		Doc:   "several savepoints in a row at one level succeed or fail independently",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				for i := 1; i <= 6; i++ {
					err := tx.Transaction(ctx, func(sp *adapter.Tx) error {
						if err := insert(ctx, sp, i); err != nil {
							return err
						}
						if i%2 == 0 {
							return errBoom
						}
						return nil
					})
					if (i%2 == 0) != (err == errBoom) {
						return spec.Failf("savepoint %d returned %v", i, err)
					}
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			return settle(ctx, e)
		},
		Want: []int64{1, 3, 5},
	},
	{
		Name:  "SavepointErrorFromSQLKeepsOuter",
		Doc:   "a constraint error inside a savepoint rolls back only the savepoint, with the SQLite code intact",
		Setup: schema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var spErr error
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				spErr = tx.Transaction(ctx, func(sp *adapter.Tx) error { return insert(ctx, sp, 2, 1) })
				return nil
			})
			if err != nil {
				return nil, err
			}
			if !errors.Is(spErr, adapter.ErrConstraintPrimaryKey) {
				return nil, spec.Failf("savepoint returned %v, want ErrConstraintPrimaryKey", spErr)
			}
			return settle(ctx, e)
		},
		Want: []int64{1},
	},
}
