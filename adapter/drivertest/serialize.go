package drivertest

import (
	"bytes"
	"database/sql/driver"
	"errors"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	"github.com/anysqlite/anysqlite/adapter"
)

// testSerialize checks sqlite3_serialize and sqlite3_deserialize through
// contract.Serializer: an image of the database as a file holds it, and
// deserializing replaces a database with a resizable in-memory copy that
// the connection owns. A driver without the feature must say why, and
// its Serialize, if it has one, must fail with errors.ErrUnsupported.
func (k *kit) testSerialize(t *testing.T) {
	ser, implements := k.d.(contract.Serializer)
	s, mentioned := k.support(t, adapter.FeatureSerialize)
	if !s.OK {
		if mentioned && s.Reason == "" {
			t.Errorf("Info reports %s unsupported without a reason", adapter.FeatureSerialize)
		}
		if !implements {
			t.Logf("%T does not implement contract.Serializer: %s", k.d, s.Reason)
			return
		}
		if _, err := ser.Serialize(k.mem(t), "main"); !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("Info reports %s unsupported (%q), but Serialize returns %v, not an error wrapping errors.ErrUnsupported", adapter.FeatureSerialize, s.Reason, err)
		}
		return
	}
	if !implements {
		t.Fatalf("Info reports %s supported, but %T does not implement contract.Serializer", adapter.FeatureSerialize, k.d)
	}
	sources := []struct {
		name  string
		setup []string
		file  bool
	}{
		{"memory", nil, false},
		{"page size 1024", []string{"PRAGMA page_size=1024"}, false},
		{"page size 8192", []string{"PRAGMA page_size=8192"}, false},
		{"rollback file", nil, true},
		{"WAL file", []string{"PRAGMA journal_mode=WAL"}, true},
	}
	for _, source := range sources {
		t.Run(source.name, func(t *testing.T) {
			src := k.mem(t)
			if source.file {
				src = k.open(t, contract.ConnConfig{Path: tempPath(t)})
			}
			for _, stmt := range source.setup {
				mustQuery(t, src, stmt)
			}
			mustExec(t, src, "CREATE TABLE t(x)")
			mustExec(t, src, "INSERT INTO t VALUES('a'), ('b')")
			data, err := ser.Serialize(src, "main")
			if err != nil {
				t.Fatal(err)
			}
			if len(data) < 100 || !bytes.HasPrefix(data, []byte("SQLite format 3\x00")) {
				t.Fatalf("Serialize returned %d bytes, not a database image", len(data))
			}

			if data[18] == 2 && data[19] == 2 {
				// A WAL image: the adapter sets the header to rollback
				// mode before Deserialize, as an in-memory database
				// cannot be in WAL mode.
				data[18], data[19] = 1, 1
			}

			// Into a database that has other content.
			dst := k.mem(t)
			mustExec(t, dst, "CREATE TABLE other(y)")
			if err := ser.Deserialize(dst, "main", data); err != nil {
				t.Fatal(err)
			}
			data[100] ^= 0xff // the connection holds its own copy
			if got := mustQueryOne(t, dst, "SELECT group_concat(x) FROM t"); got != "a,b" {
				t.Errorf("after Deserialize: got %v, want a,b", got)
			}
			if _, err := queryErr(t.Context(), dst, "SELECT * FROM other"); err == nil {
				t.Error("the old content survived Deserialize")
			}
			// Resizable: inserting 1 MB grows the database.
			mustExec(t, dst, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 1000) INSERT INTO t SELECT randomblob(1000) FROM n")
			if got := mustQueryOne(t, dst, "SELECT count(*) FROM t"); got != int64(1002) {
				t.Errorf("got %v rows, want 1002", got)
			}
			again, err := ser.Serialize(dst, "")
			if err != nil || len(again) <= len(data) {
				t.Errorf("Serialize after growth: %d bytes (before: %d), %v", len(again), len(data), err)
			}
		})
	}

	t.Run("empty database", func(t *testing.T) {
		empty := k.mem(t)
		data, err := ser.Serialize(empty, "main")
		if err != nil || data == nil {
			t.Fatalf("Serialize of an empty database: %d bytes (nil: %t), %v", len(data), data == nil, err)
		}
		if err := ser.Deserialize(empty, "main", data); err != nil {
			t.Errorf("Deserialize of an empty database: %v", err)
		}
		// No bytes at all is an empty database too, or unsupported.
		if err := ser.Deserialize(empty, "main", []byte{}); err != nil && !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("Deserialize of no bytes: %v; want success or an error wrapping errors.ErrUnsupported", err)
		}
		mustExec(t, empty, "CREATE TABLE u(x)")
	})

	t.Run("schemas", func(t *testing.T) {
		src := k.mem(t)
		mustExec(t, src, "CREATE TABLE t(x)")
		mustExec(t, src, "INSERT INTO t VALUES(7)")
		data, err := ser.Serialize(src, "MAIN") // schema names ignore case
		if err != nil {
			t.Fatalf("Serialize of MAIN: %v", err)
		}
		dst := k.mem(t)
		if _, err := ser.Serialize(src, "nosuch"); err == nil {
			t.Error("Serialize of a missing schema succeeded")
		}
		if err := ser.Deserialize(dst, "nosuch", data); err == nil {
			t.Error("Deserialize into a missing schema succeeded")
		}
		// An attached schema: supported, or refused as unsupported.
		for _, c := range []driver.Conn{src, dst} {
			mustExec(t, c, "ATTACH ':memory:' AS aux")
		}
		mustExec(t, src, "CREATE TABLE aux.a(y)")
		mustExec(t, src, "INSERT INTO aux.a VALUES(8)")
		if aux, err := ser.Serialize(src, "aux"); err != nil {
			if !errors.Is(err, errors.ErrUnsupported) {
				t.Errorf("Serialize of an attached schema: %v; want success or an error wrapping errors.ErrUnsupported", err)
			}
		} else if !bytes.Contains(aux, []byte("CREATE TABLE a(y)")) {
			t.Error("the image of the attached schema lacks its table")
		}
		if err := ser.Deserialize(dst, "aux", data); err != nil {
			if !errors.Is(err, errors.ErrUnsupported) {
				t.Errorf("Deserialize into an attached schema: %v; want success or an error wrapping errors.ErrUnsupported", err)
			}
		} else if got := mustQueryOne(t, dst, "SELECT x FROM aux.t"); got != int64(7) {
			t.Errorf("after Deserialize into aux: got %v, want 7", got)
		}
		if _, err := ser.Serialize(nil, "main"); err == nil {
			t.Error("Serialize of a nil connection succeeded")
		}
		if err := ser.Deserialize(nil, "main", data); err == nil {
			t.Error("Deserialize into a nil connection succeeded")
		}
	})
}
