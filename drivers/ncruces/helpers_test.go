package ncruces

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"path/filepath"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

// testConnector opens connections with Driver.OpenConn, so database/sql
// talks to this package's driver.Conn directly (no adapter in between).
type testConnector struct{ cfg adapter.ConnConfig }

func (c testConnector) Connect(ctx context.Context) (driver.Conn, error) {
	return Driver{}.OpenConn(ctx, c.cfg)
}

func (testConnector) Driver() driver.Driver { return noDSN{} }

type noDSN struct{}

func (noDSN) Open(string) (driver.Conn, error) { return nil, errors.New("open by DSN not supported") }

// openDB returns a pool over cfg, closed at the end of the test. A private
// in-memory database gets a single connection so that it stays one
// database.
func openDB(t testing.TB, cfg adapter.ConnConfig) *sql.DB {
	t.Helper()
	db := sql.OpenDB(testConnector{cfg})
	if cfg.Path == ":memory:" {
		db.SetMaxOpenConns(1)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func memDB(t testing.TB) *sql.DB {
	return openDB(t, adapter.ConnConfig{Path: ":memory:"})
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
func decode(t testing.TB, err error) (adapter.ExtendedErrorCode, string) {
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
