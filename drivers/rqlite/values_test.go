package rqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestValueRoundTrip binds values into columns of every declared type and
// reads them back: what comes back must be what SQLite stored, by storage
// class, whatever rqlite's JSON does to the column's declared type.
func TestValueRoundTrip(t *testing.T) {
	ctx := context.Background()
	c := open(t, "")
	tb := table(t)
	mustExec(t, c, "CREATE TABLE "+tb+"(k INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, u, d DATETIME, dt DATE, ts TIMESTAMP, bo BOOLEAN, n NUMERIC)")
	cases := []struct {
		col  string
		in   any
		want any
	}{
		{"i", int64(math.MaxInt64), int64(math.MaxInt64)},
		{"i", int64(math.MinInt64), int64(math.MinInt64)},
		{"i", int64(1<<53 + 1), int64(1<<53 + 1)},
		{"i", 1.5, 1.5},
		{"r", 1.0, 1.0},
		{"r", int64(3), 3.0},
		{"r", 0.1, 0.1},
		{"r", 1e300, 1e300},
		{"r", 5e-324, 5e-324},
		{"u", 2.0, 2.0},
		{"u", int64(2), int64(2)},
		{"u", []byte{}, []byte{}},
		{"u", []byte{0, 255}, []byte{0, 255}},
		{"u", nil, nil},
		{"u", math.NaN(), nil},
		{"u", true, int64(1)},
		{"t", "", ""},
		{"t", "héllo wörld ✓", "héllo wörld ✓"},
		{"t", "a\x00b", "a\x00b"},
		{"t", "line\nbreak\ttab", "line\nbreak\ttab"},
		{"t", "it's \"quoted\"", "it's \"quoted\""},
		{"t", []byte("abc"), []byte("abc")},
		{"t", int64(7), "7"},
		{"b", "text in a blob column", "text in a blob column"},
		{"b", []byte{}, []byte{}},
		{"d", "2024-01-02 03:04:05", "2024-01-02 03:04:05"},
		{"d", "not a date", "not a date"},
		{"d", int64(1700000000), int64(1700000000)},
		{"dt", "2024-01-02", "2024-01-02"},
		{"ts", 1.5, 1.5},
		{"bo", int64(5), int64(5)},
		{"bo", "yes", "yes"},
		{"n", "1.0", int64(1)},
		{"n", "12.5", 12.5},
		{"n", "abc", "abc"},
	}
	for i, tc := range cases {
		mustExec(t, c, "INSERT INTO "+tb+"(k, "+tc.col+") VALUES(?, ?)", int64(i), tc.in)
	}
	for i, tc := range cases {
		rows, err := c.Query(ctx, "SELECT "+tc.col+" FROM "+tb+" WHERE k = ?", int64(i))
		if err != nil {
			t.Fatalf("%s %#v: %v", tc.col, tc.in, err)
		}
		if len(rows.Values) != 1 {
			t.Fatalf("%s %#v: %d rows", tc.col, tc.in, len(rows.Values))
		}
		if got := rows.Values[0][0]; !sameValue(got, tc.want) {
			t.Errorf("%s: bound %#v, read %#v, want %#v", tc.col, tc.in, got, tc.want)
		}
	}
}

// sameValue compares by type and value; floats by bits, so -0 and NaN
// would count.
func sameValue(a, b any) bool {
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	switch a := a.(type) {
	case float64:
		return math.Float64bits(a) == math.Float64bits(b.(float64))
	case []byte:
		return a != nil && bytes.Equal(a, b.([]byte))
	}
	return a == b
}

// TestExpressionValues reads values that have no declared type.
func TestExpressionValues(t *testing.T) {
	c := open(t, "")
	rows := mustQuery(t, c, "SELECT 1.0, x'00ff', x'', 'a', 9007199254740993, NULL, 9e999, -9e999, zeroblob(3), CAST('ab' AS BLOB), char(0)")
	want := []any{1.0, []byte{0, 255}, []byte{}, "a", int64(9007199254740993), nil, math.Inf(1), math.Inf(-1), []byte{0, 0, 0}, []byte("ab"), "\x00"}
	for i, w := range want {
		if got := rows.Values[0][i]; !sameValue(got, w) {
			t.Errorf("column %d (%s): %#v, want %#v", i, rows.Columns[i], got, w)
		}
	}
	if rows.Columns[0] != "1.0" || rows.Columns[1] != "x'00ff'" {
		t.Errorf("columns %q", rows.Columns)
	}
}

// TestRandomFloats binds random doubles and reads them back bit for bit.
func TestRandomFloats(t *testing.T) {
	c := open(t, "")
	r := rand.New(rand.NewPCG(1, 2))
	var args []any
	var sel []string
	for len(args) < 200 {
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		args = append(args, f)
		sel = append(sel, "?")
	}
	rows := mustQuery(t, c, "SELECT "+strings.Join(sel, ","), args...)
	for i, a := range args {
		if got := rows.Values[0][i]; !sameValue(got, a) {
			t.Errorf("%v (%#x) came back as %#v", a, math.Float64bits(a.(float64)), got)
		}
	}
}

