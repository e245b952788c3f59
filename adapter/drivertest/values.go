package drivertest

import (
	"bytes"
	"database/sql/driver"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// testRoundTrip stores each kind of value the adapter binds in an untyped
// column and checks that it comes back with the same Go type and value,
// and the storage class SQLite reports.
func (k *kit) testRoundTrip(t *testing.T) {
	big := make([]byte, 10<<20) // 10 MB
	rand.NewChaCha8([32]byte{1}).Read(big)
	tests := []struct {
		name     string
		in       driver.Value
		want     driver.Value
		typeName string // SQLite's typeof()
	}{
		{"int64 min", int64(math.MinInt64), int64(math.MinInt64), "integer"},
		{"int64 max", int64(math.MaxInt64), int64(math.MaxInt64), "integer"},
		{"zero", int64(0), int64(0), "integer"},
		{"float", 1.5, 1.5, "real"},
		{"float max", math.MaxFloat64, math.MaxFloat64, "real"},
		{"float denormal", math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64, "real"},
		{"float negative", -1.5e-300, -1.5e-300, "real"},
		{"float +inf", math.Inf(1), math.Inf(1), "real"},
		{"float -inf", math.Inf(-1), math.Inf(-1), "real"},
		{"empty text", "", "", "text"},
		{"text", "héllo, wörld", "héllo, wörld", "text"},
		{"text unicode", "héllo, 世界 🎉", "héllo, 世界 🎉", "text"},
		{"text with NUL", "a\x00b\x00", "a\x00b\x00", "text"},
		{"empty blob", []byte{}, []byte{}, "blob"},
		{"blob", []byte{0, 1, 2, 0xff}, []byte{0, 1, 2, 0xff}, "blob"},
		{"10 MB blob", big, big, "blob"},
		{"null", nil, nil, "null"},
	}
	c := k.mem(t)
	mustExec(t, c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v)")
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k.skipUnsupported(t, "StorageClassRoundTrip/"+tt.name)
			mustExec(t, c, "INSERT INTO t(id, v) VALUES(?, ?)", arg(1, int64(i)), arg(2, tt.in))
			rows := mustQuery(t, c, "SELECT v, typeof(v) FROM t WHERE id = ?", arg(1, int64(i)))
			if len(rows) != 1 {
				t.Fatalf("got %d rows", len(rows))
			}
			got, typeName := rows[0][0], rows[0][1]
			if typeName != tt.typeName {
				t.Errorf("typeof = %v, want %s", typeName, tt.typeName)
			}
			if reflect.TypeOf(got) != reflect.TypeOf(tt.want) {
				t.Fatalf("got %T, want %T", got, tt.want)
			}
			if b, ok := got.([]byte); ok && b == nil {
				t.Fatalf("got a nil []byte, want a non-nil one")
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %s, want %s", short(got), short(tt.want))
			}
		})
	}
}

// testEmptyBlob checks that an empty BLOB, bound or made in SQL, comes back
// as a non-nil []byte{}, and NULL as nil, in one row.
func (k *kit) testEmptyBlob(t *testing.T) {
	c := k.mem(t)
	mustExec(t, c, "CREATE TABLE t(a, b, c)")
	mustExec(t, c, "INSERT INTO t VALUES(?, x'', NULL)", arg(1, []byte{}))
	for _, query := range []string{
		"SELECT a, b, c, zeroblob(0), CAST('' AS BLOB) FROM t",
		"SELECT a, b, c, zeroblob(0), CAST('' AS BLOB) FROM t WHERE a IS NOT NULL AND length(a) = 0",
	} {
		rows := mustQuery(t, c, query)
		if len(rows) != 1 {
			t.Fatalf("%s: %d rows, want 1 (the bound empty BLOB was stored as NULL?)", query, len(rows))
		}
		for i, v := range rows[0] {
			if i == 2 {
				if v != nil {
					t.Errorf("%s: NULL column is %#v, want nil", query, v)
				}
				continue
			}
			if b, ok := v.([]byte); !ok || b == nil || len(b) != 0 {
				t.Errorf("%s: column %d is %#v (%T), want a non-nil []byte{}", query, i, v, v)
			}
		}
	}
	if got := mustQuery(t, c, "SELECT typeof(a), typeof(b) FROM t"); !reflect.DeepEqual(got[0], []driver.Value{"blob", "blob"}) {
		t.Errorf("typeof = %v, want blob, blob", got[0])
	}
}

