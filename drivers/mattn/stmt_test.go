//go:build cgo

package mattn

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/anysqlite/anysqlite/adapter/drivertest"
)

// openConn opens a connection of this driver, closed when the test ends.
func openConn(t testing.TB, path string) *conn {
	t.Helper()
	dc, err := Driver{}.OpenConn(context.Background(), contract.ConnConfig{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dc.Close() })
	return dc.(*conn)
}

// prep prepares query on c.
func prep(t testing.TB, c *conn, query string) *stmt {
	t.Helper()
	ds, err := c.PrepareContext(context.Background(), query)
	if err != nil {
		t.Fatalf("Prepare(%q): %v", query, err)
	}
	t.Cleanup(func() { ds.Close() })
	return ds.(*stmt)
}

// run executes query on c, failing the test on error.
func run(t testing.TB, c *conn, query string, args ...driver.Value) driver.Result {
	t.Helper()
	ds, err := c.PrepareContext(context.Background(), query)
	if err != nil {
		t.Fatalf("Prepare(%q): %v", query, err)
	}
	defer ds.Close()
	res, err := ds.(*stmt).Exec(args)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return res
}

// TestErrorsAreMattns checks that the errors of the steps this package
// takes itself are the sqlite3.Error values mattn returns for the same
// failures, message included.
func TestErrorsAreMattns(t *testing.T) {
	const schema = "CREATE TABLE t(id INTEGER PRIMARY KEY, u UNIQUE, n NOT NULL, c CHECK (c > 0))"
	const overflow = "SELECT abs(column1) FROM (VALUES (1), (-9223372036854775807 - 1))" // fails on the second row
	ref, err := mattnDriver.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	mc := ref.(*sqlite3.SQLiteConn)
	c := openConn(t, ":memory:")
	for _, q := range []string{schema, "INSERT INTO t VALUES(1, 'a', 'x', 1)"} {
		if _, err := mc.Exec(q, nil); err != nil {
			t.Fatal(err)
		}
		run(t, c, q)
	}

	// mattnErr runs query with args through mattn's own statement and
	// reads all rows, returning the first error.
	mattnErr := func(query string, args ...driver.Value) error {
		ds, err := mc.Prepare(query)
		if err != nil {
			return err
		}
		defer ds.Close()
		rows, err := ds.Query(args) //nolint:staticcheck // mattn's own path
		if err != nil {
			return err
		}
		return drainRows(rows)
	}
	ourErr := func(query string, exec bool, args ...driver.Value) error {
		ds, err := c.PrepareContext(context.Background(), query)
		if err != nil {
			return err
		}
		defer ds.Close()
		if exec {
			_, err := ds.(*stmt).Exec(args)
			return err
		}
		rows, err := ds.(*stmt).Query(args)
		if err != nil {
			return err
		}
		return drainRows(rows)
	}
	for _, tt := range []struct {
		name  string
		query string
		args  []driver.Value
	}{
		{"unique", "INSERT INTO t VALUES(2, 'a', 'x', 1)", nil},
		{"primary key", "INSERT INTO t VALUES(1, 'b', 'x', 1)", nil},
		{"not null", "INSERT INTO t VALUES(3, 'c', NULL, 1)", nil},
		{"check", "INSERT INTO t VALUES(?, ?, ?, ?)", []driver.Value{int64(4), "d", "x", int64(0)}},
		{"overflow on a later row", overflow, nil},
		{"bind out of range", "SELECT ?", []driver.Value{int64(1), int64(2)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := mattnErr(tt.query, tt.args...)
			if want == nil {
				t.Fatal("mattn reports no error")
			}
			for _, exec := range []bool{false, true} {
				got := ourErr(tt.query, exec, tt.args...)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("exec=%t: got %#v (%v), want mattn's %#v (%v)", exec, got, got, want, want)
				}
			}
		})
	}
}

