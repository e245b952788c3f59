package api

import (
	"context"
	"errors"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// counting is a query yielding n = 1..1000.
const counting = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000) SELECT n FROM c"

// promptly bounds waits that should be immediate, far below any timeout
// they would otherwise run into.
const promptly = 10 * time.Second

// iterateCases: Iterate yields every row, releases its statement when the
// loop breaks, and ends with (nil, err) on an error.
var iterateCases = []spec.Case{
	{
		Name:   "IterateAllRows",
		Doc:    "Iterate yields every row in order, each a separate Row",
		Setup:  "CREATE TABLE t(x, y); INSERT INTO t VALUES (1, 'a'), (2, NULL), (3, x'')",
		Action: iterate("SELECT x, y FROM t ORDER BY x"),
		Want:   []adapter.Row{{"x": int64(1), "y": "a"}, {"x": int64(2), "y": nil}, {"x": int64(3), "y": []byte{}}},
	},
	{
		Name:   "IterateNoRows",
		Doc:    "Iterate of a query without rows yields nothing, not an error",
		Action: iterate("SELECT 1 AS x WHERE 0"),
		Want:   []adapter.Row{},
	},
	{
		Name:    "IterateBreakReleases",
		Doc:     "breaking out of Iterate releases the statement: on a one-connection pool the next query and write run at once",
		Options: oneConn,
		Setup:   "CREATE TABLE t(x)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var first adapter.Row
			for row, err := range e.DB.Iterate(ctx, counting) {
				if err != nil {
					return nil, err
				}
				first = row
				break
			}
			ctx2, cancel := context.WithTimeout(ctx, promptly)
			defer cancel()
			if _, err := e.DB.Run(ctx2, "INSERT INTO t VALUES (1)"); err != nil {
				return nil, spec.Failf("write after a broken Iterate: %v (statement or connection not released?)", err)
			}
			var n int64
			if err := e.DB.Get(ctx2, &n, "SELECT count(*) FROM t"); err != nil {
				return nil, spec.Failf("query after a broken Iterate: %v", err)
			}
			return []any{first, n}, nil
		},
		Want: []any{adapter.Row{"n": int64(1)}, int64(1)},
	},
	{
		Name:    "IterateBreakRepeatedly",
		Doc:     "breaking out of Iterate 100 times on a one-connection pool leaks neither statements nor the connection",
		Options: oneConn,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			ctx2, cancel := context.WithTimeout(ctx, promptly*3)
			defer cancel()
			total := int64(0)
			for i := range 100 {
				for row, err := range e.DB.Iterate(ctx2, counting+" LIMIT ?", 5+i%3) {
					if err != nil {
						return nil, spec.Failf("iteration %d: %v", i, err)
					}
					total += row["n"].(int64)
					break
				}
			}
			return total, nil
		},
		Want: int64(100),
	},
	{
		Name: "IterateErrorOnce",
		Doc:  "a query that fails to prepare yields (nil, err) exactly once",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var yields []string
			for row, err := range e.DB.Iterate(ctx, "SELECT x FROM missing") {
				yields = append(yields, yielded(row, err, "row").(string))
			}
			return yields, nil
		},
		Want: []string{"ErrError"},
	},
	{
		Name:  "IterateErrorMidway",
		Doc:   "an error at the third row yields two rows, then (nil, err) once, then stops",
		Setup: "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3), (4)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var yields []any
			// abs(-9223372036854775808) fails with "integer overflow" at
			// x = 3. ORDER BY rowid follows the table, so no sorter computes
			// every row before the first is returned.
			const q = "SELECT CASE WHEN x = 3 THEN abs(x * 0 - 9223372036854775807 - 1) ELSE x END AS v FROM t ORDER BY rowid"
			for row, err := range e.DB.Iterate(ctx, q) {
				yields = append(yields, yielded(row, err, row["v"]))
			}
			return yields, nil
		},
		Want: []any{int64(1), int64(2), "ErrError"},
	},
	{
		Name:  "IterateWriteInsideLoop",
		Doc:   "writing to another table while iterating (pool of several connections, WAL) works and the loop sees every row",
		Setup: "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3); CREATE TABLE u(x)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			for row, err := range e.DB.Iterate(ctx, "SELECT x FROM t ORDER BY x") {
				if err != nil {
					return nil, err
				}
				if _, err := e.DB.Run(ctx, "INSERT INTO u VALUES (?)", row["x"]); err != nil {
					return nil, err
				}
			}
			var xs []int64
			err := e.DB.All(ctx, &xs, "SELECT x FROM u ORDER BY x")
			return xs, err
		},
		Want: []int64{1, 2, 3},
	},
	{
		Name:     "IterateNestedSameQueryInTx",
		Doc:      "inside a transaction (one connection), the query being iterated can run again with All in the loop while its rows are still open",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			const q = "SELECT x FROM t WHERE x >= ? ORDER BY x"
			var counts []int
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				for row, err := range tx.Iterate(ctx, q, 1) {
					if err != nil {
						return err
					}
					var inner []int64
					if err := tx.All(ctx, &inner, q, row["x"]); err != nil {
						return err
					}
					counts = append(counts, len(inner))
				}
				return nil
			})
			return counts, err
		},
		Want: []int{3, 2, 1},
	},
	{
		Name:    "IterateDuplicateColumns",
		Doc:     "Iterate over a result with two columns of the same name yields ErrDestination (a Row needs distinct names)",
		Action:  iterate("SELECT 1 AS a, 2 AS a"),
		WantErr: adapter.ErrDestination,
	},
}

// yielded names one (row, err) pair an Iterate loop got: ok when err is
// nil, "ErrError" for an SQLite error without a row, and otherwise "row
// with error" or the error's text (both always failures).
func yielded(row adapter.Row, err error, ok any) any {
	switch {
	case err == nil:
		return ok
	case row != nil:
		return "row with error"
	case errors.Is(err, sqlite.ERROR):
		return "ErrError"
	}
	return err.Error()
}