// testSeveralLargeArguments binds a small TEXT, then a large BLOB, a
// larger TEXT and an empty BLOB in one execution, twice, and checks that
// each reads back intact: a driver that copies arguments into a buffer of
// its own must not let a later, larger argument move the memory an
// earlier one was bound from.
func (k *kit) testSeveralLargeArguments(t *testing.T) {
	c := k.mem(t)
	mustExec(t, c, "CREATE TABLE t(a TEXT, b BLOB, c TEXT, d BLOB)")
	small, text := "small", strings.Repeat("text ", 3<<20/5) // 3 MiB
	blob := bytes.Repeat([]byte{1, 2, 3, 0}, 1<<19)          // 2 MiB
	for range 2 {
		mustExec(t, c, "DELETE FROM t")
		mustExec(t, c, "INSERT INTO t VALUES (?, ?, ?, ?)", arg(1, small), arg(2, blob), arg(3, text), arg(4, []byte{}))
		rows := mustQuery(t, c, "SELECT a, b, c, d FROM t")
		if len(rows) != 1 {
			t.Fatalf("%d rows, want 1", len(rows))
		}
		row := rows[0]
		b, _ := row[1].([]byte)
		d, isBytes := row[3].([]byte)
		if row[0] != small || !bytes.Equal(b, blob) || row[2] != text || !isBytes || d == nil || len(d) != 0 {
			t.Fatalf("read back %s, %s, %s, %#v; want %q, the %d-byte BLOB, the %d-byte TEXT, []byte{}",
				short(row[0]), short(row[1]), short(row[2]), row[3], small, len(blob), len(text))
		}
	}
}

