package drivertest

import (
	"context"
	"database/sql/driver"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// testOpenCancelled checks that OpenConn with a context that has ended
// opens nothing and returns the context's error.
func (k *kit) testOpenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	path := tempPath(t)
	c, err := k.d.OpenConn(ctx, contract.ConnConfig{Path: path})
	if err == nil {
		c.Close()
		t.Fatal("OpenConn with a cancelled context succeeded")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("OpenConn with a cancelled context: %s; want an error wrapping context.Canceled", k.describe(err))
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenConn with a cancelled context created the file: %v", err)
	}
}

// testInterfaces checks the interfaces the adapter uses.
func (k *kit) testInterfaces(t *testing.T) {
	c := k.mem(t)
	if _, ok := c.(driver.ConnPrepareContext); !ok {
		t.Fatalf("the connection, a %T, does not implement driver.ConnPrepareContext", c)
	}
	st, err := prepare(t.Context(), c, "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, ok := st.(driver.StmtExecContext); !ok {
		t.Errorf("the statement, a %T, does not implement driver.StmtExecContext", st)
	}
	if _, ok := st.(driver.StmtQueryContext); !ok {
		t.Errorf("the statement, a %T, does not implement driver.StmtQueryContext", st)
	}
}

// testMemory checks that every ":memory:" connection is a private
// database, and not a file of that name.
func (k *kit) testMemory(t *testing.T) {
	c1, c2 := k.mem(t), k.mem(t)
	mustExec(t, c1, "CREATE TABLE t(x)")
	if _, err := queryErr(t.Context(), c2, "SELECT * FROM t"); err == nil {
		t.Error("a second in-memory connection sees the first one's table")
	}
	if rows := mustQuery(t, c1, "PRAGMA database_list"); rows[0][2] != "" {
		t.Errorf("the in-memory database has file %v", rows[0][2])
	}
	if _, err := os.Stat(":memory:"); err == nil {
		t.Error("a file named :memory: was created in the working directory")
	}
}

// readOnlyFixture creates a database file in a fresh directory, with one
// row in table t(id INTEGER PRIMARY KEY, u UNIQUE, n NOT NULL,
// c CHECK (c > 0)), and opens it read-write and read-only.
func (k *kit) readOnlyFixture(t *testing.T) (dir string, rw, ro driver.Conn) {
	t.Helper()
	dir = t.TempDir()
	path := filepath.Join(dir, "test.db")
	rw = k.open(t, contract.ConnConfig{Path: path})
	mustExec(t, rw, "CREATE TABLE t(id INTEGER PRIMARY KEY, u UNIQUE, n NOT NULL, c CHECK (c > 0))")
	mustExec(t, rw, "INSERT INTO t VALUES(1, 'a', 'x', 1)")
	ro = k.open(t, contract.ConnConfig{Path: path, ReadOnly: true})
	return dir, rw, ro
}

// testReadOnly checks that ReadOnly opens an existing database for reading
// only, and does not create a missing one.
func (k *kit) testReadOnly(t *testing.T) {
	dir, rw, ro := k.readOnlyFixture(t)
	if got := mustQueryOne(t, ro, "SELECT id FROM t"); got != int64(1) {
		t.Errorf("read-only connection reads %v, want 1", got)
	}
	for _, query := range []string{"INSERT INTO t VALUES(2, 'b', 'x', 1)", "CREATE TABLE u(x)", "DELETE FROM t"} {
		err := execErr(t.Context(), ro, query)
		if err == nil {
			t.Errorf("%s on a read-only connection succeeded", query)
		} else if code, _, ok := k.decode(err); !ok || code != sqlite.ExtendedCode(sqlite.READONLY) {
			t.Errorf("%s on a read-only connection: %s; want SQLITE_READONLY", query, k.describe(err))
		}
	}
	if got := mustQueryOne(t, rw, "SELECT count(*) FROM t"); got != int64(1) {
		t.Errorf("after refused writes the table holds %v rows, want 1", got)
	}

	k.skipRemote(t, "the engine's database always exists: no missing file to refuse")
	k.checkMissingFile(t, contract.ConnConfig{Path: filepath.Join(dir, "missing.db"), ReadOnly: true})
}

