package api

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// paramCases: positional, numbered and named parameters.
var paramCases = []spec.Case{
	{
		Name:  "ParamsPositional",
		Doc:   "? parameters bind the arguments in order",
		Query: "SELECT ? AS a, ? AS b, ? AS c",
		Args:  []any{1, "two", 3.5},
		Want:  []adapter.Row{{"a": int64(1), "b": "two", "c": 3.5}},
	},
	{
		Name:  "ParamsNumbered",
		Doc:   "?NNN parameters bind argument NNN, and may repeat",
		Query: "SELECT ?2 AS a, ?1 AS b, ?2 AS c",
		Args:  []any{"one", "two"},
		Want:  []adapter.Row{{"a": "two", "b": "one", "c": "two"}},
	},
	{
		Name:  "ParamsNamedColon",
		Doc:   ":name binds from sql.Named",
		Query: "SELECT :a AS a, :b AS b",
		Args:  []any{sql.Named("b", "bee"), sql.Named("a", 1)},
		Want:  []adapter.Row{{"a": int64(1), "b": "bee"}},
	},
	{
		Name:  "ParamsNamedAt",
		Doc:   "@name binds from sql.Named",
		Query: "SELECT @a AS a",
		Args:  []any{sql.Named("a", "at")},
		Want:  []adapter.Row{{"a": "at"}},
	},
	{
		Name:  "ParamsNamedDollar",
		Doc:   "$name binds from sql.Named",
		Query: "SELECT $a AS a",
		Args:  []any{sql.Named("a", "dollar")},
		Want:  []adapter.Row{{"a": "dollar"}},
	},
	{
		Name:  "ParamsNamedRepeated",
		Doc:   "a named parameter used twice takes one argument",
		Query: "SELECT :x AS x, :x + 1 AS y",
		Args:  []any{sql.Named("x", 10)},
		Want:  []adapter.Row{{"x": int64(10), "y": int64(11)}},
	},
	{
		Name:  "ParamsNamedAndNumbered",
		Doc:   "sql.Named arguments for :a, @b and $c and a plain argument for ?4 in one statement each bind their own parameter",
		Query: "SELECT :a AS a, @b AS b, $c AS c, ?4 AS d",
		Args:  []any{sql.Named("a", 1), sql.Named("b", "two"), sql.Named("c", 3.5), 4},
		Want:  []adapter.Row{{"a": int64(1), "b": "two", "c": 3.5, "d": int64(4)}},
	},
	{
		Name:  "ParamsMap",
		Doc:   "a single map[string]any binds :name, @name and $name parameters",
		Query: "SELECT :a AS a, @b AS b, $c AS c, :a * 2 AS d",
		Args:  []any{map[string]any{"a": 21, "b": "bee", "c": nil}},
		Want:  []adapter.Row{{"a": int64(21), "b": "bee", "c": nil, "d": int64(42)}},
	},
	{
		Name:   "ParamsMapRun",
		Doc:    "Run binds a map[string]any into an INSERT",
		Setup:  "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, n INTEGER)",
		Action: runThen("INSERT INTO t(name, n) VALUES (:name, :n)", []any{map[string]any{"name": "m", "n": 5}}, "SELECT name, n FROM t"),
		Want:   ranAndRead{Result: adapter.Result{Changes: 1, LastInsertRowID: 1}, Rows: []adapter.Row{{"name": "m", "n": int64(5)}}},
	},
	{
		Name:  "ParamsInClauses",
		Doc:   "parameters bind in WHERE, LIMIT and a subquery",
		Setup: "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3), (4)",
		Query: "SELECT x FROM t WHERE x > ? AND x IN (SELECT x FROM t WHERE x < ?) ORDER BY x LIMIT ?",
		Args:  []any{1, 4, 1},
		Want:  []adapter.Row{{"x": int64(2)}},
	},
	{
		Name:  "ParamsTextNotSQL",
		Doc:   "a bound string is a value, never SQL: quotes and semicolons are stored as they are",
		Setup: "CREATE TABLE t(s TEXT)",
		Query: "INSERT INTO t VALUES (?) RETURNING s, (SELECT count(*) FROM sqlite_schema WHERE name = 't') AS tables",
		Args:  []any{"'); DROP TABLE t; --"},
		Want:  []adapter.Row{{"s": "'); DROP TABLE t; --", "tables": int64(1)}},
	},
	{
		Name:   "ParamsMany",
		Doc:    "a statement with 2000 parameters (above SQLite's old default limit of 999) binds them all",
		Action: manyParams(2000),
		Want:   int64(2000),
	},
	{
		Name: "ParamsBadNamedArgOnEveryPath",
		Doc: "sql.Named with a name that does not begin with a letter (\":a\") is ErrArgument through DB.Run, DB.Get, " +
			"Stmt.Run and Stmt.Get alike, and nothing runs",
		Setup: "CREATE TABLE t(x)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			bad := sql.Named(":a", 1)
			st, err := e.DB.Prepare(ctx, "INSERT INTO t VALUES (:a) RETURNING x")
			if err != nil {
				return nil, err
			}
			defer st.Close()
			var n int64
			got := map[string]bool{}
			_, err = e.DB.Run(ctx, "INSERT INTO t VALUES (:a)", bad)
			got["DB.Run"] = isArgument(err)
			got["DB.Get"] = isArgument(e.DB.Get(ctx, &n, "INSERT INTO t VALUES (:a) RETURNING x", bad))
			_, err = st.Run(ctx, bad)
			got["Stmt.Run"] = isArgument(err)
			got["Stmt.Get"] = isArgument(st.Get(ctx, &n, bad))
			if err := e.DB.Get(ctx, &n, "SELECT count(*) FROM t"); err != nil || n != 0 {
				return nil, spec.Failf("t holds %d rows (%v), want 0", n, err)
			}
			return got, nil
		},
		Want: map[string]bool{"DB.Run": true, "DB.Get": true, "Stmt.Run": true, "Stmt.Get": true},
	},
}

// manyParams returns an Action that binds 1..n to n parameters of an IN
// list and counts the numbers 1..n+1000 it matches.
func manyParams(n int) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		args := make([]any, n)
		for i := range args {
			args[i] = i + 1
		}
		q := fmt.Sprintf("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < %d) SELECT count(*) FROM c WHERE n IN (%s?)",
			n+1000, strings.Repeat("?, ", n-1))
		var matched int64
		err := e.DB.Get(ctx, &matched, q, args...)
		return matched, err
	}
}
