//go:build cgo

package mattn

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"path/filepath"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

// open opens a connection with the driver under test and closes it when
// the test ends.
func open(t *testing.T, cfg adapter.ConnConfig) driver.Conn {
	t.Helper()
	c, err := Driver{}.OpenConn(context.Background(), cfg)
	if err != nil {
		t.Fatalf("OpenConn(%+v): %v", cfg, err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return c
}

// tempDB returns the path of a database file in a fresh directory.
func tempDB(t *testing.T) string {
	return filepath.Join(t.TempDir(), "test.db")
}

// prepare compiles query on c.
func prepare(ctx context.Context, c driver.Conn, query string) (driver.Stmt, error) {
	return c.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

// execErr runs one statement with args.
func execErr(ctx context.Context, c driver.Conn, query string, args ...driver.NamedValue) error {
	st, err := prepare(ctx, c, query)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.(driver.StmtExecContext).ExecContext(ctx, args)
	return err
}

// mustExec runs one statement and fails the test on error.
func mustExec(t *testing.T, c driver.Conn, query string, args ...driver.NamedValue) {
	t.Helper()
	if err := execErr(context.Background(), c, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// queryErr runs one query and returns all its rows.
func queryErr(ctx context.Context, c driver.Conn, query string, args ...driver.NamedValue) ([][]driver.Value, error) {
	st, err := prepare(ctx, c, query)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all [][]driver.Value
	for {
		row := make([]driver.Value, len(rows.Columns()))
		err := rows.Next(row)
		if errors.Is(err, io.EOF) {
			return all, nil
		}
		if err != nil {
			return all, err
		}
		all = append(all, row)
	}
}

// mustQuery runs one query and fails the test on error.
func mustQuery(t *testing.T, c driver.Conn, query string, args ...driver.NamedValue) [][]driver.Value {
	t.Helper()
	rows, err := queryErr(context.Background(), c, query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return rows
}

// arg is a positional argument.
func arg(i int, v driver.Value) driver.NamedValue { return driver.NamedValue{Ordinal: i, Value: v} }
