//go:build cgo

package mattn

import (
	"bytes"
	"database/sql/driver"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

// TestStorageClassRoundTrip stores each value in an untyped column and
// checks that it comes back with the same Go type and value.
func TestStorageClassRoundTrip(t *testing.T) {
	big := bytes.Repeat([]byte{0, 1, 2, 0xff}, 10<<20/4) // 10 MB
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
		{"float +inf", math.Inf(1), math.Inf(1), "real"},
		{"empty text", "", "", "text"},
		{"text", "héllo, wörld", "héllo, wörld", "text"},
		{"text with NUL", "a\x00b\x00", "a\x00b\x00", "text"},
		{"empty blob", []byte{}, []byte{}, "blob"},
		{"blob", []byte{0, 1, 2}, []byte{0, 1, 2}, "blob"},
		{"10 MB blob", big, big, "blob"},
		{"null", nil, nil, "null"},
	}
	c := open(t, adapter.ConnConfig{Path: ":memory:"})
	mustExec(t, c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v)")
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
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
				t.Fatalf("got nil []byte, want non-nil")
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %s, want %s", short(got), short(tt.want))
			}
		})
	}
}

// TestDeclaredTypesIgnored checks that values of columns declared DATE,
// DATETIME, TIMESTAMP or BOOLEAN come back as stored, not as time.Time or
// bool, in every way a result column can inherit a declared type.
func TestDeclaredTypesIgnored(t *testing.T) {
	c := open(t, adapter.ConnConfig{Path: ":memory:"})
	mustExec(t, c, "CREATE TABLE t(d DATE, dt DATETIME, ts TIMESTAMP, b BOOLEAN, ti TIMESTAMP, bt BOOLEAN)")
	mustExec(t, c, "INSERT INTO t VALUES('2024-01-02', '2024-01-02 03:04:05', '2024-01-02T03:04:05Z', 1, 1700000000, 'true')")
	mustExec(t, c, "CREATE VIEW v AS SELECT * FROM t")
	want := []driver.Value{"2024-01-02", "2024-01-02 03:04:05", "2024-01-02T03:04:05Z", int64(1), int64(1700000000), "true"}
	for _, query := range []string{
		"SELECT d, dt, ts, b, ti, bt FROM t",
		"SELECT * FROM v",
		"SELECT * FROM (SELECT d, dt, ts, b, ti, bt FROM t)",
		"SELECT d, dt, ts, b, ti, bt FROM t UNION ALL SELECT d, dt, ts, b, ti, bt FROM t",
	} {
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
	// The same statement run again (mattn caches metadata per statement).
	st, err := prepare(t.Context(), c, "SELECT d, b FROM t")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for range 2 {
		r, err := st.(driver.StmtQueryContext).QueryContext(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		row := make([]driver.Value, 2)
		if err := r.Next(row); err != nil {
			t.Fatal(err)
		}
		r.Close()
		if row[0] != "2024-01-02" || row[1] != int64(1) {
			t.Errorf("got %#v", row)
		}
	}
}

// TestNamedParameters binds by name to :name, @name and $name.
func TestNamedParameters(t *testing.T) {
	c := open(t, adapter.ConnConfig{Path: ":memory:"})
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
			rows := mustQuery(t, c, query,
				driver.NamedValue{Name: "b", Ordinal: 1, Value: "B"},
				driver.NamedValue{Name: "a", Ordinal: 2, Value: int64(7)})
			want := []driver.Value{int64(7), "B", int64(7)}
			if !reflect.DeepEqual(rows[0], want) {
				t.Errorf("got %#v, want %#v", rows[0], want)
			}
		})
	}
}

// short formats a value for a failure message without 10 MB of bytes.
func short(v driver.Value) string {
	if b, ok := v.([]byte); ok && len(b) > 32 {
		return fmt.Sprintf("[]byte(len %d, % x...)", len(b), b[:16])
	}
	return fmt.Sprintf("%#v", v)
}
