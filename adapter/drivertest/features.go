package drivertest

import (
	"database/sql/driver"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	"github.com/anysqlite/anysqlite/adapter"
)

// support says whether the driver has feature f: as its Info reports it,
// or, where Info does not mention f, as the adapter will probe it on a
// live connection (mentioned is false then).
func (k *kit) support(t *testing.T, f adapter.Feature) (s adapter.Support, mentioned bool) {
	t.Helper()
	if s, ok := k.info.Features[f]; ok {
		return s, true
	}
	var probe string
	switch f {
	case adapter.FeatureFTS5:
		probe = "SELECT count(*) FROM pragma_module_list WHERE name = 'fts5'"
	case adapter.FeatureRTree:
		probe = "SELECT count(*) FROM pragma_module_list WHERE name = 'rtree'"
	case adapter.FeatureJSON:
		probe = "SELECT count(*) FROM pragma_function_list WHERE name = 'json'"
	case adapter.FeatureMath:
		probe = "SELECT count(*) FROM pragma_function_list WHERE name = 'sqrt'"
	case adapter.FeatureBackup:
		return adapter.Support{OK: true}, false // the adapter assumes VACUUM INTO
	case adapter.FeatureSerialize:
		_, ok := k.d.(contract.Serializer)
		return adapter.Support{OK: ok}, false
	default: // db_config features: only Info can tell
		return adapter.Support{}, false
	}
	n := mustQueryOne(t, k.mem(t), probe)
	t.Logf("Info does not mention %s; the adapter will probe it (%s): %v", f, probe, n)
	return adapter.Support{OK: n != int64(0)}, false
}

// checkFeature holds the driver to what it says of feature f: try makes
// the first use of the feature; if the driver has f, try must succeed and
// then full checks the feature in depth; if not, Info must give a reason
// (where it mentions f) and try must fail.
func (k *kit) checkFeature(t *testing.T, f adapter.Feature, try func() error, full func(t *testing.T)) {
	t.Helper()
	s, mentioned := k.support(t, f)
	err := try()
	if s.OK {
		if err != nil {
			t.Fatalf("%s is supported, but its first use fails: %s", f, k.describe(err))
		}
		full(t)
		return
	}
	if mentioned && s.Reason == "" {
		t.Errorf("Info reports %s unsupported without a reason", f)
	}
	if err == nil && mentioned {
		t.Errorf("Info reports %s unsupported (%q), but it works", f, s.Reason)
		return
	}
	if err == nil {
		t.Errorf("the adapter will probe %s as unsupported, but it works", f)
		return
	}
	t.Logf("%s is unsupported (%s), and fails: %v", f, s.Reason, err)
}

// testFTS5 checks FTS5 full-text search, registered on every connection.
func (k *kit) testFTS5(t *testing.T) {
	path := tempPath(t)
	c1 := k.open(t, contract.ConnConfig{Path: path})
	try := func() error { return execErr(t.Context(), c1, "CREATE VIRTUAL TABLE docs USING fts5(title, body)") }
	k.checkFeature(t, adapter.FeatureFTS5, try, func(t *testing.T) {
		mustExec(t, c1, `INSERT INTO docs VALUES ('fox', 'the quick brown fox jumps over the lazy dog'),
			('cat', 'a cat sleeps all day long'), ('foxes', 'a fox and another fox meet a fox')`)
		c2 := k.open(t, contract.ConnConfig{Path: path}) // a second connection has FTS5 too
		for _, tt := range []struct {
			query string
			want  []driver.Value
		}{
			{"SELECT title FROM docs WHERE docs MATCH 'quick'", []driver.Value{"fox"}},
			{"SELECT title FROM docs WHERE docs MATCH 'fox' ORDER BY rank", []driver.Value{"foxes", "fox"}},
			{"SELECT title FROM docs WHERE docs MATCH 'fox' ORDER BY bm25(docs)", []driver.Value{"foxes", "fox"}},
			{"SELECT highlight(docs, 1, '[', ']') FROM docs WHERE docs MATCH 'lazy'", []driver.Value{"the quick brown fox jumps over the [lazy] dog"}},
			{"SELECT snippet(docs, 1, '<', '>', '...', 3) FROM docs WHERE docs MATCH 'sleeps'", []driver.Value{"a cat <sleeps>..."}},
			{"SELECT title FROM docs WHERE docs MATCH 'title:cat'", []driver.Value{"cat"}},
			{"SELECT typeof(bm25(docs)) FROM docs WHERE docs MATCH 'cat'", []driver.Value{"real"}},
		} {
			var got []driver.Value
			for _, row := range mustQuery(t, c2, tt.query) {
				got = append(got, row[0])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s: got %q, want %q", tt.query, got, tt.want)
			}
		}
		mustExec(t, c2, "CREATE VIRTUAL TABLE docs2 USING fts5(body)")
	})
}

