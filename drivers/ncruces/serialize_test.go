package ncruces

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

func serialize(t *testing.T, c *conn, schema string) []byte {
	t.Helper()
	data, err := Driver{}.Serialize(c, schema)
	if err != nil {
		t.Fatalf("Serialize(%q): %v", schema, err)
	}
	return data
}

// TestDeserializeWALImage checks that ncruces deserializes the image of a
// WAL database as it is (the adapter sets such a header to rollback mode
// first, which the other drivers need).
func TestDeserializeWALImage(t *testing.T) {
	src := openDB(t, contract.ConnConfig{Path: tempPath(t, "src.db")})
	src.SetMaxOpenConns(1)
	mustExec(t, src, "PRAGMA journal_mode=WAL", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('serialized'), (x'00ff')")
	var data []byte
	withConn(t, src, func(c *conn) error { data = serialize(t, c, "main"); return nil })
	if len(data) < 100 || data[18] != 2 || data[19] != 2 {
		t.Fatalf("not the image of a WAL database: %q", data[:min(len(data), 20)])
	}
	dst := memDB(t)
	mustExec(t, dst, "CREATE TABLE other(y)", "INSERT INTO other VALUES (1)")
	if err := withConn(t, dst, func(c *conn) error { return Driver{}.Deserialize(c, "", data) }); err != nil {
		t.Fatal(err)
	}
	var s string
	if err := dst.QueryRow("SELECT x FROM t LIMIT 1").Scan(&s); err != nil || s != "serialized" {
		t.Errorf("after Deserialize: %q, %v", s, err)
	}
	// The copy is writable and can grow.
	mustExec(t, dst, "INSERT INTO t SELECT randomblob(100000) FROM t")
	withConn(t, dst, func(c *conn) error {
		if again := serialize(t, c, "main"); len(again) <= len(data) {
			t.Errorf("database did not grow: %d <= %d", len(again), len(data))
		}
		return nil
	})
}

func TestDeserializeSchemas(t *testing.T) {
	src := memDB(t)
	mustExec(t, src, "CREATE TABLE t(x)", "INSERT INTO t VALUES (7)")
	var data []byte
	withConn(t, src, func(c *conn) error { data = serialize(t, c, "main"); return nil })

	path := tempPath(t, "main.db")
	attached := tempPath(t, "attached.db")
	db := openDB(t, contract.ConnConfig{Path: path})
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE TABLE m(x)", "ATTACH '"+attached+"' AS aux", "CREATE TABLE aux.a(x)")
	before, err := os.ReadFile(attached)
	if err != nil {
		t.Fatal(err)
	}

	err = withConn(t, db, func(c *conn) error {
		// main is a file: refused rather than overwritten.
		if err := (Driver{}).Deserialize(c, "main", data); !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("Deserialize into file main: %v", err)
		}
		if err := (Driver{}).Deserialize(c, "nope", data); err == nil {
			t.Error("Deserialize into a missing schema succeeded")
		}
		if _, err := (Driver{}).Serialize(c, "nope"); err == nil {
			t.Error("Serialize of a missing schema succeeded")
		}
		// An attached file becomes an in-memory copy; the file is untouched.
		if err := (Driver{}).Deserialize(c, "aux", data); err != nil {
			return err
		}
		// temp is in memory already.
		return Driver{}.Deserialize(c, "temp", data)
	})
	if err != nil {
		t.Fatal(err)
	}
	var file string
	var x, y int64
	if err := db.QueryRow("SELECT file FROM pragma_database_list WHERE name = 'aux'").Scan(&file); err != nil || file != "" {
		t.Errorf("aux file %q, %v; want in memory", file, err)
	}
	if err := db.QueryRow("SELECT (SELECT x FROM aux.t), (SELECT x FROM temp.t)").Scan(&x, &y); err != nil || x != 7 || y != 7 {
		t.Errorf("aux.t, temp.t = %d, %d, %v", x, y, err)
	}
	if _, err := db.Exec("SELECT * FROM m"); err != nil {
		t.Errorf("main lost: %v", err)
	}
	after, err := os.ReadFile(attached)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("attached file changed: %v", err)
	}
}

// TestSerializeConcurrent runs Serialize on several connections at once:
// ext/serdes hands buffers to its VFS through a global channel.
func TestSerializeConcurrent(t *testing.T) {
	const n = 4
	var wg sync.WaitGroup
	results := make([][]byte, n)
	dbs := make([]*conn, n)
	for i := range n {
		c, err := Driver{}.OpenConn(t.Context(), contract.ConnConfig{Path: ":memory:"})
		if err != nil {
			t.Fatal(err)
		}
		dbs[i] = c.(*conn)
		defer c.Close()
		if err := dbs[i].exec(t.Context(), fmt.Sprintf("CREATE TABLE t%d(x); INSERT INTO t%d VALUES (%d)", i, i, i)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		wg.Go(func() {
			for range 20 {
				data, err := Driver{}.Serialize(dbs[i], "main")
				if err != nil {
					t.Error(err)
					return
				}
				results[i] = data
			}
		})
	}
	wg.Wait()
	for i, data := range results {
		if !bytes.Contains(data, fmt.Appendf(nil, "CREATE TABLE t%d(x)", i)) {
			t.Errorf("image %d belongs to another connection", i)
		}
	}
}
