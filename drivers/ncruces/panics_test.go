package ncruces

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/ncruces/go-sqlite3"
)

// openConn opens a driver connection, closed at the end of the test.
func openConn(t *testing.T, cfg contract.ConnConfig) *conn {
	t.Helper()
	dc, err := Driver{}.OpenConn(context.Background(), cfg)
	if err != nil {
		t.Fatalf("OpenConn(%+v): %v", cfg, err)
	}
	c := dc.(*conn)
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return c
}

// execConn runs one statement on c.
func execConn(c *conn, query string, args ...driver.NamedValue) error {
	st, err := c.PrepareContext(context.Background(), query)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.(driver.StmtExecContext).ExecContext(context.Background(), args)
	return err
}

// wantCode fails the test unless err decodes to the extended code want.
func wantCode(t *testing.T, what string, err error, want sqlite.ExtendedCode) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want %v", what, want)
	}
	if code, _ := decode(t, err); code != want {
		t.Errorf("%s: %v (code %d), want %v (%d)", what, err, code, want, want)
	}
}

// TestNoMemAfterSQLiteReturned: ncruces panics when SQLite returns
// SQLITE_NOMEM, after SQLite has dealt with it. The driver returns
// SQLITE_NOMEM, and the connection stays valid and keeps its data, as
// with the C drivers.
func TestNoMemAfterSQLiteReturned(t *testing.T) {
	c := openConn(t, contract.ConnConfig{Path: ":memory:"})
	if err := execConn(c, "CREATE TABLE t(x)"); err != nil {
		t.Fatal(err)
	}
	if err := execConn(c, "INSERT INTO t VALUES (7)"); err != nil {
		t.Fatal(err)
	}
	if err := execConn(c, "PRAGMA hard_heap_limit = 33554432"); err != nil {
		t.Fatal(err)
	}
	for _, query := range []string{
		"SELECT length(randomblob(50000000))",
		"WITH RECURSIVE c(x) AS (SELECT randomblob(100000000) UNION ALL SELECT x FROM c) SELECT length(x) FROM c",
		"INSERT INTO t SELECT randomblob(50000000)",
	} {
		st, err := c.PrepareContext(context.Background(), query)
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.(driver.StmtQueryContext).QueryContext(context.Background(), nil)
		wantCode(t, query, err, sqlite.ExtendedCode(sqlite.NOMEM))
		if err := st.Close(); err != nil {
			t.Errorf("Close of the statement that ran out of memory: %v", err)
		}
		if !c.IsValid() {
			t.Fatalf("%s: the connection reports itself invalid", query)
		}
	}
	if err := execConn(c, "PRAGMA hard_heap_limit = 0"); err != nil {
		t.Fatal(err)
	}
	rows, err := rawQueryConn(c, "SELECT x FROM t")
	if err != nil || len(rows) != 1 || rows[0][0] != int64(7) {
		t.Errorf("after running out of memory: %v, %v; want [[7]]", rows, err)
	}
}

// rawQueryConn runs a query on c and returns its rows.
func rawQueryConn(c *conn, query string) ([][]driver.Value, error) {
	st, err := c.PrepareContext(context.Background(), query)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	rs, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), nil)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out [][]driver.Value
	for {
		row := make([]driver.Value, len(rs.Columns()))
		if err := rs.Next(row); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, err
		}
		out = append(out, row)
	}
}