// TestLocksReleased checks that an execution releases the statement's
// locks when it ends: after Exec of a query, after the last row, after an
// error, and at rows.Close.
func TestLocksReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	c1, c2 := openConn(t, path), openConn(t, path)
	run(t, c1, "CREATE TABLE t(x)")
	run(t, c1, "INSERT INTO t VALUES(1), (2), (3)")
	run(t, c2, "PRAGMA busy_timeout=0")
	// canLock reports whether c2 can take an exclusive lock, which a read
	// lock of c1 prevents.
	canLock := func() bool {
		t.Helper()
		st := prep(t, c2, "BEGIN EXCLUSIVE")
		if _, err := st.Exec(nil); err != nil {
			var e sqlite3.Error
			if !errors.As(err, &e) || e.Code != sqlite3.ErrBusy {
				t.Fatalf("BEGIN EXCLUSIVE: %v", err)
			}
			return false
		}
		run(t, c2, "COMMIT")
		return true
	}

	sel := prep(t, c1, "SELECT x FROM t")
	rows, err := sel.Query(nil)
	if err != nil {
		t.Fatal(err)
	}
	dest := make([]driver.Value, 1)
	if err := rows.Next(dest); err != nil {
		t.Fatal(err)
	}
	if canLock() {
		t.Fatal("another connection took an exclusive lock while rows were being read")
	}
	rows.Close()
	if !canLock() {
		t.Error("rows.Close kept a lock")
	}

	rows, err = sel.Query(nil)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next(dest) == nil {
	}
	if !canLock() {
		t.Error("reading all rows, without Close, kept a lock")
	}
	rows.Close()

	if _, err := sel.Exec(nil); err != nil {
		t.Fatal(err)
	}
	if !canLock() {
		t.Error("Exec of a query kept a lock")
	}

	bad := prep(t, c1, "SELECT abs(-9223372036854775807 - x) FROM t ORDER BY x") // fails on the first row
	if _, err := bad.Query(nil); err == nil {
		t.Fatal("no error")
	}
	if !canLock() {
		t.Error("a failed query kept a lock")
	}
	bad = prep(t, c1, "SELECT abs((1 - x) - 9223372036854775807) FROM t") // fails on the second row, x = 2
	rows, err = bad.Query(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := rows.Next(dest); err != nil {
		t.Fatal(err)
	}
	if err := rows.Next(dest); err == nil || err == io.EOF {
		t.Fatalf("second row: %v, want an error", err)
	}
	if !canLock() {
		t.Error("a query failed in Next kept a lock")
	}
	rows.Close()
}

// TestRowsOfEarlierExecution checks that the rows of an execution end when
// the statement runs again or is closed.
func TestRowsOfEarlierExecution(t *testing.T) {
	c := openConn(t, ":memory:")
	ds, err := c.PrepareContext(context.Background(), "SELECT value FROM generate_series(1, ?)")
	if err != nil {
		// generate_series is compiled in from 3.48 on; use a CTE otherwise.
		ds, err = c.PrepareContext(context.Background(), "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value+1 FROM s WHERE value < ?) SELECT value FROM s")
		if err != nil {
			t.Fatal(err)
		}
	}
	st := ds.(*stmt)
	dest := make([]driver.Value, 1)
	first, err := st.Query([]driver.Value{int64(3)})
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Next(dest); err != nil || dest[0] != int64(1) {
		t.Fatalf("Next = %v, %v", dest[0], err)
	}
	second, err := st.Query([]driver.Value{int64(2)})
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Next(dest); !errors.Is(err, errRowsClosed) {
		t.Errorf("Next of the earlier rows: %v, want %v", err, errRowsClosed)
	}
	var got []driver.Value
	for second.Next(dest) == nil {
		got = append(got, dest[0])
	}
	if !reflect.DeepEqual(got, []driver.Value{int64(1), int64(2)}) {
		t.Errorf("second execution returned %v", got)
	}
	first.Close()
	second.Close()

	third, err := st.Query([]driver.Value{int64(2)})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := third.Next(dest); !errors.Is(err, errRowsClosed) {
		t.Errorf("Next after stmt.Close: %v, want %v", err, errRowsClosed)
	}
	third.Close()
	if _, err := st.Exec(nil); !errors.Is(err, driver.ErrBadConn) {
		t.Errorf("Exec after Close: %v, want driver.ErrBadConn", err)
	}
}

