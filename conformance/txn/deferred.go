package txn

import (
	"context"
	"errors"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// fkSchema has a deferred foreign key (child) and an immediate one (kid).
const fkSchema = schema + `
CREATE TABLE parent(id INTEGER PRIMARY KEY);
CREATE TABLE child(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE kid(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id));
`

// deferredCases: foreign keys checked at COMMIT.
var deferredCases = []spec.Case{
	{
		Name:    "DeferredForeignKeyFailsAtCommit",
		Doc:     "a DEFERRABLE INITIALLY DEFERRED foreign key violated at COMMIT fails with ErrConstraintForeignKey and nothing of the transaction is committed",
		Setup:   fkSchema,
		Action:  violatedAtCommit("", "INSERT INTO child VALUES (1, 99)"),
		WantErr: sqlite.CONSTRAINT_FOREIGNKEY,
	},
	{
		Name:    "DeferForeignKeysPragmaFailsAtCommit",
		Doc:     "PRAGMA defer_foreign_keys = ON inside a transaction moves an immediate foreign key check to COMMIT, which fails with ErrConstraintForeignKey and commits nothing",
		Setup:   fkSchema,
		Action:  violatedAtCommit("defer_foreign_keys = ON", "INSERT INTO kid VALUES (1, 99)"),
		WantErr: sqlite.CONSTRAINT_FOREIGNKEY,
	},
	{
		Name:  "DeferredForeignKeyResolvedBeforeCommit",
		Doc:   "a deferred foreign key violated mid-transaction but satisfied by COMMIT commits",
		Setup: fkSchema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if _, err := tx.Run(ctx, "INSERT INTO child VALUES (1, 7)"); err != nil {
					return err
				}
				_, err := tx.Run(ctx, "INSERT INTO parent VALUES (7)")
				return err
			})
			if err != nil {
				return nil, err
			}
			var n int64
			if err := e.DB.Get(ctx, &n, "SELECT count(*) FROM child"); err != nil {
				return nil, err
			}
			return n, healthy(ctx, e)
		},
		Want: int64(1),
	},
	{
		Name:    "DeferForeignKeysEndsWithTransaction",
		Doc:     "defer_foreign_keys switches itself off at COMMIT: on the same connection, the next transaction's violation fails at the statement",
		Options: adapter.Options{MaxOpenConns: 1},
		Setup:   fkSchema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				_, err := tx.Pragma(ctx, "defer_foreign_keys = ON")
				return err
			})
			if err != nil {
				return nil, err
			}
			var stmtErr error
			err = e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				v, err := tx.PragmaValue(ctx, "defer_foreign_keys")
				if err != nil {
					return err
				}
				if v != int64(0) {
					return spec.Failf("defer_foreign_keys = %v in the next transaction, want 0", v)
				}
				_, stmtErr = tx.Run(ctx, "INSERT INTO kid VALUES (1, 99)")
				return nil
			})
			if err != nil {
				return nil, err
			}
			return failWith(ctx, e, stmtErr)
		},
		WantErr: sqlite.CONSTRAINT_FOREIGNKEY,
	},
	{
		Name:  "ForeignKeyFailureInSavepointKeepsOuter",
		Doc:   "an immediate foreign key violation inside a savepoint rolls back the savepoint only",
		Setup: fkSchema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return committed(ctx, e, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				err := nest(ctx, tx, 1, func(sp *adapter.Tx) error {
					if err := insert(ctx, sp, 2); err != nil {
						return err
					}
					_, err := sp.Run(ctx, "INSERT INTO kid VALUES (1, 99)")
					return err
				})
				if !errors.Is(err, sqlite.CONSTRAINT_FOREIGNKEY) {
					return spec.Failf("savepoint returned %v, want ErrConstraintForeignKey", err)
				}
				return nil
			}))
		},
		Want: []int64{1},
	},
}

// violatedAtCommit returns the Action of a case whose transaction runs
// pragma (unless empty) with tx.Pragma, inserts 1 into t and then runs
// violation, which breaks a foreign key that is checked at COMMIT: the
// commit must fail and leave nothing behind (see committedNothing).
func violatedAtCommit(pragma, violation string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
			if pragma != "" {
				if _, err := tx.Pragma(ctx, pragma); err != nil {
					return err
				}
			}
			if err := insert(ctx, tx, 1); err != nil {
				return err
			}
			_, err := tx.Run(ctx, violation)
			return err // nil: checked at COMMIT
		})
		return committedNothing(ctx, e, err)
	}
}

// committedNothing checks that t and child are empty and the pool healthy,
// then returns err.
func committedNothing(ctx context.Context, e *spec.Env, err error) (any, error) {
	var n int64
	if qerr := e.DB.Get(ctx, &n, "SELECT (SELECT count(*) FROM t) + (SELECT count(*) FROM child) + (SELECT count(*) FROM kid)"); qerr != nil {
		return nil, qerr
	}
	if n != 0 {
		return nil, spec.Failf("%d rows committed by the failed transaction (err %v)", n, err)
	}
	return failWith(ctx, e, err)
}