// TestNoMemInsideSQLite: ncruces' base64() is a Go function SQLite calls
// in the middle of sqlite3_step; its allocation panics when SQLite is out
// of memory, and the panic unwinds through SQLite, which never finishes
// the step. The driver returns SQLITE_NOMEM, marks the connection bad
// (state unknown), refuses further work with driver.ErrBadConn, still
// closes it, and database/sql replaces it.
func TestNoMemInsideSQLite(t *testing.T) {
	path := tempPath(t, "x.db")
	db := openDB(t, contract.ConnConfig{Path: path})
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)")
	err := withConn(t, db, func(c *conn) error {
		if err := execConn(c, "PRAGMA hard_heap_limit = 33554432"); err != nil {
			return err
		}
		_, err := rawQueryConn(c, "SELECT base64(randomblob(20000000))")
		wantCode(t, "base64 of 20 MB under a 32 MiB heap limit", err, sqlite.ExtendedCode(sqlite.NOMEM))
		if c.IsValid() {
			t.Error("IsValid after a panic inside SQLite")
		}
		if err := c.ResetSession(context.Background()); !errors.Is(err, driver.ErrBadConn) {
			t.Errorf("ResetSession = %v, want driver.ErrBadConn", err)
		}
		if _, err := c.PrepareContext(context.Background(), "SELECT 1"); !errors.Is(err, driver.ErrBadConn) {
			t.Errorf("PrepareContext = %v, want driver.ErrBadConn", err)
		}
		if err := c.exec(context.Background(), "SELECT 1"); !errors.Is(err, driver.ErrBadConn) {
			t.Errorf("exec = %v, want driver.ErrBadConn", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// database/sql dropped the bad connection; a new one works, and the
	// data is intact.
	var n int64
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 1 {
		t.Errorf("after the broken connection: %d, %v; want 1", n, err)
	}
}

// TestBrokenConnCloses: Close of a broken connection finalizes and closes
// without panicking, and a second Close is a no-op.
func TestBrokenConnCloses(t *testing.T) {
	dc, err := Driver{}.OpenConn(context.Background(), contract.ConnConfig{Path: ":memory:"})
	if err != nil {
		t.Fatal(err)
	}
	c := dc.(*conn)
	if err := execConn(c, "PRAGMA hard_heap_limit = 33554432"); err != nil {
		t.Fatal(err)
	}
	st, err := c.PrepareContext(context.Background(), "SELECT base64(randomblob(20000000)) FROM (VALUES (1), (2))")
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.(driver.StmtQueryContext).QueryContext(context.Background(), nil)
	wantCode(t, "base64", err, sqlite.ExtendedCode(sqlite.NOMEM))
	if !c.broken {
		t.Fatal("not marked broken")
	}
	if err := st.Close(); err != nil {
		t.Errorf("stmt Close on a broken connection: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("Close of a broken connection: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestLongPathBoundary: the VFS reads names of up to maxPathname bytes;
// SQLite refuses those whose journal name would not fit (SQLITE_CANTOPEN),
// and the driver refuses longer ones itself, where the VFS would panic.
// Both are plain SQLITE_CANTOPEN, as from SQLite's unix VFS.
func TestLongPathBoundary(t *testing.T) {
	base := t.TempDir()
	for _, n := range []int{maxPathname - 8, maxPathname, maxPathname + 1, 3000} {
		path := base
		for n-len(path) > 210 {
			path += "/" + strings.Repeat("d", 200)
		}
		path += "/" + strings.Repeat("e", n-len(path)-1)
		if len(path) != n {
			t.Fatalf("built %d bytes, want %d", len(path), n)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		c, err := Driver{}.OpenConn(context.Background(), contract.ConnConfig{Path: path})
		if n <= maxPathname-8 {
			if err != nil {
				t.Errorf("OpenConn(%d bytes): %v", n, err)
			} else {
				c.Close()
			}
			continue
		}
		wantCode(t, "OpenConn of a long path", err, sqlite.ExtendedCode(sqlite.CANTOPEN))
	}
}

// TestOpenRecoversLongName: behind the length check, open turns the
// VFS's panic on a name longer than it can read into SQLITE_CANTOPEN.
func TestOpenRecoversLongName(t *testing.T) {
	path := filepath.Join(t.TempDir(), strings.Repeat("n", 200), strings.Repeat("m", 200), strings.Repeat("o", 200),
		strings.Repeat("p", 200), strings.Repeat("q", 200), "x.db")
	raw, err := open(path, sqlite3.OPEN_READWRITE|sqlite3.OPEN_CREATE)
	if err == nil {
		raw.Close()
		t.Fatalf("opened a %d-byte name", len(path))
	}
	wantCode(t, "open", err, sqlite.ExtendedCode(sqlite.CANTOPEN))
}

// TestAttachLongPath: ATTACH of a name longer than the VFS reads panics
// inside SQLite; the driver returns SQLITE_CANTOPEN, as SQLite's unix
// VFS does, and marks the connection bad.
func TestAttachLongPath(t *testing.T) {
	c := openConn(t, contract.ConnConfig{Path: ":memory:"})
	long := filepath.Join(t.TempDir(), strings.Repeat("a", 200), strings.Repeat("b", 200), strings.Repeat("c", 200),
		strings.Repeat("d", 200), strings.Repeat("e", 200), "x.db")
	err := execConn(c, "ATTACH ?1 AS other", driver.NamedValue{Ordinal: 1, Value: long})
	wantCode(t, "ATTACH of a long name", err, sqlite.ExtendedCode(sqlite.CANTOPEN))
	if c.IsValid() {
		t.Error("IsValid after a panic inside SQLite")
	}
}

// TestNotWritable: the read-only fallback is taken for SQLITE_CANTOPEN
// caused by permissions (or a read-only file system) only, not for a
// missing directory.
func TestNotWritable(t *testing.T) {
	dir := t.TempDir()
	_, err := open(filepath.Join(dir, "missing", "x.db"), sqlite3.OPEN_READWRITE|sqlite3.OPEN_CREATE)
	if err == nil || notWritable(err) {
		t.Errorf("missing directory: notWritable(%v) = true", err)
	}
	if notWritable(sqlite3.CANTOPEN) || notWritable(os.ErrPermission) {
		t.Error("notWritable holds for an error without both SQLITE_CANTOPEN and a permission error")
	}
	if os.Geteuid() == 0 {
		return // root writes 0444 files; drivertest checks the fallback as nobody
	}
	path := filepath.Join(dir, "x.db")
	if err := os.WriteFile(path, nil, 0o444); err != nil {
		t.Fatal(err)
	}
	_, err = open(path, sqlite3.OPEN_READWRITE)
	if !notWritable(err) {
		t.Errorf("0444 file: notWritable(%v) = false", err)
	}
}
