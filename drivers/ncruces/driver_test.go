package ncruces

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/ncruces/go-sqlite3"

	"github.com/anysqlite/anysqlite/adapter"
)

// TestInfo checks what this driver says of itself; drivertest checks that
// it is true.
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
	for _, f := range []contract.Feature{contract.FeatureFTS5, contract.FeatureRTree, contract.FeatureSerialize, contract.FeatureBackup,
		contract.FeatureDefensive, contract.FeatureDQSControl} {
		if err := info.Supports(f); err != nil {
			t.Errorf("Supports(%s): %v", f, err)
		}
	}
	if _, ok := d.(contract.Serializer); !ok {
		t.Error("Driver does not implement contract.Serializer")
	}
}

// TestDBConfigReadBack checks, through ncruces' own sqlite3_db_config
// binding, that OpenConn leaves each option as asked (drivertest checks
// their effect).
func TestDBConfigReadBack(t *testing.T) {
	for _, want := range []bool{true, false} {
		ops := map[contract.DBConfigOp]bool{
			contract.DBConfigDefensive: want,
			contract.DBConfigDQSDML:    want,
			contract.DBConfigDQSDDL:    want,
		}
		db := openDB(t, contract.ConnConfig{Path: ":memory:", DBConfig: ops})
		err := withConn(t, db, func(c *conn) error {
			for op := range ops {
				got, err := c.raw.Config(sqlite3.DBConfig(op))
				if err != nil {
					return err
				}
				if got != want {
					t.Errorf("option %d = %t, want %t", op, got, want)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestDecodeBareCodes checks the errors ncruces returns without a message:
// a bare sqlite3.ErrorCode or sqlite3.ExtendedErrorCode, possibly wrapped
// (drivertest checks the errors with one).
func TestDecodeBareCodes(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code sqlite.ExtendedCode
		msg  string
	}{
		{"bare code", sqlite3.INTERRUPT, 9, "interrupted"},
		{"bare extended code", sqlite3.BUSY_TIMEOUT, sqlite.BUSY_TIMEOUT, "database is locked"},
		{"wrapped code", fmt.Errorf("context: %w", sqlite3.BUSY), 5, "database is locked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, msg := decode(t, tt.err); code != tt.code || msg != tt.msg {
				t.Errorf("DecodeError = %d, %q; want %d, %q", code, msg, tt.code, tt.msg)
			}
		})
	}
}

// TestGeopoly checks the geopoly functions, which rtree.Register adds with
// the R*Tree module.
func TestGeopoly(t *testing.T) {
	var area float64
	if err := memDB(t).QueryRow("SELECT geopoly_area('[[0,0],[1,0],[1,1],[0,0]]')").Scan(&area); err != nil || area != 0.5 {
		t.Errorf("geopoly_area = %v, %v; want 0.5", area, err)
	}
}

// TestCloseWithOpenStatements closes a connection under an open statement
// and rows, then uses them: nothing may panic, and the handles fail cleanly.
func TestCloseWithOpenStatements(t *testing.T) {
	dc, err := Driver{}.OpenConn(context.Background(), contract.ConnConfig{Path: ":memory:"})
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
	db := openDB(t, contract.ConnConfig{Path: "file:rel.db?mode=ro"})
	mustExec(t, db, "CREATE TABLE t(x)")
	if _, err := os.Stat(filepath.Join(dir, "file:rel.db?mode=ro")); err != nil {
		t.Error(err)
	}
}
