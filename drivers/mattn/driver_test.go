//go:build cgo

package mattn

import (
	"context"
	"strings"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/drivers/internal/wrap"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/anysqlite/anysqlite/adapter/drivertest"
)

// TestInfo checks what this driver says of itself; drivertest checks that
// it is true.
func TestInfo(t *testing.T) {
	info := Driver{}.Info()
	if info.Name != "mattn" || info.Module != "github.com/mattn/go-sqlite3" || !info.Cgo || info.Unavailable != "" {
		t.Errorf("Info = %+v", info)
	}
	for _, f := range []contract.Feature{contract.FeatureBackup, contract.FeatureSerialize, contract.FeatureDefensive, contract.FeatureDQSControl} {
		if err := info.Supports(f); err != nil {
			t.Errorf("Supports(%s): %v", f, err)
		}
	}
	// FTS5 and the math functions depend on mattn's build tags; without
	// them the reason names the tag.
	for f, reason := range map[contract.Feature]string{
		contract.FeatureFTS5: "mattn built without build tag sqlite_fts5: rebuild with go build -tags sqlite_fts5",
		contract.FeatureMath: "mattn built without build tag sqlite_math_functions: rebuild with go build -tags sqlite_math_functions",
	} {
		s := info.Features[f]
		t.Logf("%s: %+v", f, s)
		if want := (contract.Support{Reason: reason}); !s.OK && s != want {
			t.Errorf("Features[%s] = %+v, want %+v", f, s, want)
		}
		if s.OK && s.Reason != "" {
			t.Errorf("Features[%s] = %+v: supported, with a reason", f, s)
		}
	}
}

// TestInternals checks the unexported fields of mattn's types this package
// reaches (see internals.go), and that a change to them is reported.
func TestInternals(t *testing.T) {
	if internalsErr != nil {
		t.Fatalf("mattn internals: %v", internalsErr)
	}
	for _, f := range []field{connDBField, stmtHandleField, stmtTailField, errMsgField} {
		if f.err != nil || f.index < 0 {
			t.Errorf("field %+v", f)
		}
	}
	missing := lookup[sqlite3.SQLiteConn]("nosuch", isPointer, "a pointer")
	if missing.err == nil || !strings.Contains(missing.err.Error(), "SQLiteConn.nosuch") || !strings.Contains(missing.err.Error(), wrap.TestedVersion(modulePath)) {
		t.Errorf("lookup of a missing field: %v", missing.err)
	}
	if wrongType := lookup[sqlite3.SQLiteStmt]("t", isPointer, "a pointer"); wrongType.err == nil {
		t.Error("lookup of SQLiteStmt.t as a pointer succeeded")
	}

	// The handle is what conn holds; other connections are refused.
	dc, err := Driver{}.OpenConn(context.Background(), contract.ConnConfig{Path: ":memory:"})
	if err != nil {
		t.Fatal(err)
	}
	c := dc.(*conn)
	if c.db == nil || c.db != connHandle(c.inner) {
		t.Errorf("conn.db = %v, handle %v", c.db, connHandle(c.inner))
	}
	if got, err := asConn(dc); got != c || err != nil {
		t.Errorf("asConn = %v, %v", got, err)
	}
	if err := dc.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := asConn(dc); err == nil {
		t.Error("asConn of a closed connection succeeded")
	}
	if _, err := asConn(nil); err == nil {
		t.Error("asConn(nil) succeeded")
	}
}

// TestSleepVFS checks the interruptible-sleep VFS copies of busy.go: one
// per open connection, named in the DSN, pooled and reused after Close.
func TestSleepVFS(t *testing.T) {
	open := func() *conn {
		dc, err := Driver{}.OpenConn(context.Background(), contract.ConnConfig{Path: ":memory:"})
		if err != nil {
			t.Fatal(err)
		}
		return dc.(*conn)
	}
	conns := []*conn{open(), open(), open()}
	names := map[string]bool{}
	for _, c := range conns {
		name := c.vfs.name()
		if !strings.HasPrefix(name, "anysqlite-mattn-") || names[name] {
			t.Errorf("VFS name %q: not an anysqlite-mattn- copy, or shared", name)
		}
		names[name] = true
		if want := "&vfs=" + name; !strings.HasSuffix(dsn(contract.ConnConfig{Path: ":memory:"}, name), want) {
			t.Errorf("dsn does not end with %q", want)
		}
	}
	vfsPool.Lock()
	registered := vfsPool.n
	vfsPool.Unlock()
	for _, c := range conns {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if c.vfs != (sleepVFS{}) || c.db != nil {
			t.Errorf("closed connection still holds its VFS or handle: %+v", c)
		}
	}
	// Connections opened later reuse the released copies.
	for range 2 {
		conns = []*conn{open(), open(), open()}
		for _, c := range conns {
			if !names[c.vfs.name()] {
				t.Errorf("new VFS copy %q although %d were free", c.vfs.name(), len(conns))
			}
			c.Close()
		}
	}
	vfsPool.Lock()
	defer vfsPool.Unlock()
	if vfsPool.n != registered {
		t.Errorf("%d VFS copies registered, want %d: released copies are not reused", vfsPool.n, registered)
	}
}

// TestSerializeAnySchema checks what mattn's sqlite3_serialize does beyond
// the contract: any schema, and an empty image into a usable database.
func TestSerializeAnySchema(t *testing.T) {
	db := drivertest.OpenDB(t, Driver{}, contract.ConnConfig{Path: ":memory:"})
	for _, stmt := range []string{"ATTACH ':memory:' AS aux", "CREATE TABLE aux.a(x)", "INSERT INTO aux.a VALUES(1)"} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	sc, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	err = sc.Raw(func(dc any) error {
		c := dc.(*conn)
		data, err := Driver{}.Serialize(c, "aux")
		if err != nil {
			return err
		}
		if err := (Driver{}).Deserialize(c, "main", data); err != nil {
			return err
		}
		if err := (Driver{}).Deserialize(c, "aux", []byte{}); err != nil {
			t.Errorf("Deserialize of no bytes: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var x int64
	if err := sc.QueryRowContext(t.Context(), "SELECT x FROM main.a").Scan(&x); err != nil || x != 1 {
		t.Errorf("main.a after Deserialize of aux: %d, %v", x, err)
	}
	if _, err := sc.ExecContext(t.Context(), "CREATE TABLE aux.b(y)"); err != nil {
		t.Errorf("aux after Deserialize of no bytes: %v", err)
	}
}
