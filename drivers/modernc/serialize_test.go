package modernc

import (
	"errors"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

// TestSerializeRoundTrip serializes a file database into a new in-memory
// connection, which must then be able to grow.
func TestSerializeRoundTrip(t *testing.T) {
	src := open(t, adapter.ConnConfig{Path: tempDB(t)})
	mustExec(t, src, "CREATE TABLE t(x)")
	mustExec(t, src, "INSERT INTO t VALUES('a'), ('b')")
	data, err := Driver{}.Serialize(src, "main")
	if err != nil {
		t.Fatal(err)
	}
	if len(data) == 0 || string(data[:16]) != "SQLite format 3\x00" {
		t.Fatalf("Serialize returned %d bytes", len(data))
	}

	dst := open(t, adapter.ConnConfig{Path: ":memory:"})
	if err := (Driver{}).Deserialize(dst, "main", data); err != nil {
		t.Fatal(err)
	}
	data[100] ^= 0xff // the connection holds its own copy
	if rows := mustQuery(t, dst, "SELECT group_concat(x) FROM t"); rows[0][0] != "a,b" {
		t.Errorf("got %v", rows)
	}
	// Resizable: inserting 1 MB grows the database.
	mustExec(t, dst, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 1000) INSERT INTO t SELECT randomblob(1000) FROM n")
	if rows := mustQuery(t, dst, "SELECT count(*) FROM t"); rows[0][0] != int64(1002) {
		t.Errorf("got %v", rows)
	}
	again, err := Driver{}.Serialize(dst, "")
	if err != nil || len(again) <= len(data) {
		t.Errorf("Serialize after growth: %d bytes, %v", len(again), err)
	}

	// A database without tables round-trips too.
	empty := open(t, adapter.ConnConfig{Path: ":memory:"})
	data, err = Driver{}.Serialize(empty, "main")
	if err != nil || data == nil {
		t.Fatalf("Serialize of an empty database: %d bytes, %v", len(data), err)
	}
	if err := (Driver{}).Deserialize(empty, "main", data); err != nil {
		t.Errorf("Deserialize of an empty database: %v", err)
	}
	if err := (Driver{}).Deserialize(empty, "main", []byte{}); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Deserialize of no bytes: %v, want errors.ErrUnsupported", err)
	}
	mustExec(t, empty, "CREATE TABLE u(x)")

	// modernc serializes the main database only.
	mustExec(t, src, "ATTACH ':memory:' AS aux")
	if _, err := (Driver{}).Serialize(src, "aux"); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Serialize of another schema: %v, want errors.ErrUnsupported", err)
	}
	if err := (Driver{}).Deserialize(dst, "aux", data); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Deserialize of another schema: %v, want errors.ErrUnsupported", err)
	}
	if _, err := (Driver{}).Serialize(src, "MAIN"); err != nil {
		t.Errorf("Serialize of MAIN: %v", err)
	}
	if _, err := (Driver{}).Serialize(nil, "main"); err == nil {
		t.Error("Serialize of a nil connection succeeded")
	}
}
