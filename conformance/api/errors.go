package api

import (
	"context"
	"errors"
	"strings"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// constraintTables is the Setup of the error cases.
const constraintTables = `CREATE TABLE p(id INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT NOT NULL, qty INTEGER CHECK (qty >= 0));
	CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id));
	CREATE TABLE k(key TEXT PRIMARY KEY, v) WITHOUT ROWID;
	CREATE TABLE r(key TEXT PRIMARY KEY, v);
	CREATE TRIGGER no_negative BEFORE UPDATE OF qty ON p WHEN new.qty < -100 BEGIN SELECT RAISE(ABORT, 'far too negative'); END;
	INSERT INTO p VALUES (1, 'A', 'first', 5);
	INSERT INTO k VALUES ('x', 1);
	INSERT INTO r VALUES ('x', 1);`

// errorCases: SQLite's errors carry the same primary and extended codes,
// and the same undecorated message, on every driver.
var errorCases = []spec.Case{
	{
		Name:    "ErrorUnique",
		Doc:     "a duplicate in a UNIQUE column is ErrConstraintUnique",
		Setup:   constraintTables,
		Query:   "INSERT INTO p(id, code, name) VALUES (2, 'A', 'dup')",
		WantErr: sqlite.CONSTRAINT_UNIQUE,
	},
	{
		Name:    "ErrorUniqueIsConstraint",
		Doc:     "ErrConstraintUnique is also the primary code ErrConstraint",
		Setup:   constraintTables,
		Action:  run("INSERT INTO p(code, name) VALUES ('A', 'dup')"),
		WantErr: sqlite.CONSTRAINT,
	},
	{
		Name:    "ErrorNotNull",
		Doc:     "NULL in a NOT NULL column is ErrConstraintNotNull",
		Setup:   constraintTables,
		Action:  run("INSERT INTO p(code, name) VALUES (?, ?)", "B", nil),
		WantErr: sqlite.CONSTRAINT_NOTNULL,
	},
	{
		Name:    "ErrorCheck",
		Doc:     "a failed CHECK is ErrConstraintCheck",
		Setup:   constraintTables,
		Action:  run("UPDATE p SET qty = -1 WHERE id = 1"),
		WantErr: sqlite.CONSTRAINT_CHECK,
	},
	{
		Name:    "ErrorForeignKey",
		Doc:     "a dangling reference (foreign keys are on by default) is ErrConstraintForeignKey",
		Setup:   constraintTables,
		Action:  run("INSERT INTO c(pid) VALUES (99)"),
		WantErr: sqlite.CONSTRAINT_FOREIGNKEY,
	},
	{
		Name:    "ErrorForeignKeyDelete",
		Doc:     "deleting a referenced row is ErrConstraintForeignKey",
		Setup:   constraintTables + "INSERT INTO c(pid) VALUES (1);",
		Action:  run("DELETE FROM p WHERE id = 1"),
		WantErr: sqlite.CONSTRAINT_FOREIGNKEY,
	},
	{
		Name:    "ErrorPrimaryKeyRowid",
		Doc:     "a duplicate INTEGER PRIMARY KEY is ErrConstraintPrimaryKey",
		Setup:   constraintTables,
		Action:  run("INSERT INTO p(id, code, name) VALUES (1, 'Z', 'dup')"),
		WantErr: sqlite.CONSTRAINT_PRIMARYKEY,
	},
	{
		Name:    "ErrorPrimaryKeyText",
		Doc:     "a duplicate TEXT PRIMARY KEY is ErrConstraintPrimaryKey",
		Setup:   constraintTables,
		Action:  run("INSERT INTO r VALUES ('x', 2)"),
		WantErr: sqlite.CONSTRAINT_PRIMARYKEY,
	},
	{
		Name:    "ErrorPrimaryKeyWithoutRowid",
		Doc:     "a duplicate key of a WITHOUT ROWID table is ErrConstraintPrimaryKey",
		Setup:   constraintTables,
		Action:  run("INSERT INTO k VALUES ('x', 2)"),
		WantErr: sqlite.CONSTRAINT_PRIMARYKEY,
	},
	{
		Name:    "ErrorRaiseAbort",
		Doc:     "RAISE(ABORT, ...) in a trigger is ErrConstraintTrigger",
		Setup:   constraintTables,
		Action:  run("UPDATE p SET qty = -500"),
		WantErr: sqlite.CONSTRAINT_TRIGGER,
	},
	{
		Name:    "ErrorSyntax",
		Doc:     "a syntax error is ErrError",
		Action:  run("SELEC 1"),
		WantErr: sqlite.ERROR,
	},
	{
		Name:    "ErrorMissingTable",
		Doc:     "a missing table is ErrError",
		Query:   "SELECT * FROM nope",
		WantErr: sqlite.ERROR,
	},
	{
		Name:    "ErrorMissingColumn",
		Doc:     "a missing column is ErrError",
		Setup:   constraintTables,
		Action:  get[int64]("SELECT nope FROM p"),
		WantErr: sqlite.ERROR,
	},
	{
		Name:  "ErrorDetails",
		Doc:   "*adapter.Error gives the codes, SQLite's own message without driver decoration, the driver and the SQL",
		Setup: constraintTables,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var out []adapter.Row
			for _, q := range []string{
				"INSERT INTO p(code, name) VALUES ('A', 'dup')",
				"INSERT INTO p(code, name) VALUES ('B', NULL)",
				"UPDATE p SET qty = -500",
				"SELEC 1",
				"SELECT * FROM nope",
				"SELECT nope FROM p",
			} {
				_, err := e.DB.Run(ctx, q)
				var se *adapter.Error
				if !errors.As(err, &se) {
					return nil, spec.Failf("Run(%q) error %v (%T) is not an *adapter.Error", q, err, err)
				}
				want := "sqlite: " + se.Message() + " (" + se.ExtendedCode().String() + ")"
				if se.Error() != want {
					return nil, spec.Failf("Error() = %q, want %q", se.Error(), want)
				}
				if se.Driver() != e.Driver.Name {
					return nil, spec.Failf("Driver() = %q, want %q", se.Driver(), e.Driver.Name)
				}
				if se.SQL() != q {
					return nil, spec.Failf("SQL() = %q, want %q", se.SQL(), q)
				}
				out = append(out, adapter.Row{"code": se.Code().String(), "extended": se.ExtendedCode().String(), "message": se.Message()})
			}
			return out, nil
		},
		Want: []adapter.Row{
			{"code": "SQLITE_CONSTRAINT", "extended": "SQLITE_CONSTRAINT_UNIQUE", "message": "UNIQUE constraint failed: p.code"},
			{"code": "SQLITE_CONSTRAINT", "extended": "SQLITE_CONSTRAINT_NOTNULL", "message": "NOT NULL constraint failed: p.name"},
			{"code": "SQLITE_CONSTRAINT", "extended": "SQLITE_CONSTRAINT_TRIGGER", "message": "far too negative"},
			{"code": "SQLITE_ERROR", "extended": "SQLITE_ERROR", "message": `near "SELEC": syntax error`},
			{"code": "SQLITE_ERROR", "extended": "SQLITE_ERROR", "message": "no such table: nope"},
			{"code": "SQLITE_ERROR", "extended": "SQLITE_ERROR", "message": "no such column: nope"},
		},
	},
	{
		Name:  "ErrorNoDriverText",
		Doc:   "Message() carries no driver prefix or code suffix (no \"sqlite3:\", \"SQL logic error\", \"(1)\")",
		Setup: constraintTables,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			_, err := e.DB.Run(ctx, "INSERT INTO c(pid) VALUES (99)")
			var se *adapter.Error
			if !errors.As(err, &se) {
				return nil, spec.Failf("error %v is not an *adapter.Error", err)
			}
			for _, bad := range []string{"sqlite3", "SQLITE_", "logic error", "(787)", "(19)", e.Driver.Name} {
				if strings.Contains(se.Message(), bad) {
					return nil, spec.Failf("Message() %q contains %q", se.Message(), bad)
				}
			}
			return se.Message(), nil
		},
		Want: "FOREIGN KEY constraint failed",
	},
}
