package ncruces

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"reflect"
	"testing"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
)

// TestBindBeyondContract checks the values ncruces binds beyond what the
// adapter passes a driver (drivertest checks those): bool, and a nil
// []byte as NULL.
func TestBindBeyondContract(t *testing.T) {
	tests := []struct {
		name     string
		in       driver.Value
		want     driver.Value
		typeName string // typeof() of the stored value
	}{
		{"nil blob is null", []byte(nil), nil, "null"},
		{"true", true, int64(1), "integer"},
		{"false", false, int64(0), "integer"},
	}
	db := memDB(t)
	mustExec(t, db, "CREATE TABLE t(v)")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustExec(t, db, "DELETE FROM t")
			err := withConn(t, db, func(c *conn) error {
				st, err := c.PrepareContext(context.Background(), "INSERT INTO t VALUES (?)")
				if err != nil {
					return err
				}
				defer st.Close()
				_, err = st.(driver.StmtExecContext).ExecContext(context.Background(), args(tt.in))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			rows, err := rawQuery(t, db, "SELECT v, typeof(v) FROM t")
			if err != nil {
				t.Fatal(err)
			}
			if want := []driver.Value{tt.want, tt.typeName}; len(rows) != 1 || !reflect.DeepEqual(rows[0], want) {
				t.Errorf("got %#v, want [%#v]", rows, want)
			}
		})
	}
}

