package pragma

import (
	"context"
	"errors"
	"fmt"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// secureCases: trusted_schema off, double-quoted string literals refused
// and defensive mode, on every connection.
var secureCases = []spec.Case{
	{
		Name:     "TrustedSchemaOffOnEveryConnection",
		Doc:      "trusted_schema is 0 on each of 8 pool connections held at once",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action:   onEveryConn("trusted_schema"),
		Want:     map[string]any{"trusted_schema": int64(0)},
	},
	{
		Name:     "DoubleQuotedStringLiteralRefused",
		Doc:      "SELECT \"nope\" on a table without such a column is an error (no such column), not the string 'nope'",
		Requires: []adapter.Feature{adapter.FeatureDQSControl},
		Setup:    "CREATE TABLE t(a); INSERT INTO t VALUES (1);",
		Query:    `SELECT "nope" FROM t`,
		WantErr:  sqlite.ERROR,
	},
	{
		Name:     "DoubleQuotedStringInDDLRefused",
		Doc:      "a double-quoted string in DDL (CHECK (a <> \"x\")) is an error, not the string 'x'",
		Requires: []adapter.Feature{adapter.FeatureDQSControl},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return nil, e.DB.Exec(ctx, `CREATE TABLE u(a TEXT CHECK (a <> "x"))`)
		},
		WantErr: sqlite.ERROR,
	},
	{
		Name:     "DoubleQuotedStringRefusedOnEveryConnection",
		Doc:      "SELECT \"nope\" fails with SQLITE_ERROR in each of 8 concurrent transactions",
		Requires: []adapter.Feature{adapter.FeatureDQSControl},
		Setup:    "CREATE TABLE t(a); INSERT INTO t VALUES (1);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			errs, err := inTxs(ctx, e.DB, conns, func(i int, tx *adapter.Tx) error {
				var v any
				if err := tx.Get(ctx, &v, `SELECT "nope" FROM t`); err == nil {
					return fmt.Errorf("transaction %d: SELECT \"nope\" returned %v", i, v)
				} else if !isCode(err, sqlite.ERROR) {
					return err
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			for _, err := range errs {
				if err != nil {
					return nil, spec.Failf("%v", err)
				}
			}
			return len(errs), nil
		},
		Want: conns,
	},
	{
		Name:  "DoubleQuotedIdentifierStillWorks",
		Doc:   "a double-quoted name that is a column is still an identifier",
		Setup: "CREATE TABLE t(\"my col\" TEXT); INSERT INTO t VALUES ('v');",
		Query: `SELECT "my col" FROM t`,
		Want:  []adapter.Row{{"my col": "v"}},
	},
	{
		Name:     "DefensiveIgnoresWritableSchema",
		Doc:      "in defensive mode PRAGMA writable_schema = ON has no effect: it reads back 0 and sqlite_schema cannot be updated",
		Requires: []adapter.Feature{adapter.FeatureDefensive},
		Setup:    "CREATE TABLE t(a);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Pragma(ctx, "writable_schema = ON"); err != nil {
				return nil, err
			}
			v, err := e.DB.PragmaValue(ctx, "writable_schema")
			if err != nil {
				return nil, err
			}
			if v != int64(0) {
				return nil, spec.Failf("writable_schema reads %v after = ON, want 0", v)
			}
			_, updErr := e.DB.Run(ctx, "UPDATE sqlite_schema SET sql = 'CREATE TABLE t(b)' WHERE name = 't'")
			s, err := tableSQL(ctx, e.DB, "t")
			if err != nil {
				return nil, err
			}
			if s != "CREATE TABLE t(a)" {
				return nil, spec.Failf("the schema of t changed to %q", s)
			}
			return nil, updErr
		},
		WantErr: sqlite.ERROR,
	},
	{
		Name:     "DefensiveIgnoresSchemaVersionWrite",
		Doc:      "in defensive mode PRAGMA schema_version = N is ignored",
		Requires: []adapter.Feature{adapter.FeatureDefensive},
		Setup:    "CREATE TABLE t(a);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			before, err := e.DB.PragmaValue(ctx, "schema_version")
			if err != nil {
				return nil, err
			}
			if _, err := e.DB.Pragma(ctx, "schema_version = 500"); err != nil {
				return nil, err
			}
			after, err := e.DB.PragmaValue(ctx, "schema_version")
			return before == after, err
		},
		Want: true,
	},
}

// isCode reports whether err is an *adapter.Error with primary code c.
func isCode(err error, c sqlite.Code) bool {
	var se *adapter.Error
	return errors.As(err, &se) && se.Code() == c
}
