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
	s, mentioned := k.support(t, contract.FeatureSerialize)
	if !s.OK {
		k.checkSerializeUnsupported(t, ser, s, mentioned)
		return
	}
	if !implements {
		t.Fatalf("Info reports %s supported, but %T does not implement contract.Serializer", contract.FeatureSerialize, k.d)
	}
	for _, source := range serializeSources {
		t.Run(source.name, func(t *testing.T) { k.checkImageRoundTrip(t, ser, source) })
	}
	t.Run("empty database", func(t *testing.T) { k.checkSerializeEmpty(t, ser) })
	t.Run("schemas", func(t *testing.T) {
		data := k.checkSchemaNames(t, ser)
		k.checkAttachedSchema(t, ser, data)
		checkSerializeNilConn(t, ser, data)
	})
}

// checkSerializeUnsupported checks a driver that reports the feature
// unsupported (s): with a reason, and, if it implements Serializer anyway
// (ser non-nil), refusing with errors.ErrUnsupported.
func (k *kit) checkSerializeUnsupported(t *testing.T, ser contract.Serializer, s adapter.Support, mentioned bool) {
	if mentioned && s.Reason == "" {
		t.Errorf("Info reports %s unsupported without a reason", contract.FeatureSerialize)
	}
	if ser == nil {
		t.Logf("%T does not implement contract.Serializer: %s", k.d, s.Reason)
		return
	}
	if _, err := ser.Serialize(k.mem(t), "main"); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Info reports %s unsupported (%q), but Serialize returns %v, not an error wrapping errors.ErrUnsupported", contract.FeatureSerialize, s.Reason, err)
	}
}

// serializeSource is a kind of database an image is taken of.
type serializeSource struct {
	name  string
	setup []string // statements run first
	file  bool     // a file in a temporary directory, not :memory:
}

var serializeSources = []serializeSource{
	{"memory", nil, false},
	{"page size 1024", []string{"PRAGMA page_size=1024"}, false},
	{"page size 8192", []string{"PRAGMA page_size=8192"}, false},
	{"rollback file", nil, true},
	{"WAL file", []string{"PRAGMA journal_mode=WAL"}, true},
}

// checkImageRoundTrip takes an image of a table of two rows in a database
// of the source's kind and deserializes it into another database.
func (k *kit) checkImageRoundTrip(t *testing.T, ser contract.Serializer, source serializeSource) {
	data := k.imageOf(t, ser, source)
	dst := k.checkDeserializeReplaces(t, ser, data)
	checkDeserializedGrows(t, ser, dst, len(data))
}

// imageOf serializes a database of the source's kind holding t(x) = 'a',
// 'b', checks that the bytes are a database image, and returns them with
// a WAL image's header set to rollback mode, as the adapter does before
// Deserialize (an in-memory database cannot be in WAL mode).
func (k *kit) imageOf(t *testing.T, ser contract.Serializer, source serializeSource) []byte {
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
		data[18], data[19] = 1, 1
	}
	return data
}

// checkDeserializeReplaces deserializes data into a database that has
// other content: afterwards it holds the image's content only, and a
// copy of its own (data is changed after the call). It returns that
// database.
func (k *kit) checkDeserializeReplaces(t *testing.T, ser contract.Serializer, data []byte) driver.Conn {
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
	return dst
}

// checkDeserializedGrows checks that a deserialized database is
// resizable: inserting 1 MB grows it beyond the image of size bytes.
func checkDeserializedGrows(t *testing.T, ser contract.Serializer, dst driver.Conn, size int) {
	mustExec(t, dst, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 1000) INSERT INTO t SELECT randomblob(1000) FROM n")
	if got := mustQueryOne(t, dst, "SELECT count(*) FROM t"); got != int64(1002) {
		t.Errorf("got %v rows, want 1002", got)
	}
	again, err := ser.Serialize(dst, "")
	if err != nil || len(again) <= size {
		t.Errorf("Serialize after growth: %d bytes (before: %d), %v", len(again), size, err)
	}
}

// checkSerializeEmpty: an empty database has an image (not nil), which
// deserializes; no bytes at all is an empty database too, or unsupported.
func (k *kit) checkSerializeEmpty(t *testing.T, ser contract.Serializer) {
	empty := k.mem(t)
	data, err := ser.Serialize(empty, "main")
	if err != nil || data == nil {
		t.Fatalf("Serialize of an empty database: %d bytes (nil: %t), %v", len(data), data == nil, err)
	}
	if err := ser.Deserialize(empty, "main", data); err != nil {
		t.Errorf("Deserialize of an empty database: %v", err)
	}
	if err := ser.Deserialize(empty, "main", []byte{}); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Deserialize of no bytes: %v; want success or an error wrapping errors.ErrUnsupported", err)
	}
	mustExec(t, empty, "CREATE TABLE u(x)")
}

// checkSchemaNames: schema names ignore case, and a missing schema is an
// error both ways. It returns the image of a database holding t(x) = 7.
func (k *kit) checkSchemaNames(t *testing.T, ser contract.Serializer) []byte {
	src := k.mem(t)
	mustExec(t, src, "CREATE TABLE t(x)")
	mustExec(t, src, "INSERT INTO t VALUES(7)")
	data, err := ser.Serialize(src, "MAIN")
	if err != nil {
		t.Fatalf("Serialize of MAIN: %v", err)
	}
	if _, err := ser.Serialize(src, "nosuch"); err == nil {
		t.Error("Serialize of a missing schema succeeded")
	}
	if err := ser.Deserialize(k.mem(t), "nosuch", data); err == nil {
		t.Error("Deserialize into a missing schema succeeded")
	}
	return data
}

// checkAttachedSchema: an attached schema is serialized and deserialized
// (data, holding t(x) = 7, goes into aux), or refused as unsupported.
func (k *kit) checkAttachedSchema(t *testing.T, ser contract.Serializer, data []byte) {
	src, dst := k.mem(t), k.mem(t)
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
}

// checkSerializeNilConn: a nil connection is an error, not a panic.
func checkSerializeNilConn(t *testing.T, ser contract.Serializer, data []byte) {
	if _, err := ser.Serialize(nil, "main"); err == nil {
		t.Error("Serialize of a nil connection succeeded")
	}
	if err := ser.Deserialize(nil, "main", data); err == nil {
		t.Error("Deserialize into a nil connection succeeded")
	}
}
