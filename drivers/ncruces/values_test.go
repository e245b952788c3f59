package ncruces

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

func TestRoundTrip(t *testing.T) {
	big := make([]byte, 10<<20)
	rand.NewChaCha8([32]byte{1}).Read(big)

	tests := []struct {
		name     string
		in       driver.Value
		want     driver.Value
		typeName string // typeof() of the stored value
	}{
		{"int64 min", int64(math.MinInt64), int64(math.MinInt64), "integer"},
		{"int64 max", int64(math.MaxInt64), int64(math.MaxInt64), "integer"},
		{"zero", int64(0), int64(0), "integer"},
		{"float", 3.25, 3.25, "real"},
		{"float max", math.MaxFloat64, math.MaxFloat64, "real"},
		{"float denormal", math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64, "real"},
		{"float negative", -1.5e-300, -1.5e-300, "real"},
		{"text", "hello", "hello", "text"},
		{"text unicode", "héllo, 世界 🎉", "héllo, 世界 🎉", "text"},
		{"text with NUL", "a\x00b\x00", "a\x00b\x00", "text"},
		{"empty text", "", "", "text"},
		{"blob", []byte{0, 1, 2, 0xff}, []byte{0, 1, 2, 0xff}, "blob"},
		{"empty blob", []byte{}, []byte{}, "blob"},
		{"null", nil, nil, "null"},
		{"nil blob is null", []byte(nil), nil, "null"},
		{"true", true, int64(1), "integer"},
		{"false", false, int64(0), "integer"},
		{"10 MB blob", big, big, "blob"},
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
			if len(rows) != 1 {
				t.Fatalf("%d rows", len(rows))
			}
			got := rows[0][0]
			if reflect.TypeOf(got) != reflect.TypeOf(tt.want) {
				t.Fatalf("got %T, want %T", got, tt.want)
			}
			if b, ok := tt.want.([]byte); ok {
				if g := got.([]byte); g == nil || !bytes.Equal(g, b) {
					t.Errorf("got %d bytes (nil: %t), want %d", len(g), g == nil, len(b))
				}
			} else if got != tt.want {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
			if rows[0][1] != tt.typeName {
				t.Errorf("typeof = %v, want %s", rows[0][1], tt.typeName)
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

func TestDeclaredTypesIgnored(t *testing.T) {
	db := memDB(t)
	mustExec(t, db, "CREATE TABLE d(a DATETIME, b BOOLEAN, c DATE, e TIMESTAMP, f VARCHAR(10), g)",
		"INSERT INTO d VALUES ('2024-01-02 03:04:05', 1, '2024-01-02', 1700000000, 'x', 2.5)")

	rows, err := rawQuery(t, db, "SELECT a, b, c, e, f, g, a || '' FROM d")
	if err != nil {
		t.Fatal(err)
	}
	want := []driver.Value{"2024-01-02 03:04:05", int64(1), "2024-01-02", int64(1700000000), "x", 2.5, "2024-01-02 03:04:05"}
	if !reflect.DeepEqual(rows[0], want) {
		t.Errorf("got %#v, want %#v", rows[0], want)
	}

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
	var vals [7]any
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if !rs.Next() {
		t.Fatal(rs.Err())
	}
	if err := rs.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	for i, v := range vals {
		switch v.(type) {
		case time.Time, bool:
			t.Errorf("column %d scanned as %T", i, v)
		}
	}
}

func TestNamedParams(t *testing.T) {
	db := memDB(t)
	tests := []struct {
		query string
		args  []any
		want  []any
	}{
		{"SELECT :a", []any{sql.Named("a", int64(1))}, []any{int64(1)}},
		{"SELECT @a", []any{sql.Named("a", "two")}, []any{"two"}},
		{"SELECT $a", []any{sql.Named("a", 3.5)}, []any{3.5}},
		{"SELECT :a, :a", []any{sql.Named("a", int64(4))}, []any{int64(4), int64(4)}},
		{"SELECT :b, :a", []any{sql.Named("a", int64(1)), sql.Named("b", int64(2))}, []any{int64(2), int64(1)}},
		{"SELECT ?2, ?1", []any{int64(1), int64(2)}, []any{int64(2), int64(1)}},
		{"SELECT :a, ?", []any{sql.Named("a", int64(1)), int64(2)}, []any{int64(1), int64(2)}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := make([]any, len(tt.want))
			ptrs := make([]any, len(got))
			for i := range got {
				ptrs[i] = &got[i]
			}
			if err := db.QueryRow(tt.query, tt.args...).Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := db.Exec("SELECT :b", sql.Named("a", int64(1))); !errors.Is(err, adapter.ErrArgument) {
		t.Errorf("unknown name: %v", err)
	}

	// :a, @a and $a are three parameters to SQLite (NumInput 3, so
	// database/sql wants three arguments), but one named argument binds
	// them all.
	rows, err := rawQuery(t, db, "SELECT :a, @a, $a", driver.NamedValue{Name: "a", Value: int64(5)})
	if err != nil {
		t.Fatal(err)
	}
	if want := []driver.Value{int64(5), int64(5), int64(5)}; !reflect.DeepEqual(rows[0], want) {
		t.Errorf("got %v, want %v", rows[0], want)
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

func TestPrepare(t *testing.T) {
	tests := []struct {
		query    string
		numInput int
		wantErr  error // nil, adapter.ErrNoStatement or adapter.ErrMultipleStatements
		code     adapter.ExtendedErrorCode
	}{
		{query: "SELECT 1", numInput: 0},
		{query: "SELECT ?, ?", numInput: 2},
		{query: "SELECT ?3", numInput: 3},
		{query: "SELECT :a, :b, :a, @c", numInput: 3},
		{query: "SELECT 1;", numInput: 0},
		{query: "SELECT 1; ;\n -- trailing\n /* block */ ;", numInput: 0},
		{query: "SELECT 1; /* unterminated", numInput: 0},
		{query: "SELECT 1 -- no newline", numInput: 0},
		{query: "", wantErr: adapter.ErrNoStatement},
		{query: "  \n\t", wantErr: adapter.ErrNoStatement},
		{query: "-- only a comment", wantErr: adapter.ErrNoStatement},
		{query: "/* c */ ;", wantErr: adapter.ErrNoStatement},
		{query: "SELECT 1; SELECT 2", wantErr: adapter.ErrMultipleStatements},
		{query: "SELECT 1; -- c\n SELECT 2", wantErr: adapter.ErrMultipleStatements},
		{query: "SELECT 1; x", wantErr: adapter.ErrMultipleStatements},
		{query: "SELEC 1", code: 1},
		{query: "SELECT * FROM nope", code: 1},
	}
	db := memDB(t)
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			err := withConn(t, db, func(c *conn) error {
				st, err := c.PrepareContext(context.Background(), tt.query)
				if err != nil {
					return err
				}
				defer st.Close()
				if n := st.NumInput(); n != tt.numInput {
					t.Errorf("NumInput = %d, want %d", n, tt.numInput)
				}
				return nil
			})
			switch {
			case tt.code != 0:
				if code, _ := decode(t, err); code != tt.code {
					t.Errorf("code %d, want %d", code, tt.code)
				}
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("err = %v, want %v", err, tt.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			}
		})
	}
}

func TestResult(t *testing.T) {
	db := memDB(t)
	mustExec(t, db, "CREATE TABLE t(id INTEGER PRIMARY KEY, x)")
	res, err := db.Exec("INSERT INTO t(id, x) VALUES (41, 'a'), (42, 'b'), (43, 'c')")
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := res.LastInsertId(); id != 43 {
		t.Errorf("LastInsertId = %d", id)
	}
	if n, _ := res.RowsAffected(); n != 3 {
		t.Errorf("RowsAffected = %d", n)
	}
	res, err = db.Exec("UPDATE t SET x = 'z' WHERE id >= 42")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 2 {
		t.Errorf("RowsAffected = %d", n)
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
	if code, _ := decode(t, err); code != adapter.ErrConstraintUnique {
		t.Errorf("code %d", code)
	}
	// The connection is still usable.
	var n int64
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 1 {
		t.Errorf("count %d, %v", n, err)
	}
}

func TestTransactions(t *testing.T) {
	db := openDB(t, adapter.ConnConfig{Path: tempPath(t, "tx.db")})
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
	db := openDB(t, adapter.ConnConfig{Path: tempPath(t, "pool.db")})
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