// testDeclaredTypes checks that values of columns declared DATE, DATETIME,
// TIMESTAMP, BOOLEAN or VARCHAR come back as stored, never as time.Time or
// bool, in every way a result column can inherit a declared type, through
// the driver and through database/sql.
func (k *kit) testDeclaredTypes(t *testing.T) {
	const cols = "d, dt, ts, b, ti, bt, v, g, dt || ''"
	c := k.mem(t)
	mustExec(t, c, "CREATE TABLE t(d DATE, dt DATETIME, ts TIMESTAMP, b BOOLEAN, ti TIMESTAMP, bt BOOLEAN, v VARCHAR(10), g)")
	mustExec(t, c, "INSERT INTO t VALUES('2024-01-02', '2024-01-02 03:04:05', '2024-01-02T03:04:05Z', 1, 1700000000, 'true', 'x', 2.5)")
	mustExec(t, c, "CREATE VIEW v AS SELECT "+cols+" FROM t")
	want := []driver.Value{"2024-01-02", "2024-01-02 03:04:05", "2024-01-02T03:04:05Z", int64(1), int64(1700000000), "true", "x", 2.5, "2024-01-02 03:04:05"}
	queries := []string{
		"SELECT " + cols + " FROM t",
		"SELECT * FROM v",
		"SELECT * FROM (SELECT " + cols + " FROM t)",
		"SELECT " + cols + " FROM t UNION ALL SELECT " + cols + " FROM t",
	}
	for _, query := range queries {
		t.Run(query, func(t *testing.T) {
			rows := mustQuery(t, c, query)
			if len(rows) == 0 {
				t.Fatal("no rows")
			}
			for _, row := range rows {
				if !reflect.DeepEqual(row, want) {
					t.Errorf("got %#v, want %#v", row, want)
				}
			}
		})
	}
	// The same statement run again: drivers that cache column metadata per
	// statement must not convert on the second run.
	st, err := prepare(t.Context(), c, "SELECT d, b FROM t")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for range 2 {
		rows, err := queryStmt(t.Context(), st)
		if err != nil {
			t.Fatal(err)
		}
		if want := []driver.Value{"2024-01-02", int64(1)}; !reflect.DeepEqual(rows[0], want) {
			t.Errorf("run again: got %#v, want %#v", rows[0], want)
		}
	}

	// database/sql scans them into any as they are.
	db := k.db(t, memory)
	for _, stmt := range []string{
		"CREATE TABLE t(d DATE, dt DATETIME, ts TIMESTAMP, b BOOLEAN, ti TIMESTAMP, bt BOOLEAN, v VARCHAR(10), g)",
		"INSERT INTO t VALUES('2024-01-02', '2024-01-02 03:04:05', '2024-01-02T03:04:05Z', 1, 1700000000, 'true', 'x', 2.5)",
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	vals := make([]any, len(want))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := db.QueryRow("SELECT " + cols + " FROM t").Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	for i, v := range vals {
		switch v.(type) {
		case time.Time, bool:
			t.Errorf("database/sql: column %d scanned as %T", i, v)
		}
	}
}

// testArgumentsByIndex checks that arguments bind by index (Ordinal), the
// only way the adapter passes them: to ?, ?NNN and named parameters alike.
// (A statement that uses one name with two prefixes, :a and $a, is bound
// by name only: the adapter refuses positional arguments for it.)
func (k *kit) testArgumentsByIndex(t *testing.T) {
	c := k.mem(t)
	for _, prefix := range []string{":", "@", "$"} {
		t.Run(prefix, func(t *testing.T) {
			query := "SELECT " + prefix + "a, " + prefix + "b, " + prefix + "a"
			st, err := prepare(t.Context(), c, query)
			if err != nil {
				t.Fatal(err)
			}
			if n := st.NumInput(); n != 2 {
				t.Errorf("NumInput = %d, want 2", n)
			}
			st.Close()
			rows := mustQuery(t, c, query, arg(1, int64(7)), arg(2, "B"))
			if want := []driver.Value{int64(7), "B", int64(7)}; !reflect.DeepEqual(rows[0], want) {
				t.Errorf("got %#v, want %#v", rows[0], want)
			}
		})
	}
	for _, tt := range []struct {
		query string
		args  []driver.NamedValue
		want  []driver.Value
	}{
		{"SELECT ?2, ?1", []driver.NamedValue{arg(1, int64(1)), arg(2, int64(2))}, []driver.Value{int64(2), int64(1)}},
		{"SELECT :a, ?", []driver.NamedValue{arg(1, int64(1)), arg(2, int64(2))}, []driver.Value{int64(1), int64(2)}},
	} {
		t.Run(tt.query, func(t *testing.T) {
			rows := mustQuery(t, c, tt.query, tt.args...)
			if !reflect.DeepEqual(rows[0], tt.want) {
				t.Errorf("got %#v, want %#v", rows[0], tt.want)
			}
		})
	}
}

// testNumInput checks that NumInput is sqlite3_bind_parameter_count: the
// largest parameter index, never -1.
func (k *kit) testNumInput(t *testing.T) {
	c := k.mem(t)
	for _, tt := range []struct {
		query string
		want  int
	}{
		{"SELECT 1", 0},
		{"SELECT 1;", 0},
		{"SELECT 1; -- comment", 0},
		{"SELECT ?", 1},
		{"SELECT ?, ?", 2},
		{"SELECT ?3", 3},
		{"SELECT ?1, ?1", 1},
		{"SELECT :a, :b, :a, @c", 3},
		{"SELECT :a, ?", 2},
	} {
		st, err := prepare(t.Context(), c, tt.query)
		if err != nil {
			t.Errorf("%s: %v", tt.query, err)
			continue
		}
		if n := st.NumInput(); n != tt.want {
			t.Errorf("%s: NumInput = %d, want %d", tt.query, n, tt.want)
		}
		st.Close()
	}
}

// testExecResult checks the last insert rowid and the count of changed
// rows that ExecContext reports.
func (k *kit) testExecResult(t *testing.T) {
	c := k.mem(t)
	mustExec(t, c, "CREATE TABLE t(id INTEGER PRIMARY KEY, x)")
	res, err := execResult(t.Context(), c, "INSERT INTO t(id, x) VALUES (41, 'a'), (42, 'b'), (43, 'c')")
	if err != nil {
		t.Fatal(err)
	}
	if id, err := res.LastInsertId(); id != 43 || err != nil {
		t.Errorf("LastInsertId = %d, %v; want 43", id, err)
	}
	if n, err := res.RowsAffected(); n != 3 || err != nil {
		t.Errorf("RowsAffected = %d, %v; want 3", n, err)
	}
	res, err = execResult(t.Context(), c, "UPDATE t SET x = 'z' WHERE id >= ?", arg(1, int64(42)))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := res.RowsAffected(); n != 2 || err != nil {
		t.Errorf("RowsAffected after UPDATE = %d, %v; want 2", n, err)
	}
}
