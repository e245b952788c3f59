package api

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/google/go-cmp/cmp"
)

// escapeCases: DB.SQL and DB.SQLX are the same library, not a different
// one: their errors are *adapter.Error with the same codes, and times
// declared DATE, DATETIME or TIMESTAMP scan into time.Time as with the raw
// drivers; the adapter's own API keeps its values as stored.
var escapeCases = []spec.Case{
	{
		Name:  "SQLErrorsAreAdapterErrors",
		Doc:   "errors through DB.SQL (Exec, QueryRow, Prepare, Tx, Stmt) and DB.SQLX satisfy errors.As(err, &*adapter.Error) with SQLite's extended code",
		Setup: "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER CHECK (n > 0)); INSERT INTO t VALUES (1, 'a', 1)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			db := e.DB.SQL()
			out := map[string]string{}
			_, err := db.ExecContext(ctx, "INSERT INTO t(name, n) VALUES ('a', 2)")
			out["SQL().ExecContext"] = codeOf(err)
			var x any
			out["SQL().QueryRowContext"] = codeOf(db.QueryRowContext(ctx, "SELECT nope FROM t").Scan(&x))
			_, err = db.PrepareContext(ctx, "SELEC 1")
			out["SQL().PrepareContext"] = codeOf(err)
			out["SQLX().GetContext"] = codeOf(e.DB.SQLX().GetContext(ctx, &x, "SELECT * FROM missing"))
			if lacked := e.Lacks(adapter.FeatureTransactions); lacked != "" {
				out["sql.Tx.ExecContext"] = lacked
			} else {
				tx, err := db.BeginTx(ctx, nil)
				if err != nil {
					return nil, err
				}
				_, err = tx.ExecContext(ctx, "INSERT INTO t(name, n) VALUES (NULL, 2)")
				out["sql.Tx.ExecContext"] = codeOf(err)
				tx.Rollback()
			}
			st, err := db.PrepareContext(ctx, "INSERT INTO t(name, n) VALUES (?, ?)")
			if err != nil {
				return nil, err
			}
			defer st.Close()
			_, err = st.ExecContext(ctx, "b", -1)
			out["sql.Stmt.ExecContext"] = codeOf(err)
			return out, nil
		},
		Want: map[string]string{
			"SQL().ExecContext":     "SQLITE_CONSTRAINT_UNIQUE",
			"SQL().QueryRowContext": "SQLITE_ERROR",
			"SQL().PrepareContext":  "SQLITE_ERROR",
			"SQLX().GetContext":     "SQLITE_ERROR",
			"sql.Tx.ExecContext":    "SQLITE_CONSTRAINT_NOTNULL",
			"sql.Stmt.ExecContext":  "SQLITE_CONSTRAINT_CHECK",
		},
		Cmp: []cmp.Option{spec.IgnoreLackedPaths},
	},
	{
		Name: "SQLScanDeclaredTimes",
		Doc: "through DB.SQL and DB.SQLX, columns declared DATE, DATETIME or TIMESTAMP scan into time.Time from TEXT, " +
			"INTEGER Unix seconds and REAL Julian days, as with the raw drivers",
		Setup: "CREATE TABLE t(id INTEGER PRIMARY KEY, d DATE, dt DATETIME, ts TIMESTAMP);" +
			"INSERT INTO t VALUES (1, '2024-05-01', '2024-05-01 12:30:00', '2024-05-01T12:30:00.5+02:00');" +
			"INSERT INTO t VALUES (2, 1714566600, 2460432.25, '2024-05-01 12:30:00.000000001Z')",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string][]string{}
			rows, err := e.DB.SQL().QueryContext(ctx, "SELECT d, dt, ts FROM t ORDER BY id")
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			for rows.Next() {
				var a, b, c time.Time
				if err := rows.Scan(&a, &b, &c); err != nil {
					return nil, fmt.Errorf("SQL() Scan into time.Time: %w", err)
				}
				out["SQL()"] = append(out["SQL()"], rfc(a), rfc(b), rfc(c))
			}
			if err := rows.Err(); err != nil {
				return nil, err
			}
			var s struct {
				D  time.Time `db:"d"`
				DT time.Time `db:"dt"`
				TS time.Time `db:"ts"`
			}
			if err := e.DB.SQLX().GetContext(ctx, &s, "SELECT d, dt, ts FROM t WHERE id = 1"); err != nil {
				return nil, fmt.Errorf("SQLX() Get into time.Time fields: %w", err)
			}
			out["SQLX()"] = []string{rfc(s.D), rfc(s.DT), rfc(s.TS)}
			return out, nil
		},
		Want: map[string][]string{
			"SQL()": {"2024-05-01T00:00:00Z", "2024-05-01T12:30:00Z", "2024-05-01T12:30:00.5+02:00",
				"2024-05-01T12:30:00Z", "2024-05-01T18:00:00Z", "2024-05-01T12:30:00.000000001Z"},
			"SQLX()": {"2024-05-01T00:00:00Z", "2024-05-01T12:30:00Z", "2024-05-01T12:30:00.5+02:00"},
		},
	},
	{
		Name:  "DeclaredTimesStayAsStoredInTheAdapter",
		Doc:   "through the adapter's own API (Get, Iterate, Stmt) a DATETIME column holding TEXT reads as that TEXT into an any, whatever DB.SQL does",
		Setup: "CREATE TABLE t(dt DATETIME); INSERT INTO t VALUES ('2024-05-01 12:30:00')",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]any{}
			var v any
			if err := e.DB.Get(ctx, &v, "SELECT dt FROM t"); err != nil {
				return nil, err
			}
			out["Get"] = v
			for row, err := range e.DB.Iterate(ctx, "SELECT dt FROM t") {
				if err != nil {
					return nil, err
				}
				out["Iterate"] = row["dt"]
			}
			st, err := e.DB.Prepare(ctx, "SELECT dt FROM t")
			if err != nil {
				return nil, err
			}
			defer st.Close()
			var w any
			if err := st.Get(ctx, &w); err != nil {
				return nil, err
			}
			out["Stmt.Get"] = w
			return out, nil
		},
		Want: map[string]any{"Get": "2024-05-01 12:30:00", "Iterate": "2024-05-01 12:30:00", "Stmt.Get": "2024-05-01 12:30:00"},
	},
}

// codeOf names the extended code of an *adapter.Error, or says what err is.
func codeOf(err error) string {
	var e *adapter.Error
	switch {
	case err == nil:
		return "no error"
	case errors.As(err, &e):
		return e.ExtendedCode().String()
	}
	return fmt.Sprintf("not an *adapter.Error: %T %v", err, err)
}

// rfc formats a time for comparison, keeping its offset.
func rfc(t time.Time) string { return t.Format(time.RFC3339Nano) }
