package api

import (
	"context"
	"errors"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// execCases: Exec runs scripts statement by statement and stops at the
// first error.
var execCases = []spec.Case{
	{
		Name: "ExecScriptWithTrigger",
		Doc:  "Exec runs a script with a CREATE TRIGGER ... BEGIN ...; END; in it, and queries in the script run to completion",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Exec(ctx, `
				CREATE TABLE t(x);
				CREATE TABLE log(x, what);
				CREATE TRIGGER tr AFTER INSERT ON t BEGIN
					INSERT INTO log VALUES (new.x, 'one');
					INSERT INTO log VALUES (new.x, 'two');
				END;
				INSERT INTO t VALUES (1), (2);
				SELECT * FROM t;
				UPDATE log SET x = x * 10 WHERE what = 'two';
			`)
			if err != nil {
				return nil, err
			}
			var rows []adapter.Row
			err = e.DB.All(ctx, &rows, "SELECT x, what FROM log ORDER BY x, what")
			return rows, err
		},
		Want: []adapter.Row{
			{"x": int64(1), "what": "one"}, {"x": int64(2), "what": "one"},
			{"x": int64(10), "what": "two"}, {"x": int64(20), "what": "two"},
		},
	},
	{
		Name:   "ExecStopsAtFirstError",
		Doc:    "Exec stops at the first failing statement with ErrError; the statements before it stay done, the ones after never run",
		Setup:  "CREATE TABLE t(x)",
		Action: execFails("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); INSERT INTO missing VALUES (3); INSERT INTO t VALUES (4)", sqlite.ERROR, "SELECT x FROM t ORDER BY x"),
		Want:   []int64{1, 2},
	},
	{
		Name:   "ExecStopsAtConstraint",
		Doc:    "Exec stops at a constraint failure with its code; earlier statements stay done",
		Setup:  "CREATE TABLE t(x UNIQUE)",
		Action: execFails("INSERT INTO t VALUES (1); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)", sqlite.CONSTRAINT_UNIQUE, "SELECT x FROM t ORDER BY x"),
		Want:   []int64{1},
	},
	{
		Name: "ExecEmptyScript",
		Doc:  "Exec of an empty script, or one of only blanks, semicolons and comments, is nil",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			for _, s := range []string{"", "  \n", " ; ; ", "-- comment only", "/* block */ ;"} {
				if err := e.DB.Exec(ctx, s); err != nil {
					return nil, spec.Failf("Exec(%q): %v", s, err)
				}
			}
			return "nil", nil
		},
		Want: "nil",
	},
	{
		Name:   "ExecTxControlRefusedUpFront",
		Doc:    "a script with BEGIN is refused with ErrTxControl before any of it runs",
		Action: execFails("CREATE TABLE t(x); BEGIN; INSERT INTO t VALUES (1); COMMIT", adapter.ErrTxControl, "SELECT count(*) FROM sqlite_schema WHERE name = 't'"),
		Want:   []int64{0},
	},
	{
		Name:   "ExecParametersRefusedUpFront",
		Doc:    "a script with a parameter in a later statement is refused with ErrArgument before any of it runs: Exec takes no arguments",
		Action: execFails("CREATE TABLE t(x); INSERT INTO t VALUES (1); SELECT ?", adapter.ErrArgument, "SELECT count(*) FROM sqlite_schema WHERE name = 't'"),
		Want:   []int64{0},
	},
	{
		Name:   "ExecSyntaxErrorLater",
		Doc:    "a syntax error in a later statement is reported when Exec reaches it; earlier statements stay done",
		Action: execFails("CREATE TABLE t(x); INSERT INTO t VALUES (1); INSERT INTO t VALUE (2)", sqlite.ERROR, "SELECT count(*) FROM t"),
		Want:   []int64{1},
	},
}

// execFails returns an Action that runs script with Exec, fails the case
// unless Exec fails with want (errors.Is), and returns the integers check
// selects: what the script left behind.
func execFails(script string, want error, check string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		if err := e.DB.Exec(ctx, script); !errors.Is(err, want) {
			return nil, spec.Failf("Exec error %v, want %v", err, want)
		}
		var xs []int64
		err := e.DB.All(ctx, &xs, check)
		return xs, err
	}
}
