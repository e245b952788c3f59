//go:build cgo

package mattn

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

// TestInfo checks the static description.
func TestInfo(t *testing.T) {
	info := Driver{}.Info()
	if info.Name != "mattn" || info.Module != "github.com/mattn/go-sqlite3" || !info.Cgo || info.Unavailable != "" {
		t.Errorf("Info = %+v", info)
	}
	if info.ModuleVersion == "" || info.ModuleVersion[0] != 'v' {
		t.Errorf("ModuleVersion = %q", info.ModuleVersion)
	}
	for _, f := range []adapter.Feature{adapter.FeatureBackup, adapter.FeatureSerialize, adapter.FeatureDefensive, adapter.FeatureDQSControl} {
		if err := info.Supports(f); err != nil {
			t.Errorf("Supports(%s): %v", f, err)
		}
	}
	if internalsErr != nil {
		t.Errorf("mattn internals: %v", internalsErr)
	}
	found := false
	for _, name := range adapter.Drivers() {
		found = found || name == "mattn"
	}
	if !found {
		t.Errorf("mattn not registered: %v", adapter.Drivers())
	}
}

// TestFTS5 checks that FTS5 works when the build has it, and that Info
// says how to get it otherwise.
func TestFTS5(t *testing.T) {
	c := open(t, adapter.ConnConfig{Path: ":memory:"})
	err := execErr(t.Context(), c, "CREATE VIRTUAL TABLE docs USING fts5(body)")
	support := Driver{}.Info().Features[adapter.FeatureFTS5]
	if !support.OK {
		t.Logf("built without FTS5: %s", support.Reason)
		if err == nil {
			t.Error("FTS5 works although Info reports it missing")
		}
		if support.Reason != "mattn built without build tag sqlite_fts5: rebuild with go build -tags sqlite_fts5" {
			t.Errorf("Reason = %q", support.Reason)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, c, "INSERT INTO docs VALUES('the quick brown fox'), ('lazy dogs')")
	rows := mustQuery(t, c, "SELECT body FROM docs WHERE docs MATCH 'quick'")
	if len(rows) != 1 || rows[0][0] != "the quick brown fox" {
		t.Errorf("MATCH returned %v", rows)
	}
}

// TestSpecialCharacterPath opens a path with characters that end or
// escape a URI path and checks that exactly that file is used.
func TestSpecialCharacterPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a?b#c%25d e&f=g")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "x?mode=ro#frag%41%.db")
	c := open(t, adapter.ConnConfig{Path: path})
	mustExec(t, c, "CREATE TABLE t(x)")
	mustExec(t, c, "INSERT INTO t VALUES(42)")
	if rows := mustQuery(t, c, "PRAGMA database_list"); rows[0][2] != path {
		t.Errorf("database_list file = %v, want %q", rows[0][2], path)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not at the path: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %q, want only the database", names)
	}

	// ReadOnly and NoCreate open the same file.
	for _, cfg := range []adapter.ConnConfig{{Path: path, ReadOnly: true}, {Path: path, NoCreate: true}} {
		c := open(t, cfg)
		if rows := mustQuery(t, c, "SELECT x FROM t"); rows[0][0] != int64(42) {
			t.Errorf("%+v: got %v", cfg, rows)
		}
	}
	// NoCreate does not create a missing file with such a name.
	missing := filepath.Join(dir, "missing?.db")
	if _, err := (Driver{}).OpenConn(t.Context(), adapter.ConnConfig{Path: missing, NoCreate: true}); err == nil {
		t.Error("NoCreate opened a missing file")
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestMemory checks that every ":memory:" connection is a private
// database.
func TestMemory(t *testing.T) {
	c1 := open(t, adapter.ConnConfig{Path: ":memory:"})
	c2 := open(t, adapter.ConnConfig{Path: ":memory:"})
	mustExec(t, c1, "CREATE TABLE t(x)")
	if _, err := queryErr(t.Context(), c2, "SELECT * FROM t"); err == nil {
		t.Error("second in-memory connection sees the first one's table")
	}
	if rows := mustQuery(t, c1, "PRAGMA database_list"); rows[0][2] != "" {
		t.Errorf("in-memory database has file %v", rows[0][2])
	}
	if _, err := os.Stat(":memory:"); err == nil {
		t.Error("a file named :memory: was created")
	}
}

// TestDBConfig sets sqlite3_db_config options and checks their effect.
func TestDBConfig(t *testing.T) {
	dqs := `SELECT "no such column"`
	tests := []struct {
		name    string
		config  map[adapter.DBConfigOp]bool
		check   string
		wantErr string // "": no error
	}{
		{"DQS on", map[adapter.DBConfigOp]bool{adapter.DBConfigDQSDML: true, adapter.DBConfigDQSDDL: true}, dqs, ""},
		{"DQS off", map[adapter.DBConfigOp]bool{adapter.DBConfigDQSDML: false, adapter.DBConfigDQSDDL: false}, dqs, "no such column"},
		{"DQS DDL off only", map[adapter.DBConfigOp]bool{adapter.DBConfigDQSDDL: false}, dqs, ""},
		{"defensive off", map[adapter.DBConfigOp]bool{adapter.DBConfigDefensive: false}, "UPDATE sqlite_schema SET sql = sql", ""},
		{"defensive on", map[adapter.DBConfigOp]bool{adapter.DBConfigDefensive: true}, "UPDATE sqlite_schema SET sql = sql", "may not be modified"},
		{"trusted schema off", map[adapter.DBConfigOp]bool{adapter.DBConfigTrustedSchema: false}, "SELECT 1", ""},
		{"load extension off", map[adapter.DBConfigOp]bool{adapter.DBConfigEnableLoadExtension: false}, "SELECT load_extension('nosuch')", "not authorized"},
		// The option enables the C API only, never the SQL function.
		{"load extension on", map[adapter.DBConfigOp]bool{adapter.DBConfigEnableLoadExtension: true}, "SELECT load_extension('nosuch')", "not authorized"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Driver{}.OpenConn(t.Context(), adapter.ConnConfig{Path: tempDB(t), DBConfig: tt.config})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			mustExec(t, c, "CREATE TABLE t(x)")
			mustQuery(t, c, "PRAGMA writable_schema=ON")
			err = execErr(t.Context(), c, tt.check)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("%s: err = %v, want %q", tt.check, err, tt.wantErr)
			}
		})
	}
	_, err := Driver{}.OpenConn(t.Context(), adapter.ConnConfig{Path: ":memory:", DBConfig: map[adapter.DBConfigOp]bool{9999: true}})
	if !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("unknown option: %v, want errors.ErrUnsupported", err)
	}
}