// testRTree checks the R*Tree module, registered on every connection.
func (k *kit) testRTree(t *testing.T) {
	path := tempPath(t)
	c1 := k.open(t, contract.ConnConfig{Path: path})
	try := func() error {
		return execErr(t.Context(), c1, "CREATE VIRTUAL TABLE places USING rtree(id, minX, maxX, minY, maxY)")
	}
	k.checkFeature(t, adapter.FeatureRTree, try, func(t *testing.T) {
		mustExec(t, c1, "INSERT INTO places VALUES (1, -10, -5, 30, 35), (2, 100, 105, 0, 5)")
		c2 := k.open(t, contract.ConnConfig{Path: path}) // a second connection has R*Tree too
		rows := mustQuery(t, c2, "SELECT id FROM places WHERE minX >= -12 AND maxX <= -4 AND minY >= 28 AND maxY <= 36")
		if len(rows) != 1 || rows[0][0] != int64(1) {
			t.Errorf("R*Tree query returned %v, want [[1]]", rows)
		}
		mustExec(t, c2, "CREATE VIRTUAL TABLE places2 USING rtree_i32(id, minX, maxX)")
		mustExec(t, c2, "INSERT INTO places2 VALUES (7, 1, 2)")
		if got := mustQueryOne(t, c2, "SELECT id FROM places2 WHERE minX <= 1"); got != int64(7) {
			t.Errorf("rtree_i32 query returned %v, want 7", got)
		}
	})
}

// testMath checks the built-in math functions.
func (k *kit) testMath(t *testing.T) {
	c := k.mem(t)
	var rows [][]driver.Value
	try := func() (err error) {
		rows, err = queryErr(t.Context(), c, "SELECT sqrt(16), pow(2, 10), floor(-1.5), pi() > 3.14")
		return err
	}
	k.checkFeature(t, adapter.FeatureMath, try, func(t *testing.T) {
		if want := []driver.Value{4.0, 1024.0, -2.0, int64(1)}; len(rows) != 1 || !reflect.DeepEqual(rows[0], want) {
			t.Errorf("got %v, want %v", rows, want)
		}
	})
}

// testJSON checks the JSON functions.
func (k *kit) testJSON(t *testing.T) {
	c := k.mem(t)
	var rows [][]driver.Value
	try := func() (err error) {
		rows, err = queryErr(t.Context(), c, `SELECT json_extract('{"a":[1,2]}', '$.a[1]'), json_object('k', 'v'), '{"a":3}' ->> '$.a'`)
		return err
	}
	k.checkFeature(t, adapter.FeatureJSON, try, func(t *testing.T) {
		if want := []driver.Value{int64(2), `{"k":"v"}`, int64(3)}; len(rows) != 1 || !reflect.DeepEqual(rows[0], want) {
			t.Errorf("got %v, want %v", rows, want)
		}
	})
}

// testBackup checks VACUUM INTO, which the adapter's Backup runs.
func (k *kit) testBackup(t *testing.T) {
	c := k.open(t, contract.ConnConfig{Path: tempPath(t)})
	mustExec(t, c, "CREATE TABLE t(x)")
	mustExec(t, c, "INSERT INTO t VALUES(1), (2), (3)")
	dest := filepath.Join(t.TempDir(), "copy.db")
	try := func() error { return execErr(t.Context(), c, "VACUUM INTO ?", arg(1, dest)) }
	k.checkFeature(t, adapter.FeatureBackup, try, func(t *testing.T) {
		cp := k.open(t, contract.ConnConfig{Path: dest, NoCreate: true})
		if got := mustQueryOne(t, cp, "SELECT sum(x) FROM t"); got != int64(6) {
			t.Errorf("the copy holds sum(x) = %v, want 6", got)
		}
	})
}

// dbConfigSupported reports whether the driver can set op: whether it has
// the feature op belongs to. Options with no feature of their own are
// settable when FeatureDefensive or FeatureDQSControl is: the driver
// reaches sqlite3_db_config then.
func (k *kit) dbConfigSupported(t *testing.T, op contract.DBConfigOp) bool {
	defensive, _ := k.support(t, adapter.FeatureDefensive)
	dqs, _ := k.support(t, adapter.FeatureDQSControl)
	switch op {
	case contract.DBConfigDefensive:
		return defensive.OK
	case contract.DBConfigDQSDML, contract.DBConfigDQSDDL:
		return dqs.OK
	}
	return defensive.OK || dqs.OK
}

