package ncruces

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ncruces/go-sqlite3"

	"github.com/anysqlite/anysqlite/adapter"
)

func TestInfo(t *testing.T) {
	d, err := adapter.Lookup("ncruces")
	if err != nil {
		t.Fatal(err)
	}
	info := d.Info()
	if info.Name != "ncruces" || info.Module != "github.com/ncruces/go-sqlite3" || info.Cgo {
		t.Errorf("Info() = %+v", info)
	}
	if info.ModuleVersion != "v0.35.6" {
		t.Errorf("ModuleVersion = %q, want v0.35.6", info.ModuleVersion)
	}
	for _, f := range []adapter.Feature{adapter.FeatureFTS5, adapter.FeatureSerialize, adapter.FeatureBackup,
		adapter.FeatureDefensive, adapter.FeatureDQSControl} {
		if err := info.Supports(f); err != nil {
			t.Errorf("Supports(%s): %v", f, err)
		}
	}
	if _, ok := d.(adapter.Serializer); !ok {
		t.Error("Driver does not implement adapter.Serializer")
	}
}

func TestOpenModes(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.db")
	mustExec(t, openDB(t, adapter.ConnConfig{Path: existing}), "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)")

	tests := []struct {
		name     string
		cfg      adapter.ConnConfig
		query    string
		wantCode adapter.ExtendedErrorCode // 0: success
	}{
		{"create", adapter.ConnConfig{Path: filepath.Join(dir, "new.db")}, "CREATE TABLE t(x)", 0},
		{"memory", adapter.ConnConfig{Path: ":memory:"}, "CREATE TABLE t(x)", 0},
		{"read-only reads", adapter.ConnConfig{Path: existing, ReadOnly: true}, "SELECT * FROM t", 0},
		{"read-only rejects writes", adapter.ConnConfig{Path: existing, ReadOnly: true}, "INSERT INTO t VALUES (2)", 8},
		{"no-create existing", adapter.ConnConfig{Path: existing, NoCreate: true}, "INSERT INTO t VALUES (2)", 0},
		{"no-create missing", adapter.ConnConfig{Path: filepath.Join(dir, "missing.db"), NoCreate: true}, "SELECT 1", 14},
		{"read-only missing", adapter.ConnConfig{Path: filepath.Join(dir, "missing.db"), ReadOnly: true}, "SELECT 1", 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t, tt.cfg)
			_, err := db.Exec(tt.query)
			if tt.wantCode == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			if code, msg := decode(t, err); code != tt.wantCode {
				t.Errorf("code %d (%s), want %d", code, msg, tt.wantCode)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !os.IsNotExist(err) {
		t.Errorf("missing.db was created: %v", err)
	}
}

func TestOpenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if c, err := (Driver{}).OpenConn(ctx, adapter.ConnConfig{Path: ":memory:"}); !errors.Is(err, context.Canceled) {
		t.Errorf("OpenConn with a cancelled context = %v, %v", c, err)
	}
}

// TestOddPath checks that '?', '#' and '%' in a path are taken literally,
// not as URI syntax.
func TestOddPath(t *testing.T) {
	for _, name := range []string{"a?mode=ro#frag.db", "100%41.db", "file:x?y#z%20.db", "sp ace é.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			db := openDB(t, adapter.ConnConfig{Path: path})
			mustExec(t, db, "CREATE TABLE t(x)", "INSERT INTO t VALUES (42)")
			var file string
			if err := db.QueryRow("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil {
				t.Fatal(err)
			}
			if file != path {
				t.Errorf("database file %q, want %q", file, path)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 || entries[0].Name() != name {
				t.Errorf("directory holds %v, want just %q", entries, name)
			}
			db2 := openDB(t, adapter.ConnConfig{Path: path, NoCreate: true})
			var x int64
			if err := db2.QueryRow("SELECT x FROM t").Scan(&x); err != nil || x != 42 {
				t.Errorf("reopen: %d, %v", x, err)
			}
		})
	}
}