// TestBlobCopied checks that a returned BLOB does not alias SQLite memory
// that the next row overwrites.
func TestBlobCopied(t *testing.T) {
	db := memDB(t)
	rows, err := rawQuery(t, db, "SELECT randomblob(64) FROM generate_series(1, 3)")
	if err != nil {
		// generate_series may be missing; fall back to a recursive CTE.
		rows, err = rawQuery(t, db, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 3) SELECT randomblob(64) FROM c")
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(rows) != 3 || bytes.Equal(rows[0][0].([]byte), rows[1][0].([]byte)) {
		t.Errorf("rows alias each other: %v", rows)
	}
}

// TestColumnDatabaseTypeName checks the declared types ncruces' rows
// report to database/sql (drivertest checks that values ignore them).
func TestColumnDatabaseTypeName(t *testing.T) {
	db := memDB(t)
	mustExec(t, db, "CREATE TABLE d(a DATETIME, b BOOLEAN, c DATE, e TIMESTAMP, f VARCHAR(10), g)",
		"INSERT INTO d VALUES ('2024-01-02 03:04:05', 1, '2024-01-02', 1700000000, 'x', 2.5)")
	rs, err := db.Query("SELECT a, b, c, e, f, g, a || '' FROM d")
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	types, err := rs.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	wantTypes := []string{"DATETIME", "BOOLEAN", "DATE", "TIMESTAMP", "VARCHAR(10)", "", ""}
	for i, ct := range types {
		if ct.DatabaseTypeName() != wantTypes[i] {
			t.Errorf("column %d: DatabaseTypeName %q, want %q", i, ct.DatabaseTypeName(), wantTypes[i])
		}
	}
}

func TestCheckNamedValue(t *testing.T) {
	db := memDB(t)
	for _, v := range []any{1, uint8(1), time.Now(), []string{"x"}} {
		if _, err := db.Exec("SELECT ?", v); !errors.Is(err, adapter.ErrArgument) {
			t.Errorf("%T: %v", v, err)
		}
	}
	for _, v := range []any{nil, int64(1), 1.5, "s", []byte("b"), true} {
		if _, err := db.Exec("SELECT ?", v); err != nil {
			t.Errorf("%T: %v", v, err)
		}
	}
}

// TestRowsLifecycle covers early Close, re-running a statement, and a new
// execution ending the rows of the previous one.
func TestRowsLifecycle(t *testing.T) {
	db := memDB(t)
	const series = "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 100) SELECT i FROM c"
	err := withConn(t, db, func(c *conn) error {
		st, err := c.PrepareContext(context.Background(), series)
		if err != nil {
			return err
		}
		defer st.Close()
		q := st.(driver.StmtQueryContext)
		row := make([]driver.Value, 1)
		for range 3 { // early close, then run again
			rs, err := q.QueryContext(context.Background(), nil)
			if err != nil {
				return err
			}
			if err := rs.Next(row); err != nil || row[0] != int64(1) {
				t.Errorf("first row %v, %v", row[0], err)
			}
			if err := rs.Close(); err != nil {
				t.Errorf("early Close: %v", err)
			}
			if err := rs.Next(row); err == nil || err == io.EOF {
				t.Errorf("Next after Close: %v", err)
			}
		}

		old, err := q.QueryContext(context.Background(), nil)
		if err != nil {
			return err
		}
		old.Next(row)
		fresh, err := q.QueryContext(context.Background(), nil)
		if err != nil {
			return err
		}
		if err := old.Next(row); err == nil || err == io.EOF {
			t.Errorf("stale rows still read: %v %v", row, err)
		}
		old.Close() // must not reset the statement under fresh
		n := 0
		for fresh.Next(row) == nil {
			n++
		}
		if n != 100 {
			t.Errorf("fresh rows: %d, want 100", n)
		}
		return fresh.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestQueryErrorSurfacesEarly(t *testing.T) {
	db := memDB(t)
	mustExec(t, db, "CREATE TABLE t(x UNIQUE)", "INSERT INTO t VALUES (1)")
	_, err := db.Query("INSERT INTO t VALUES (1) RETURNING x")
	if code, _ := decode(t, err); code != sqlite.CONSTRAINT_UNIQUE {
		t.Errorf("code %d", code)
	}
	// The connection is still usable.
	var n int64
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 1 {
		t.Errorf("count %d, %v", n, err)
	}
}

func TestTransactions(t *testing.T) {
	db := openDB(t, contract.ConnConfig{Path: tempPath(t, "tx.db")})
	mustExec(t, db, "CREATE TABLE t(x)")
	for _, opts := range []*sql.TxOptions{nil, {Isolation: sql.LevelSerializable}, {Isolation: sql.LevelLinearizable}} {
		tx, err := db.BeginTx(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec("INSERT INTO t VALUES (1)"); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, "INSERT INTO t VALUES (2)")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 1 {
		t.Errorf("count %d, %v", n, err)
	}
	if _, err := db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true}); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("read-only tx: %v", err)
	}
	if _, err := db.BeginTx(context.Background(), &sql.TxOptions{Isolation: sql.LevelReadUncommitted}); err == nil {
		t.Errorf("read uncommitted accepted")
	}
}

// TestConcurrentPool exercises several connections to one file at once
// (run with -race).
func TestConcurrentPool(t *testing.T) {
	db := openDB(t, contract.ConnConfig{Path: tempPath(t, "pool.db")})
	mustExec(t, db, "PRAGMA journal_mode=WAL", "CREATE TABLE t(g, i)")
	db.SetMaxOpenConns(4)
	errs := make(chan error, 4)
	for g := range int64(4) {
		go func() {
			for i := range int64(50) {
				if _, err := db.Exec("PRAGMA busy_timeout=10000; INSERT INTO t VALUES (?, ?)", g, i); err == nil {
					errs <- errors.New("multi-statement Exec accepted")
					return
				}
				c, err := db.Conn(context.Background())
				if err != nil {
					errs <- err
					return
				}
				_, err = c.ExecContext(context.Background(), "PRAGMA busy_timeout=10000")
				if err == nil {
					_, err = c.ExecContext(context.Background(), "INSERT INTO t VALUES (?, ?)", g, i)
				}
				if err == nil {
					var n int64
					err = c.QueryRowContext(context.Background(), "SELECT count(*) FROM t WHERE g = ?", g).Scan(&n)
					if err == nil && n != i+1 {
						err = errors.New("lost a row")
					}
				}
				c.Close()
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
