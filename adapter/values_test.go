package adapter_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/google/go-cmp/cmp"
)

// valueCases bind a Go value and say what reading the column back as any
// must give, and which storage class SQLite must report.
var valueCases = []struct {
	name  string
	in    any
	want  any
	class string
}{
	{"Null", nil, nil, "null"},
	{"NilBytesIsNull", []byte(nil), nil, "null"},
	{"EmptyBlob", []byte{}, []byte{}, "blob"},
	{"Blob", []byte{0, 1, 2, 255}, []byte{0, 1, 2, 255}, "blob"},
	{"EmptyText", "", "", "text"},
	{"Text", "héllo 世界 🎉", "héllo 世界 🎉", "text"},
	{"TextWithNUL", "a\x00b", "a\x00b", "text"},
	{"Int64Min", int64(math.MinInt64), int64(math.MinInt64), "integer"},
	{"Int64Max", int64(math.MaxInt64), int64(math.MaxInt64), "integer"},
	{"Int", 42, int64(42), "integer"},
	{"Uint32", uint32(7), int64(7), "integer"},
	{"Real", 3.25, 3.25, "real"},
	{"RealTiny", math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64, "real"},
	{"RealInf", math.Inf(-1), math.Inf(-1), "real"},
	{"Float32", float32(0.5), 0.5, "real"},
	{"True", true, int64(1), "integer"},
	{"False", false, int64(0), "integer"},
	{"Time", time.Date(2024, 2, 29, 23, 59, 59, 123456789, time.UTC), "2024-02-29 23:59:59.123456789Z", "text"},
}

func TestValueRoundTrip(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, "CREATE TABLE v(id INTEGER PRIMARY KEY, x)")
		for i, tc := range valueCases {
			t.Run(tc.name, func(t *testing.T) {
				_, err := db.Run(ctx, "INSERT INTO v(id, x) VALUES (?, ?)", i, tc.in)
				must(t, err)
				var row adapter.Row
				must(t, db.Get(ctx, &row, "SELECT x, typeof(x) AS t FROM v WHERE id = ?", i))
				if diff := cmp.Diff(tc.want, row["x"]); diff != "" {
					t.Errorf("read back (-want +got):\n%s", diff)
				}
				if b, ok := row["x"].([]byte); ok && b == nil {
					t.Errorf("BLOB read back as a nil []byte")
				}
				if row["t"] != tc.class {
					t.Errorf("typeof = %v, want %s", row["t"], tc.class)
				}
				var a any
				must(t, db.Get(ctx, &a, "SELECT x FROM v WHERE id = ?", i))
				if diff := cmp.Diff(tc.want, a); diff != "" {
					t.Errorf("into *any (-want +got):\n%s", diff)
				}
			})
		}
	})
}

func TestBigBlob(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, "CREATE TABLE b(x BLOB)")
		big := make([]byte, 10<<20)
		for i := range big {
			big[i] = byte(i * 7)
		}
		_, err := db.Run(ctx, "INSERT INTO b VALUES (?)", big)
		must(t, err)
		var got []byte
		must(t, db.Get(ctx, &got, "SELECT x FROM b"))
		if !bytes.Equal(got, big) {
			t.Errorf("10 MB blob did not round-trip (len %d)", len(got))
		}
	})
}

func TestUint64Overflow(t *testing.T) {
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		_, err := db.Run(context.Background(), "SELECT ?", uint64(math.MaxInt64)+1)
		if !errors.Is(err, adapter.ErrArgument) {
			t.Errorf("got %v, want ErrArgument", err)
		}
		_, err = db.Run(context.Background(), "SELECT ?", math.NaN())
		if !errors.Is(err, adapter.ErrArgument) {
			t.Errorf("NaN: got %v, want ErrArgument", err)
		}
	})
}

// Declared types never change what a Row or any holds; scanning into
// time.Time and bool still works.
func TestDeclaredTypes(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, `CREATE TABLE d(dt DATETIME, da DATE, ts TIMESTAMP, b BOOLEAN, idt DATETIME);
			INSERT INTO d VALUES ('2024-01-02 03:04:05', '2024-01-02', 'not a time', 1, 1700000000)`)
		var row adapter.Row
		must(t, db.Get(ctx, &row, "SELECT * FROM d"))
		want := adapter.Row{"dt": "2024-01-02 03:04:05", "da": "2024-01-02", "ts": "not a time", "b": int64(1), "idt": int64(1700000000)}
		if diff := cmp.Diff(want, row); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		var s struct {
			DT  time.Time `db:"dt"`
			DA  time.Time `db:"da"`
			B   bool      `db:"b"`
			IDT time.Time `db:"idt"`
		}
		must(t, db.Get(ctx, &s, "SELECT dt, da, b, idt FROM d"))
		if !s.DT.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) || !s.DA.Equal(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)) ||
			!s.B || !s.IDT.Equal(time.Unix(1700000000, 0)) {
			t.Errorf("scanned %+v", s)
		}
	})
}

func TestTimeRoundTrip(t *testing.T) {
	ctx := context.Background()
	in := time.Date(2023, 7, 14, 9, 8, 7, 654321098, time.FixedZone("", 5*3600+1800))
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, "CREATE TABLE t(at DATETIME)")
		_, err := db.Run(ctx, "INSERT INTO t VALUES (?)", in)
		must(t, err)
		var out time.Time
		must(t, db.Get(ctx, &out, "SELECT at FROM t"))
		if !out.Equal(in) {
			t.Errorf("read %v, want %v", out, in)
		}
		// SQLite's date functions accept the stored text.
		var utc string
		must(t, db.Get(ctx, &utc, "SELECT strftime('%Y-%m-%d %H:%M:%f', at) FROM t"))
		if utc != "2023-07-14 03:38:07.654" {
			t.Errorf("strftime = %q", utc)
		}
	})
}

// A database written by one driver reads back identically through the
// others (one after the other: never two drivers on one file at once).
func TestCrossDriverPortability(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var drivers []string
	for _, name := range adapter.Drivers() {
		if d, _ := adapter.Lookup(name); d.Info().Unavailable == "" {
			drivers = append(drivers, name)
		}
	}
	read := func(t *testing.T, path, driver string) []adapter.Row {
		db := openPath(t, path, driver, nil)
		defer db.Close()
		var rows []adapter.Row
		must(t, db.All(ctx, &rows, "SELECT id, x, typeof(x) AS t FROM v ORDER BY id"))
		return rows
	}
	for _, writer := range drivers {
		path := filepath.Join(dir, writer+".db")
		db := openPath(t, path, writer, nil)
		exec(t, db, "CREATE TABLE v(id INTEGER PRIMARY KEY, x)")
		for i, tc := range valueCases {
			_, err := db.Run(ctx, "INSERT INTO v VALUES (?, ?)", i, tc.in)
			must(t, err)
		}
		must(t, db.Close())
		want := read(t, path, writer)
		if len(want) != len(valueCases) {
			t.Fatalf("%s wrote %d rows", writer, len(want))
		}
		for _, reader := range drivers {
			t.Run(writer+"To"+strings.ToUpper(reader[:1])+reader[1:], func(t *testing.T) {
				if diff := cmp.Diff(want, read(t, path, reader)); diff != "" {
					t.Errorf("(-%s +%s):\n%s", writer, reader, diff)
				}
			})
		}
	}
}