// testDBConfig sets sqlite3_db_config options and checks their effect, or,
// for options of a feature the driver does not support, that OpenConn
// refuses them.
func (k *kit) testDBConfig(t *testing.T) {
	type ops = map[contract.DBConfigOp]bool
	dqs := `SELECT "no such column"`
	// What a connection does without options depends on how SQLite was
	// compiled (SQLITE_DQS); an option left alone must not change it.
	var dqsDefault driver.Value
	dqsDefaultErr := "no such column"
	if _, err := queryErr(t.Context(), k.mem(t), dqs); err == nil {
		dqsDefault, dqsDefaultErr = "no such column", ""
	}
	var loadExtFails string // what SELECT load_extension(...) fails with
	if mustQueryOne(t, k.mem(t), "SELECT count(*) FROM pragma_function_list WHERE name = 'load_extension'") == int64(0) {
		loadExtFails = "no such function: load_extension"
		t.Log("the SQL function load_extension is not compiled in")
	} else {
		loadExtFails = "not authorized"
	}
	tests := []struct {
		name    string
		config  ops
		check   string
		want    driver.Value // the value check returns, if it returns one
		wantErr string       // "": no error
	}{
		{"DQS on", ops{contract.DBConfigDQSDML: true, contract.DBConfigDQSDDL: true}, dqs, "no such column", ""},
		{"DQS off", ops{contract.DBConfigDQSDML: false, contract.DBConfigDQSDDL: false}, dqs, nil, "no such column"},
		{"DQS DDL off only", ops{contract.DBConfigDQSDDL: false}, dqs, dqsDefault, dqsDefaultErr},
		{"DQS DML off only", ops{contract.DBConfigDQSDML: false}, dqs, nil, "no such column"},
		{"defensive off", ops{contract.DBConfigDefensive: false}, "UPDATE sqlite_schema SET sql = sql", nil, ""},
		{"defensive on", ops{contract.DBConfigDefensive: true}, "UPDATE sqlite_schema SET sql = sql", nil, "may not be modified"},
		{"defensive and DQS off together", ops{contract.DBConfigDefensive: true, contract.DBConfigDQSDML: false, contract.DBConfigDQSDDL: false}, dqs, nil, "no such column"},
		{"trusted schema off", ops{contract.DBConfigTrustedSchema: false}, "SELECT 1", int64(1), ""},
		{"trusted schema on", ops{contract.DBConfigTrustedSchema: true}, "SELECT 1", int64(1), ""},
		{"load extension off", ops{contract.DBConfigEnableLoadExtension: false}, "SELECT load_extension('nosuch')", nil, loadExtFails},
		// The option enables the C API only, never the SQL function.
		{"load extension on", ops{contract.DBConfigEnableLoadExtension: true}, "SELECT load_extension('nosuch')", nil, loadExtFails},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			supported := true
			for op := range tt.config {
				supported = supported && k.dbConfigSupported(t, op)
			}
			c, err := k.d.OpenConn(t.Context(), contract.ConnConfig{Path: tempPath(t), DBConfig: tt.config})
			if !supported {
				if err == nil {
					c.Close()
					t.Fatalf("OpenConn honoured %v although Info reports the option's feature unsupported", tt.config)
				}
				if !errors.Is(err, errors.ErrUnsupported) {
					t.Errorf("OpenConn with an unsupported option: %v; want an error wrapping errors.ErrUnsupported", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			mustExec(t, c, "CREATE TABLE t(x)")
			mustQuery(t, c, "PRAGMA writable_schema=ON")
			rows, err := queryErr(t.Context(), c, tt.check)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("%s: %v", tt.check, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("%s: err = %v, want one containing %q", tt.check, err, tt.wantErr)
			case tt.want != nil && (len(rows) != 1 || rows[0][0] != tt.want):
				t.Errorf("%s returned %v, want %#v", tt.check, rows, tt.want)
			}
		})
	}
}

// testDBConfigUnknown checks that OpenConn refuses an option it does not
// know rather than ignore it.
func (k *kit) testDBConfigUnknown(t *testing.T) {
	c, err := k.d.OpenConn(t.Context(), contract.ConnConfig{Path: ":memory:", DBConfig: map[contract.DBConfigOp]bool{9999: true}})
	if err == nil {
		c.Close()
		t.Fatal("OpenConn accepted sqlite3_db_config option 9999")
	}
	if !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("unknown option: %v, want an error wrapping errors.ErrUnsupported", err)
	}
}
