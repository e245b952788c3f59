package badinput

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/anysqlite/anysqlite/sqlite"
	"github.com/google/go-cmp/cmp"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// sqlCases: malformed SQL, unknown names and statements beyond SQLite's
// limits fail with SQLite's error code before changing anything.
var sqlCases = []spec.Case{
	{
		Name:  "SyntaxErrorEveryMethod",
		Doc:   "a syntax error is SQLITE_ERROR from Run, Get, All, Iterate, Exec and Prepare alike",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"Run":     runs("DELETE FROM keep WHERE"),
			"Get":     gets("SELEC count(*) FROM keep"),
			"All":     alls("SELECT * FORM keep"),
			"Iterate": iterates("SELECT id, FROM keep"),
			"Exec":    execs("DROP TABLE keep keep"),
			"Prepare": prepares("UPDATE keep SET v = 'x' WHERE id = = 1"),
		}),
		Want: map[string]string{"Run": "SQLITE_ERROR", "Get": "SQLITE_ERROR", "All": "SQLITE_ERROR",
			"Iterate": "SQLITE_ERROR", "Exec": "SQLITE_ERROR", "Prepare": "SQLITE_ERROR"},
	},
	{
		Name:  "UnterminatedTokens",
		Doc:   "an unterminated string, quoted identifier or blob literal, and an odd-length blob literal, are SQLITE_ERROR",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"string":         runs("UPDATE keep SET v = 'x WHERE id = 1"),
			"identifier":     runs(`UPDATE "keep SET v = 'x'`),
			"bracket":        runs(`UPDATE [keep SET v = 'x'`),
			"blob":           runs("UPDATE keep SET v = x'41"),
			"odd-blob":       runs("UPDATE keep SET v = x'414'"),
			"non-hex-blob":   runs("UPDATE keep SET v = x'zz'"),
			"lone-parameter": runs("UPDATE keep SET v = :"),
		}),
		Want: map[string]string{"string": "SQLITE_ERROR", "identifier": "SQLITE_ERROR", "bracket": "SQLITE_ERROR",
			"blob": "SQLITE_ERROR", "odd-blob": "SQLITE_ERROR", "non-hex-blob": "SQLITE_ERROR", "lone-parameter": "SQLITE_ERROR"},
	},
	{
		Name:  "UnterminatedCommentEndsStatement",
		Doc:   "as in SQLite, a block comment left open runs to the end of the text: the statement before it is valid",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var n int64
			err := e.DB.Get(ctx, &n, "SELECT count(*) FROM keep /* never closed; DELETE FROM keep")
			if err != nil {
				return nil, err
			}
			return n, intact(ctx, e, nil)
		},
		Want: int64(3),
	},
	{
		Name:  "UnknownNames",
		Doc:   "an unknown table, column, function, collation or schema is SQLITE_ERROR and nothing changes",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"table":     runs("DELETE FROM nope"),
			"column":    runs("UPDATE keep SET nope = 1"),
			"where":     runs("DELETE FROM keep WHERE nope = 1"),
			"function":  runs("UPDATE keep SET v = nope(v)"),
			"collation": runs("UPDATE keep SET v = 'x' WHERE v = 'one' COLLATE nope"),
			"schema":    runs("DELETE FROM nope.keep"),
			"index":     runs("DROP INDEX nope"),
		}),
		Want: map[string]string{"table": "SQLITE_ERROR", "column": "SQLITE_ERROR", "where": "SQLITE_ERROR",
			"function": "SQLITE_ERROR", "collation": "SQLITE_ERROR", "schema": "SQLITE_ERROR", "index": "SQLITE_ERROR"},
	},
	{
		Name:     "DoubleQuotedStringLiteral",
		Doc:      `"x" is an identifier, never a string: UPDATE keep SET v = "x" is an unknown column, not a silent overwrite`,
		Requires: []adapter.Feature{adapter.FeatureDQSControl},
		Setup:    keep,
		Action: guard(func(ctx context.Context, e *spec.Env) error {
			_, err := e.DB.Run(ctx, `UPDATE keep SET v = "x"`)
			return err
		}),
		WantErr: sqlite.ERROR,
	},
	{
		Name:  "NoStatement",
		Doc:   "empty text, blanks, a lone semicolon or only comments are ErrNoStatement for Run, Get and Prepare; Exec does nothing",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"Run empty":        runs(""),
			"Run blanks":       runs(" \t\n"),
			"Run semicolons":   runs(" ; ;"),
			"Run comments":     runs("-- DELETE FROM keep\n/* DROP TABLE keep */"),
			"Get comment":      gets("/* SELECT 1 */"),
			"Prepare empty":    prepares(""),
			"Exec comment":     execs("-- nothing"),
			"Exec empty":       execs(""),
			"Iterate nothing":  iterates(";"),
			"Pragma empty":     func(ctx context.Context, e *spec.Env) error { _, err := e.DB.Pragma(ctx, ""); return err },
			"PragmaValue none": func(ctx context.Context, e *spec.Env) error { _, err := e.DB.PragmaValue(ctx, " "); return err },
		}),
		Want: map[string]string{"Run empty": "ErrNoStatement", "Run blanks": "ErrNoStatement", "Run semicolons": "ErrNoStatement",
			"Run comments": "ErrNoStatement", "Get comment": "ErrNoStatement", "Prepare empty": "ErrNoStatement",
			"Exec comment": "nil", "Exec empty": "nil", "Iterate nothing": "ErrNoStatement",
			"Pragma empty": "ErrPragma", "PragmaValue none": "ErrPragma"},
	},
	{
		Name:  "MultipleStatementsRunNothing",
		Doc:   "Run, Get, All, Iterate and Prepare refuse two statements with ErrMultipleStatements before running either",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"Run":                      runs("SELECT 1; DELETE FROM keep"),
			"Get":                      gets("DELETE FROM keep; SELECT count(*) FROM keep"),
			"All":                      alls("SELECT * FROM keep; DROP TABLE keep"),
			"Iterate":                  iterates("SELECT * FROM keep;UPDATE keep SET v = 'x'"),
			"Prepare":                  prepares("SELECT 1;\nDELETE FROM keep;"),
			"Prepare trailing comment": prepares("SELECT 1; -- only a comment follows"),
		}),
		Want: map[string]string{"Run": "ErrMultipleStatements", "Get": "ErrMultipleStatements", "All": "ErrMultipleStatements",
			"Iterate": "ErrMultipleStatements", "Prepare": "ErrMultipleStatements", "Prepare trailing comment": "nil"},
	},
	{
		Name:  "ScriptErrorStopsThere",
		Doc:   "Exec stops at the first failing statement: the statements before it stay done, the ones after it never run",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			err := e.DB.Exec(ctx, "INSERT INTO keep(v) VALUES ('four'); INSERT INTO keep VALUES (; DELETE FROM keep")
			if !isCode(err, sqlite.ERROR) {
				return nil, spec.Failf("Exec: %v, want SQLITE_ERROR", err)
			}
			want := append(append([]string{}, keepRows...), "4=four")
			if err := intact(ctx, e, want); err != nil {
				return nil, err
			}
			return keepContent(ctx, e.DB)
		},
		Want: []string{"1=one", "2=two", "3=three", "4=four"},
	},
	{
		Name:  "NULByteInSQL",
		Doc:   "SQL text with a NUL byte is refused with a typed error on every path, DB.SQL's included: SQLite would stop reading at the NUL and run only the part before it (here DELETE without its WHERE)",
		Setup: keep + "CREATE TABLE scratch(id INTEGER PRIMARY KEY);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			const del = "DELETE FROM scratch \x00WHERE id = 4"
			out := map[string]string{}
			for name, try := range map[string]func() error{
				"Run":  func() error { _, err := e.DB.Run(ctx, del); return err },
				"Exec": func() error { return e.DB.Exec(ctx, del) },
				"Get": func() error {
					var n int64
					return e.DB.Get(ctx, &n, "DELETE FROM scratch \x00WHERE id = 4 RETURNING id")
				},
				"Prepare": func() error {
					s, err := e.DB.Prepare(ctx, del)
					if err != nil {
						return err
					}
					defer s.Close()
					_, err = s.Run(ctx)
					return err
				},
				"tx.Run": func() error {
					if err := e.LackedPath(adapter.FeatureTransactions); err != nil {
						return err
					}
					return e.DB.Transaction(ctx, func(tx *adapter.Tx) error { _, err := tx.Run(ctx, del); return err })
				},
				"second statement": func() error { _, err := e.DB.Run(ctx, "SELECT 1\x00; DELETE FROM scratch"); return err },
				"SQL().Exec":       func() error { _, err := e.DB.SQL().ExecContext(ctx, del); return err },
				"SQL().Query": func() error {
					rows, err := e.DB.SQL().QueryContext(ctx, "DELETE FROM scratch \x00WHERE id = 4 RETURNING id")
					if err != nil {
						return err
					}
					defer rows.Close()
					for rows.Next() {
					}
					return rows.Err()
				},
			} {
				if err := e.DB.Exec(ctx, "DELETE FROM scratch; INSERT INTO scratch VALUES (1), (2), (3)"); err != nil {
					return nil, err
				}
				err := try()
				var lacked *spec.LackedPath
				if errors.As(err, &lacked) {
					out[name] = lacked.Answer
					continue
				}
				var n int64
				if cerr := e.DB.Get(ctx, &n, "SELECT count(*) FROM scratch"); cerr != nil {
					return nil, cerr
				}
				switch {
				case n != 3:
					out[name] = fmt.Sprintf("ran the text before the NUL (error %s): %d of 3 rows deleted", kind(err), 3-n)
				case err == nil:
					out[name] = "accepted"
				default:
					out[name] = kind(refused(func(context.Context, *spec.Env) error { return err })(ctx, e))
				}
			}
			return out, intact(ctx, e, nil)
		},
		Want: map[string]string{"Run": "refused", "Exec": "refused", "Get": "refused", "Prepare": "refused",
			"tx.Run": "refused", "second statement": "refused", "SQL().Exec": "refused", "SQL().Query": "refused"},
		Cmp: []cmp.Option{spec.IgnoreLackedPaths},
	},
	{
		Name:  "BeyondSQLiteLimits",
		Doc:   "statements beyond SQLite's limits (expression depth, result columns, compound terms, LIKE pattern length, parameter number) are SQLITE_ERROR, not a crash",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"nested parentheses": runs("UPDATE keep SET v = " + strings.Repeat("(", 5000) + "'x'" + strings.Repeat(")", 5000)),
			"deep expression":    runs("UPDATE keep SET v = 'x' WHERE id = 0" + strings.Repeat(" + 1", 5000)),
			"too many columns":   gets("SELECT " + strings.TrimSuffix(strings.Repeat("1,", 33000), ",")),
			"compound terms":     alls("SELECT 1" + strings.Repeat(" UNION ALL SELECT 1", 600)),
			"LIKE pattern":       gets("SELECT 'a' LIKE ?", strings.Repeat("%", 60000)),
			"parameter number":   gets("SELECT ?40000", 1),
		}),
		Want: map[string]string{"nested parentheses": "SQLITE_ERROR", "deep expression": "SQLITE_ERROR",
			"too many columns": "SQLITE_ERROR", "compound terms": "SQLITE_ERROR", "LIKE pattern": "SQLITE_ERROR",
			"parameter number": "SQLITE_ERROR"},
	},
	{
		Name:  "ConstraintViolations",
		Doc:   "NOT NULL, CHECK, PRIMARY KEY, UNIQUE and FOREIGN KEY violations carry their extended codes and change nothing",
		Setup: keep + "CREATE UNIQUE INDEX keep_v ON keep(v); CREATE TABLE child(k INTEGER REFERENCES keep(id));",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for name, try := range map[string]func() error{
				"not null":    func() error { _, err := e.DB.Run(ctx, "UPDATE keep SET v = NULL WHERE id = 1"); return err },
				"check":       func() error { _, err := e.DB.Run(ctx, "UPDATE keep SET v = '' WHERE id = 1"); return err },
				"primary key": func() error { _, err := e.DB.Run(ctx, "INSERT INTO keep(id, v) VALUES (1, 'x')"); return err },
				"unique":      func() error { _, err := e.DB.Run(ctx, "UPDATE keep SET v = 'one'"); return err },
				"foreign key": func() error { _, err := e.DB.Run(ctx, "INSERT INTO child VALUES (99)"); return err },
				"datatype": func() error {
					if err := e.DB.Exec(ctx, "CREATE TABLE s(n INTEGER) STRICT"); err != nil {
						return err
					}
					_, err := e.DB.Run(ctx, "INSERT INTO s VALUES ('not a number')")
					return err
				},
			} {
				err := try()
				var se *adapter.Error
				if !errors.As(err, &se) {
					out[name] = kind(err)
					continue
				}
				out[name] = se.ExtendedCode().String()
			}
			return out, intact(ctx, e, nil)
		},
		Want: map[string]string{"not null": "SQLITE_CONSTRAINT_NOTNULL", "check": "SQLITE_CONSTRAINT_CHECK",
			"primary key": "SQLITE_CONSTRAINT_PRIMARYKEY", "unique": "SQLITE_CONSTRAINT_UNIQUE",
			"foreign key": "SQLITE_CONSTRAINT_FOREIGNKEY", "datatype": "SQLITE_CONSTRAINT_DATATYPE"},
	},
}