// TestBigText round-trips a megabyte of non-ASCII text and a BLOB.
func TestBigText(t *testing.T) {
	c := open(t, "")
	text := strings.Repeat("ünïcödé ", 1<<17)
	blob := bytes.Repeat([]byte{0, 1, 2, 255}, 1<<18)
	rows := mustQuery(t, c, "SELECT ?, ?", text, blob)
	if rows.Values[0][0] != text {
		t.Error("text changed")
	}
	if !bytes.Equal(rows.Values[0][1].([]byte), blob) {
		t.Error("blob changed")
	}
}

// TestParameters checks positional, numbered and named binding.
func TestParameters(t *testing.T) {
	c := open(t, "")
	rows := mustQuery(t, c, "SELECT ?2, ?1, :a, @b, $c",
		int64(1), "two", sql.Named("a", 3.5), sql.Named("@b", []byte{4}), sql.Named("$c", nil))
	want := []any{"two", int64(1), 3.5, []byte{4}, nil}
	for i, w := range want {
		if got := rows.Values[0][i]; !sameValue(got, w) {
			t.Errorf("parameter %d: %#v, want %#v", i, got, w)
		}
	}
	// SQL text is never interpolated: a quote in a value stays a value.
	rows = mustQuery(t, c, "SELECT ? AS v", "'; DROP TABLE x; --")
	if rows.Values[0][0] != "'; DROP TABLE x; --" {
		t.Errorf("got %#v", rows.Values[0][0])
	}
}

// TestUnsupportedValues checks the values rqlite's JSON cannot carry are
// refused before anything is sent.
func TestUnsupportedValues(t *testing.T) {
	c := open(t, "")
	before := c.Stats().Requests
	for _, v := range []any{math.Inf(1), math.Inf(-1), "\xff\xfe", "X'00'", " x'abcd' ", "x''", uint64(math.MaxUint64), struct{}{}} {
		_, err := c.Query(context.Background(), "SELECT ?", v)
		if !errors.Is(err, ErrUnsupportedValue) || !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("%#v: err = %v, want ErrUnsupportedValue", v, err)
		}
	}
	if n := c.Stats().Requests - before; n != 0 {
		t.Errorf("%d requests sent for refused values", n)
	}
	// Strings that only look like BLOB literals are fine.
	rows := mustQuery(t, c, "SELECT ?, ?, ?", "X'0'", "x'zz'", "xx'00'")
	if rows.Values[0][0] != "X'0'" || rows.Values[0][1] != "x'zz'" || rows.Values[0][2] != "xx'00'" {
		t.Errorf("got %#v", rows.Values[0])
	}
}

// TestQueryShape checks order, duplicate names, nested WITH and a query
// whose column count changes with the schema.
func TestQueryShape(t *testing.T) {
	c := open(t, "")
	rows := mustQuery(t, c, "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM s WHERE x < 1000) SELECT x, x AS x FROM s ORDER BY x DESC;  -- trailing comment")
	if len(rows.Values) != 1000 || rows.Values[0][0] != int64(1000) || rows.Values[999][0] != int64(1) {
		t.Fatalf("order lost: %d rows, first %v", len(rows.Values), rows.Values[0])
	}
	if !reflect.DeepEqual(rows.Columns, []string{"x", "x"}) {
		t.Errorf("columns %q", rows.Columns)
	}
	tb := table(t)
	mustExec(t, c, "CREATE TABLE "+tb+"(a)")
	mustExec(t, c, "INSERT INTO "+tb+" VALUES(1)")
	q := "SELECT * FROM " + tb
	if got := mustQuery(t, c, q); len(got.Columns) != 1 {
		t.Fatalf("columns %q", got.Columns)
	}
	mustExec(t, c, "ALTER TABLE "+tb+" ADD COLUMN b DEFAULT 'x'")
	mustExec(t, c, "ALTER TABLE "+tb+" RENAME COLUMN a TO z")
	got := mustQuery(t, c, q)
	if !reflect.DeepEqual(got.Columns, []string{"z", "b"}) || !reflect.DeepEqual(got.Values, [][]any{{int64(1), "x"}}) {
		t.Errorf("after ALTER TABLE: %q %#v", got.Columns, got.Values)
	}
	empty := mustQuery(t, c, q+" WHERE 0")
	if len(empty.Values) != 0 || len(empty.Columns) != 2 {
		t.Errorf("empty result: %q %#v", empty.Columns, empty.Values)
	}
}

func mustExec(t *testing.T, c *Client, q string, args ...any) Result {
	t.Helper()
	r, err := c.Exec(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return r
}

func mustQuery(t *testing.T, c *Client, q string, args ...any) *Rows {
	t.Helper()
	r, err := c.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return r
}
