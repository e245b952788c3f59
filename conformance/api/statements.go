package api

import (
	"context"
	"errors"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// statementCases: Prepare, Run, Get, All and Iterate take exactly one
// statement, on every driver; comments and trailing semicolons are fine.
var statementCases = []spec.Case{
	{
		Name: "PrepareMultipleStatements",
		Doc:  "Prepare of two statements is ErrMultipleStatements (not the first one silently)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return e.DB.Prepare(ctx, "SELECT 1; SELECT 2")
		},
		WantErr: adapter.ErrMultipleStatements,
	},
	{
		Name:    "RunMultipleStatements",
		Doc:     "Run of two statements is ErrMultipleStatements, and neither runs",
		Setup:   "CREATE TABLE t(x)",
		Action:  runNothingRan("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)"),
		WantErr: adapter.ErrMultipleStatements,
	},
	{
		Name:    "GetMultipleStatements",
		Doc:     "Get of two statements is ErrMultipleStatements",
		Action:  get[int64]("SELECT 1; SELECT 2;"),
		WantErr: adapter.ErrMultipleStatements,
	},
	{
		Name:    "AllMultipleStatements",
		Doc:     "All of two statements is ErrMultipleStatements",
		Query:   "SELECT 1 AS a; SELECT 2 AS b",
		WantErr: adapter.ErrMultipleStatements,
	},
	{
		Name:    "IterateMultipleStatements",
		Doc:     "Iterate of two statements yields ErrMultipleStatements",
		Action:  iterate("SELECT 1 AS a; DELETE FROM sqlite_schema"),
		WantErr: adapter.ErrMultipleStatements,
	},
	{
		Name: "PrepareEmpty",
		Doc:  "Prepare of empty SQL text is ErrNoStatement",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return e.DB.Prepare(ctx, "")
		},
		WantErr: adapter.ErrNoStatement,
	},
	{
		Name:    "RunCommentOnly",
		Doc:     "Run of SQL text that is only a comment is ErrNoStatement",
		Action:  run("-- nothing to do\n/* still nothing */"),
		WantErr: adapter.ErrNoStatement,
	},
	{
		Name:    "GetSemicolonsOnly",
		Doc:     "Get of SQL text that is only semicolons and blanks is ErrNoStatement",
		Action:  get[int64](" ; ;\n"),
		WantErr: adapter.ErrNoStatement,
	},
	{
		Name:    "AllWhitespace",
		Doc:     "All of blank SQL text is ErrNoStatement",
		Query:   " \n\t ",
		WantErr: adapter.ErrNoStatement,
	},
	{
		Name:  "TrailingSemicolonAndComment",
		Doc:   "one statement followed by semicolons and a comment is accepted",
		Query: "SELECT 1 AS x;; -- trailing comment",
		Want:  []adapter.Row{{"x": int64(1)}},
	},
	{
		Name:  "LeadingComments",
		Doc:   "line and block comments before and inside the statement are accepted",
		Query: "-- leading\n/* block; with a semicolon */ SELECT /* inner; */ 2 AS x -- ; trailing",
		Want:  []adapter.Row{{"x": int64(2)}},
	},
	{
		Name:  "SemicolonInLiteralAndIdentifier",
		Doc:   "semicolons inside string literals and quoted identifiers do not split the statement",
		Setup: `CREATE TABLE "a;b"(x); INSERT INTO "a;b" VALUES ('c;d')`,
		Query: `SELECT x, 'e;f' AS y, [a;b].x AS z FROM "a;b"`,
		Want:  []adapter.Row{{"x": "c;d", "y": "e;f", "z": "c;d"}},
	},
	{
		Name: "PrepareTrailingSemicolon",
		Doc:  "Prepare accepts a trailing semicolon and comment, and the Stmt runs",
		Action: prepared("SELECT ? + 1 AS x; -- done", func(ctx context.Context, s *adapter.Stmt) (any, error) {
			var x int64
			err := s.Get(ctx, &x, 41)
			return x, err
		}),
		Want: int64(42),
	},
	{
		Name:  "RunCreateTrigger",
		Doc:   "CREATE TRIGGER ... BEGIN ...; ...; END is one statement for Run, whatever the semicolons inside",
		Setup: "CREATE TABLE t(x); CREATE TABLE log(x)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Run(ctx, `CREATE TRIGGER tr AFTER INSERT ON t BEGIN
				INSERT INTO log VALUES (new.x);
				INSERT INTO log VALUES (new.x * 10);
			END;`); err != nil {
				return nil, err
			}
			if _, err := e.DB.Run(ctx, "INSERT INTO t VALUES (?)", 4); err != nil {
				return nil, err
			}
			var xs []int64
			err := e.DB.All(ctx, &xs, "SELECT x FROM log ORDER BY x")
			return xs, err
		},
		Want: []int64{4, 40},
	},
	{
		Name: "PrepareTxControlRefused",
		Doc:  "Prepare of BEGIN, COMMIT, ROLLBACK or SAVEPOINT on the DB is ErrTxControl, as Run is",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]bool{}
			for _, q := range []string{"BEGIN", "COMMIT", "rollback", "SAVEPOINT x"} {
				s, err := e.DB.Prepare(ctx, q)
				if err == nil {
					s.Close()
				}
				out[q] = errors.Is(err, adapter.ErrTxControl)
			}
			return out, nil
		},
		Want: map[string]bool{"BEGIN": true, "COMMIT": true, "rollback": true, "SAVEPOINT x": true},
	},
	{
		Name:    "RunTxControlRefused",
		Doc:     "Run of BEGIN is ErrTxControl (transactions go through DB.Transaction)",
		Action:  run("BEGIN"),
		WantErr: adapter.ErrTxControl,
	},
}

// runNothingRan returns an Action that runs query (expected to fail) and,
// if it fails, checks that table t is still empty before returning the
// error.
func runNothingRan(query string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		res, runErr := e.DB.Run(ctx, query)
		var n int64
		if err := e.DB.Get(ctx, &n, "SELECT count(*) FROM t"); err != nil {
			return nil, err
		}
		if n != 0 {
			return nil, spec.Failf("%d rows inserted by a refused Run (error %v)", n, runErr)
		}
		return res, runErr
	}
}