// TestExecRunsToEnd checks that Exec runs a statement that returns rows
// to its end and reports what it changed.
func TestExecRunsToEnd(t *testing.T) {
	c := openConn(t, ":memory:")
	run(t, c, "CREATE TABLE t(id INTEGER PRIMARY KEY, x)")
	res := run(t, c, "INSERT INTO t(x) VALUES ('a'), ('b'), ('c') RETURNING id")
	if id, _ := res.LastInsertId(); id != 3 {
		t.Errorf("LastInsertId = %d, want 3", id)
	}
	if n, _ := res.RowsAffected(); n != 3 {
		t.Errorf("RowsAffected = %d, want 3", n)
	}
	// A trigger runs once per row stepped over.
	run(t, c, "CREATE TABLE log(x)")
	run(t, c, "CREATE TEMP TRIGGER tr AFTER UPDATE ON t BEGIN INSERT INTO log VALUES(new.x); END")
	run(t, c, "UPDATE t SET x = x || '!' RETURNING x")
	rows, err := prep(t, c, "SELECT count(*) FROM log").Query(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	dest := make([]driver.Value, 1)
	if err := rows.Next(dest); err != nil || dest[0] != int64(3) {
		t.Errorf("log holds %v rows (%v), want 3", dest[0], err)
	}
}

// TestBindDefaultConversions checks the values database/sql's default
// conversion passes on besides the adapter's types: bool and time.Time,
// bound as mattn binds them.
func TestBindDefaultConversions(t *testing.T) {
	db := drivertest.OpenDB(t, Driver{}, contract.ConnConfig{Path: ":memory:"})
	when := time.Date(2024, 1, 2, 3, 4, 5, 600, time.FixedZone("", 3600))
	var b, f int64
	var s, typ string
	err := db.QueryRow("SELECT ?, ?, ?, typeof(?)", true, false, when, when).Scan(&b, &f, &s, &typ)
	if err != nil {
		t.Fatal(err)
	}
	if b != 1 || f != 0 || s != "2024-01-02 03:04:05.0000006+01:00" || typ != "text" {
		t.Errorf("got %d, %d, %q, %s", b, f, s, typ)
	}
	if _, err := db.Exec("SELECT ?", struct{}{}); err == nil {
		t.Error("an argument of an unsupported type was accepted")
	}
}

// TestColumnNamesCached checks that the column names of a statement are
// read again only after SQLite re-prepared it.
func TestColumnNamesCached(t *testing.T) {
	c := openConn(t, ":memory:")
	run(t, c, "CREATE TABLE t(a, b)")
	st := prep(t, c, "SELECT * FROM t")
	cols := func() []string {
		t.Helper()
		rows, err := st.Query(nil)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		return rows.Columns()
	}
	if got := cols(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("Columns = %q", got)
	}
	names := st.names
	cols()
	if &names[0] != &st.names[0] {
		t.Error("the names were read again without a schema change")
	}
	run(t, c, "ALTER TABLE t RENAME COLUMN a TO z")
	if got := cols(); !reflect.DeepEqual(got, []string{"z", "b"}) {
		t.Errorf("Columns = %q after RENAME COLUMN", got)
	}
}

// TestInterruptAnyMoment checks that Interrupt, repeated every
// millisecond from another goroutine from a moment around the start of a
// long statement on, as the adapter does, ends it with SQLITE_INTERRUPT,
// also when it lands inside the one call into C that binds and steps
// (stmt.call) or just before the statement starts, where SQLite forgets
// it.
func TestInterruptAnyMoment(t *testing.T) {
	const long = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"
	c := openConn(t, ":memory:")
	st := prep(t, c, long)
	for i := range 200 {
		delay := time.Duration(i%20) * 50 * time.Microsecond
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			time.Sleep(delay)
			for {
				c.Interrupt()
				select {
				case <-done:
					return
				case <-time.After(time.Millisecond):
				}
			}
		})
		start := time.Now()
		var err error
		if i%2 == 0 {
			_, err = st.ExecContext(context.Background(), nil)
		} else {
			var rows driver.Rows
			if rows, err = st.QueryContext(context.Background(), nil); err == nil {
				err = drainRows(rows)
			}
		}
		close(done)
		wg.Wait()
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Fatalf("run %d returned after %v: %v", i, elapsed, err)
		}
		if code, _, ok := (Driver{}).DecodeError(err); !ok || code.Code() != sqlite.INTERRUPT {
			t.Fatalf("run %d: %v, want SQLITE_INTERRUPT", i, err)
		}
	}
}

// drainRows reads rows to their end, closes them and returns the first
// error.
func drainRows(rows driver.Rows) error {
	defer rows.Close()
	dest := make([]driver.Value, len(rows.Columns()))
	for {
		if err := rows.Next(dest); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}