// checkMissingFile checks that OpenConn of a missing file with cfg
// (ReadOnly or NoCreate) fails with SQLITE_CANTOPEN and creates nothing.
func (k *kit) checkMissingFile(t *testing.T, cfg contract.ConnConfig) {
	t.Helper()
	c, err := k.d.OpenConn(t.Context(), cfg)
	if err == nil {
		c.Close()
		t.Errorf("OpenConn(%+v) opened a missing file", cfg)
	} else if code, _, ok := k.decode(err); !ok || code != sqlite.ExtendedCode(sqlite.CANTOPEN) {
		t.Errorf("OpenConn(%+v) of a missing file: %s; want SQLITE_CANTOPEN", cfg, k.describe(err))
	}
	if _, err := os.Stat(cfg.Path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenConn(%+v) created the missing file: %v", cfg, err)
	}
}

// testNoCreate checks that NoCreate opens an existing database for reading
// and writing, and fails with SQLITE_CANTOPEN for a missing one, which it
// does not create.
func (k *kit) testNoCreate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "test.db")
	mustExec(t, k.open(t, contract.ConnConfig{Path: path}), "CREATE TABLE t(x)")
	c := k.open(t, contract.ConnConfig{Path: path, NoCreate: true})
	mustExec(t, c, "INSERT INTO t VALUES(1)")

	k.checkMissingFile(t, contract.ConnConfig{Path: filepath.Join(dir, "missing.db"), NoCreate: true})
}

// testSpecialPath opens paths with characters that end or escape the path
// of a URI, in the directory and in the file name, and checks that exactly
// that file is used, in every mode.
func (k *kit) testSpecialPath(t *testing.T) {
	dirName := "a?b#c%25d e&f=g"
	names := []string{"x?mode=ro#frag%41%.db", "a?mode=ro#frag.db", "100%41.db", "file:x?y#z%20.db", "sp ace é.db"}
	if runtime.GOOS == "windows" { // no '?' nor ':' in Windows file names
		dirName = "a#c%25d e&f=g"
		names = []string{"x#frag%41%.db", "100%41.db", "sp ace é.db"}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), dirName)
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, name)
			c := k.open(t, contract.ConnConfig{Path: path})
			mustExec(t, c, "CREATE TABLE t(x)")
			mustExec(t, c, "INSERT INTO t VALUES(42)")
			if got := mustQueryOne(t, c, "SELECT file FROM pragma_database_list WHERE name = 'main'"); got != path {
				t.Errorf("database_list file = %v, want %q", got, path)
			}
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("the database file is not at the path: %v", err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != name {
				var got []string
				for _, e := range entries {
					got = append(got, e.Name())
				}
				t.Errorf("the directory holds %q, want only %q", got, name)
			}
			// ReadOnly and NoCreate open the same file.
			for _, cfg := range []contract.ConnConfig{{Path: path, ReadOnly: true}, {Path: path, NoCreate: true}} {
				if got := mustQueryOne(t, k.open(t, cfg), "SELECT x FROM t"); got != int64(42) {
					t.Errorf("%+v: got %v, want 42", cfg, got)
				}
			}
			// NoCreate does not create a missing file with such a name.
			missing := filepath.Join(dir, "missing?"+name)
			if runtime.GOOS == "windows" {
				missing = filepath.Join(dir, "missing#"+name)
			}
			if c, err := k.d.OpenConn(t.Context(), contract.ConnConfig{Path: missing, NoCreate: true}); err == nil {
				c.Close()
				t.Error("NoCreate opened a missing file")
			}
			if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("NoCreate created the missing file: %v", err)
			}
		})
	}
}