func TestDBConfig(t *testing.T) {
	readConfig := func(t *testing.T, db *sql.DB, op adapter.DBConfigOp) bool {
		var on bool
		err := withConn(t, db, func(c *conn) (err error) {
			on, err = c.raw.Config(sqlite3.DBConfig(op))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return on
	}
	for _, want := range []bool{true, false} {
		t.Run(fmt.Sprint(want), func(t *testing.T) {
			ops := map[adapter.DBConfigOp]bool{
				adapter.DBConfigDefensive: want,
				adapter.DBConfigDQSDML:    want,
				adapter.DBConfigDQSDDL:    want,
			}
			db := openDB(t, adapter.ConnConfig{Path: ":memory:", DBConfig: ops})
			for op := range ops {
				if got := readConfig(t, db, op); got != want {
					t.Errorf("option %d = %t, want %t", op, got, want)
				}
			}
			// Behaviour, not just the flag: double-quoted string literals.
			var s string
			err := db.QueryRow(`SELECT "abc"`).Scan(&s)
			if want && (err != nil || s != "abc") {
				t.Errorf(`DQS on: SELECT "abc" = %q, %v`, s, err)
			}
			if !want && err == nil {
				t.Errorf(`DQS off: SELECT "abc" succeeded`)
			}
		})
	}
	t.Run("unsupported", func(t *testing.T) {
		_, err := Driver{}.OpenConn(context.Background(), adapter.ConnConfig{
			Path: ":memory:", DBConfig: map[adapter.DBConfigOp]bool{9999: true}})
		if !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("unknown option: %v", err)
		}
	})
}

func TestDecodeError(t *testing.T) {
	db := memDB(t)
	mustExec(t, db, "CREATE TABLE t(id INTEGER PRIMARY KEY, u TEXT UNIQUE, n TEXT NOT NULL)",
		"INSERT INTO t VALUES (1, 'a', 'x')")
	exec := func(q string) error { _, err := db.Exec(q); return err }

	tests := []struct {
		name    string
		err     error
		code    adapter.ExtendedErrorCode
		msgPart string
	}{
		{"unique", exec("INSERT INTO t VALUES (2, 'a', 'x')"), adapter.ErrConstraintUnique, "UNIQUE constraint failed: t.u"},
		{"primary key", exec("INSERT INTO t VALUES (1, 'b', 'x')"), adapter.ErrConstraintPrimaryKey, "UNIQUE constraint failed: t.id"},
		{"not null", exec("INSERT INTO t VALUES (3, 'c', NULL)"), adapter.ErrConstraintNotNull, "NOT NULL constraint failed: t.n"},
		{"syntax", exec("SELEC 1"), 1, `near "SELEC": syntax error`},
		{"no table", exec("SELECT * FROM nope"), 1, "no such table: nope"},
		{"bare code", sqlite3.INTERRUPT, 9, "interrupted"},
		{"bare extended code", sqlite3.BUSY_TIMEOUT, adapter.ErrBusyTimeout, "database is locked"},
		{"wrapped code", fmt.Errorf("context: %w", sqlite3.BUSY), 5, "database is locked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, msg := decode(t, tt.err)
			if code != tt.code {
				t.Errorf("code = %d, want %d", code, tt.code)
			}
			if msg != tt.msgPart {
				t.Errorf("msg = %q, want %q", msg, tt.msgPart)
			}
			if strings.HasPrefix(msg, "sqlite3") {
				t.Errorf("msg %q is decorated", msg)
			}
		})
	}

	for _, err := range []error{nil, errors.New("other"), fmt.Errorf("ncruces: %w", adapter.ErrNoStatement), context.Canceled} {
		if code, msg, ok := (Driver{}).DecodeError(err); ok {
			t.Errorf("DecodeError(%v) = %d, %q, true", err, code, msg)
		}
	}
}

// TestCloseWithOpenStatements closes a connection under an open statement
// and rows, then uses them: nothing may panic, and the handles fail cleanly.
func TestCloseWithOpenStatements(t *testing.T) {
	dc, err := Driver{}.OpenConn(context.Background(), adapter.ConnConfig{Path: ":memory:"})
	if err != nil {
		t.Fatal(err)
	}
	c := dc.(*conn)
	st, err := c.PrepareContext(context.Background(), "SELECT 1 UNION ALL SELECT 2")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("Close with an open statement: %v", err)
	}
	if err := rs.Next(make([]driver.Value, 1)); err == nil {
		t.Error("Next after conn Close succeeded")
	}
	if err := rs.Close(); err != nil {
		t.Error(err)
	}
	if _, err := st.(driver.StmtExecContext).ExecContext(context.Background(), nil); !errors.Is(err, driver.ErrBadConn) {
		t.Errorf("Exec after conn Close: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Error(err)
	}
	if _, err := c.PrepareContext(context.Background(), "SELECT 1"); !errors.Is(err, driver.ErrBadConn) {
		t.Errorf("Prepare after Close: %v", err)
	}
	if c.IsValid() || c.Ping(context.Background()) == nil || c.Close() != nil {
		t.Error("closed connection reports valid, pings, or fails a second Close")
	}
}

// TestFileSchemePath checks that a (relative) path starting with "file:" is
// still a plain file name: this SQLite build parses such names as URIs.
func TestFileSchemePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := openDB(t, adapter.ConnConfig{Path: "file:rel.db?mode=ro"})
	mustExec(t, db, "CREATE TABLE t(x)")
	if _, err := os.Stat(filepath.Join(dir, "file:rel.db?mode=ro")); err != nil {
		t.Error(err)
	}
}
