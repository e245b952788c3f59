package pragma

import (
	"context"
	"errors"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// victim is the table injection attempts try to drop or change.
const victim = "CREATE TABLE t(a INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);"

// validationCases: pragma names must be documented and values single
// literals, so nothing can be injected through Pragma.
var validationCases = []spec.Case{
	{
		Name:    "UnknownPragmaRefused",
		Doc:     "an unknown pragma name fails with ErrPragma (SQLite itself would silently ignore it)",
		Action:  pragmaRows("no_such_pragma"),
		WantErr: adapter.ErrPragma,
	},
	{
		Name:    "UnknownPragmaRefusedInQuery",
		Doc:     "an unknown pragma run as a query fails with ErrPragma",
		Query:   "PRAGMA no_such_pragma = 1",
		WantErr: adapter.ErrPragma,
	},
	{
		Name: "PragmaTrailingTokenRefusedInQuery",
		Doc:  "a pragma setting with a token after its value (PRAGMA user_version = 1 x), run with Run or Prepare, fails with ErrPragma and sets nothing",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			const q = "PRAGMA user_version = 1 x"
			_, runErr := e.DB.Run(ctx, q)
			s, prepErr := e.DB.Prepare(ctx, q)
			if prepErr == nil {
				s.Close()
			}
			uv, err := e.DB.PragmaValue(ctx, "user_version")
			return []any{errors.Is(runErr, adapter.ErrPragma), errors.Is(prepErr, adapter.ErrPragma), uv}, err
		},
		Want: []any{true, true, int64(0)},
	},
	{
		Name: "UndocumentedPragmasRefused",
		Doc:  "deprecated and debug-only pragmas (count_changes, parser_trace, vdbe_trace) fail with ErrPragma",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return refusedAll(ctx, e, []string{"count_changes = ON", "parser_trace = ON", "vdbe_trace", "short_column_names"})
		},
		Want: []string(nil),
	},
	{
		Name:  "InjectionThroughNameRefused",
		Doc:   "statements smuggled after or around the pragma name fail with ErrPragma and leave the database unchanged",
		Setup: victim,
		Action: refusedUnchanged(
			"user_version; DROP TABLE t",
			"user_version;DROP TABLE t;",
			"user_version UNION SELECT 1",
			"user_version DROP TABLE t",
			"\"user_version\"; DROP TABLE t",
			"[user_version]",
			"user_version -- comment\n; DROP TABLE t",
			"; DROP TABLE t",
			"",
		),
		Want: []string(nil),
	},
	{
		Name:  "InjectionThroughValueRefused",
		Doc:   "expressions, subqueries and extra statements in a pragma value fail with ErrPragma and leave the database unchanged",
		Setup: victim,
		Action: refusedUnchanged(
			"user_version = 1; DROP TABLE t",
			"user_version = (SELECT 1)",
			"user_version = 1 + 1",
			"user_version = 1, 2",
			"user_version = 'abc",
			"user_version =",
			"table_info(t); DROP TABLE t",
			"table_info(t) ; DELETE FROM t",
			"table_info((SELECT name FROM sqlite_schema))",
			"table_info(t, t)",
			"foreign_keys = OFF; DROP TABLE t",
			"cache_size = -",
			"busy_timeout = 1e3; DELETE FROM t",
		),
		Want: []string(nil),
	},
	{
		Name:  "InjectionThroughSchemaRefused",
		Doc:   "a schema qualifier that is not a single name fails with ErrPragma and leaves the database unchanged",
		Setup: victim,
		Action: refusedUnchanged(
			"(SELECT 1).user_version",
			"main.temp.user_version",
			"'main.user_version",
			"main; DROP TABLE t; SELECT 1 .user_version",
		),
		Want: []string(nil),
	},
	{
		Name:  "InjectionThroughExecScriptRefused",
		Doc:   "a script whose pragma carries an expression fails with ErrPragma before any of its statements runs",
		Setup: victim,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Exec(ctx, "DELETE FROM t; PRAGMA user_version = (SELECT 1); DROP TABLE t")
			if !errors.Is(err, adapter.ErrPragma) {
				return nil, spec.Failf("Exec: %v, want ErrPragma", err)
			}
			return unchanged(ctx, e)
		},
		Want: []any{int64(1), int64(0)},
	},
	{
		Name:  "InjectionThroughOptionsRefused",
		Doc:   "Options.Pragmas with a smuggled statement makes Open fail with ErrOptions and runs nothing",
		Setup: victim,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			for _, p := range []string{"cache_size = 1; DROP TABLE t", "temp_store = (SELECT 2)", "no_such_pragma = 1"} {
				if _, err := e.Open(ctx, e.Path, adapter.Options{Pragmas: []string{p}}); !errors.Is(err, adapter.ErrOptions) {
					return nil, spec.Failf("Open with Pragmas [%q]: %v, want ErrOptions", p, err)
				}
			}
			return unchanged(ctx, e)
		},
		Want: []any{int64(1), int64(0)},
	},
	{
		Name: "SignedAndHexValuesAccepted",
		Doc:  "a signed number and a hexadecimal number are single literals and are accepted",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Pragma(ctx, "user_version = -12"); err != nil {
				return nil, err
			}
			neg, err := e.DB.PragmaValue(ctx, "user_version")
			if err != nil {
				return nil, err
			}
			if _, err := e.DB.Pragma(ctx, "application_id = 0x1F"); err != nil {
				return nil, err
			}
			hex, err := e.DB.PragmaValue(ctx, "application_id")
			return []any{neg, hex}, err
		},
		Want: []any{int64(-12), int64(31)},
	},
}

// refusedAll runs each pragma and returns those not refused with ErrPragma.
func refusedAll(ctx context.Context, e *spec.Env, texts []string) ([]string, error) {
	var wrong []string
	for _, text := range texts {
		if _, err := e.DB.Pragma(ctx, text); !errors.Is(err, adapter.ErrPragma) {
			wrong = append(wrong, text+": "+errString(err))
		}
		if _, err := e.DB.PragmaValue(ctx, text); !errors.Is(err, adapter.ErrPragma) {
			wrong = append(wrong, "PragmaValue "+text+": "+errString(err))
		}
	}
	return wrong, nil
}

// refusedUnchanged returns an Action that runs refusedAll with texts,
// fails unless every one was refused, then checks that t and user_version
// are untouched.
func refusedUnchanged(texts ...string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		wrong, err := refusedAll(ctx, e, texts)
		if err != nil {
			return nil, err
		}
		if wrong != nil {
			return nil, spec.Failf("not refused with ErrPragma:\n%s", strings.Join(wrong, "\n"))
		}
		got, err := unchanged(ctx, e)
		if err != nil {
			return nil, err
		}
		if got[0] != int64(1) || got[1] != int64(0) {
			return nil, spec.Failf("the database changed: t has %v rows, user_version %v", got[0], got[1])
		}
		return wrong, nil
	}
}

// unchanged returns the row count of t and user_version.
func unchanged(ctx context.Context, e *spec.Env) ([]any, error) {
	var n int64
	if err := e.DB.Get(ctx, &n, "SELECT count(*) FROM t"); err != nil {
		return nil, spec.Failf("table t: %v", err)
	}
	uv, err := e.DB.PragmaValue(ctx, "user_version")
	return []any{n, uv}, err
}
