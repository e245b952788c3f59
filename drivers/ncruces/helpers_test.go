package ncruces

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"io"
	"path/filepath"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter/drivertest"
)

// openDB returns a database/sql pool over Driver.OpenConn with cfg, with
// no adapter in between, closed at the end of the test.
func openDB(t testing.TB, cfg contract.ConnConfig) *sql.DB {
	t.Helper()
	return drivertest.OpenDB(t, Driver{}, cfg)
}

func memDB(t testing.TB) *sql.DB {
	return openDB(t, contract.ConnConfig{Path: ":memory:"})
}

// tempPath returns a path for a new database file in a fresh directory.
func tempPath(t testing.TB, name string) string {
	return filepath.Join(t.TempDir(), name)
}

// mustExec runs statements, failing the test on error.
func mustExec(t testing.TB, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, queries ...string) {
	t.Helper()
	for _, q := range queries {
		if _, err := db.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// withConn runs fn on a driver connection of db.
func withConn(t testing.TB, db *sql.DB, fn func(c *conn) error) error {
	t.Helper()
	sc, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	return sc.Raw(func(dc any) error { return fn(dc.(*conn)) })
}

// rawQuery runs query on a driver connection of db, bypassing database/sql
// value conversion, and returns every row exactly as Next produced it.
func rawQuery(t testing.TB, db *sql.DB, query string, args ...driver.NamedValue) ([][]driver.Value, error) {
	t.Helper()
	var out [][]driver.Value
	err := withConn(t, db, func(c *conn) error {
		st, err := c.PrepareContext(context.Background(), query)
		if err != nil {
			return err
		}
		defer st.Close()
		rs, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), args)
		if err != nil {
			return err
		}
		defer rs.Close()
		for {
			row := make([]driver.Value, len(rs.Columns()))
			if err := rs.Next(row); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			out = append(out, row)
		}
	})
	return out, err
}

// decode runs DecodeError and fails the test if err is not an SQLite error.
func decode(t testing.TB, err error) (sqlite.ExtendedCode, string) {
	t.Helper()
	code, msg, ok := Driver{}.DecodeError(err)
	if !ok {
		t.Fatalf("DecodeError(%v [%T]): not an ncruces error", err, err)
	}
	return code, msg
}

// args makes positional driver arguments.
func args(vs ...driver.Value) []driver.NamedValue {
	return positional(vs)
}
