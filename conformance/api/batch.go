package api

import (
	"context"
	"errors"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/anysqlite/anysqlite/sqlite"
)

// batchCases: DB.Batch applies all of its statements or none, on every
// driver (a transaction locally, one atomic request on a remote engine).
var batchCases = []spec.Case{
	{
		Name:  "BatchAppliesAll",
		Doc:   "Batch runs its statements in order and returns each one's Result",
		Setup: "CREATE TABLE t(id INTEGER PRIMARY KEY, x UNIQUE)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			res, err := e.DB.Batch(ctx,
				adapter.Statement{SQL: "INSERT INTO t(x) VALUES (?)", Args: []any{"a"}},
				adapter.Statement{SQL: "INSERT INTO t(x) VALUES (:x)", Args: []any{map[string]any{"x": "b"}}},
				adapter.Statement{SQL: "UPDATE t SET x = x || '!'"},
			)
			if err != nil {
				return nil, err
			}
			var xs []string
			err = e.DB.All(ctx, &xs, "SELECT x FROM t ORDER BY id")
			return []any{res, xs}, err
		},
		Want: []any{
			[]adapter.Result{{Changes: 1, LastInsertRowID: 1}, {Changes: 1, LastInsertRowID: 2}, {Changes: 2}},
			[]string{"a!", "b!"},
		},
	},
	{
		Name:  "BatchAppliesNoneOnError",
		Doc:   "a Batch whose third statement fails (UNIQUE) applies none of them, and the error says which failed",
		Setup: "CREATE TABLE t(id INTEGER PRIMARY KEY, x UNIQUE); INSERT INTO t(x) VALUES ('taken')",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			_, err := e.DB.Batch(ctx,
				adapter.Statement{SQL: "INSERT INTO t(x) VALUES ('a')"},
				adapter.Statement{SQL: "DELETE FROM t WHERE x = 'taken'"},
				adapter.Statement{SQL: "INSERT INTO t(x) VALUES ('a')"},
			)
			if !errors.Is(err, sqlite.CONSTRAINT_UNIQUE) {
				return nil, spec.Failf("Batch: %v, want SQLITE_CONSTRAINT_UNIQUE", err)
			}
			var xs []string
			err = e.DB.All(ctx, &xs, "SELECT x FROM t ORDER BY id")
			return xs, err
		},
		Want: []string{"taken"},
	},
	{
		Name:  "BatchRefusesQueries",
		Doc:   "a Batch refuses a query or a transaction control statement before anything runs (ErrArgument, ErrTxControl)",
		Setup: "CREATE TABLE t(x)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			_, q := e.DB.Batch(ctx, adapter.Statement{SQL: "INSERT INTO t VALUES (1)"}, adapter.Statement{SQL: "SELECT 1"})
			_, c := e.DB.Batch(ctx, adapter.Statement{SQL: "INSERT INTO t VALUES (1)"}, adapter.Statement{SQL: "COMMIT"})
			var n int
			err := e.DB.Get(ctx, &n, "SELECT count(*) FROM t")
			return []any{errors.Is(q, adapter.ErrArgument), errors.Is(c, adapter.ErrTxControl), n}, err
		},
		Want: []any{true, true, 0},
	},
}
