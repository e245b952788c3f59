package pragma

import (
	"context"
	"slices"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// introspectSchema exercises the schema pragmas: an INTEGER PRIMARY KEY, a
// NOT NULL column with a default, a virtual and a stored generated column,
// a foreign key, a UNIQUE constraint, a partial index and a descending
// unique index.
const introspectSchema = `
CREATE TABLE p(id INTEGER PRIMARY KEY);
CREATE TABLE t(
  a INTEGER PRIMARY KEY,
  b TEXT NOT NULL DEFAULT 'x',
  c REAL,
  d BLOB,
  e AS (a * 2),
  f INT AS (a + 1) STORED,
  pid INT REFERENCES p(id) ON DELETE CASCADE,
  UNIQUE (b, c)
);
CREATE INDEX ti ON t(c) WHERE c > 0;
CREATE UNIQUE INDEX tu ON t(d DESC, c);
INSERT INTO p VALUES (1), (2);
INSERT INTO t(a, b, c, d, pid) VALUES (1, 'one', 1.5, x'01', 1), (2, 'two', -1, NULL, 2);
`

// introspectCases: the schema and check pragmas return exact rows.
var introspectCases = []spec.Case{
	{
		Name:   "TableInfoRows",
		Doc:    "table_info lists the ordinary columns with type, NOT NULL, default text and primary key position",
		Setup:  introspectSchema,
		Action: pragmaRows("table_info(t)"),
		Want: []adapter.Row{
			{"cid": int64(0), "name": "a", "type": "INTEGER", "notnull": int64(0), "dflt_value": nil, "pk": int64(1)},
			{"cid": int64(1), "name": "b", "type": "TEXT", "notnull": int64(1), "dflt_value": "'x'", "pk": int64(0)},
			{"cid": int64(2), "name": "c", "type": "REAL", "notnull": int64(0), "dflt_value": nil, "pk": int64(0)},
			{"cid": int64(3), "name": "d", "type": "BLOB", "notnull": int64(0), "dflt_value": nil, "pk": int64(0)},
			{"cid": int64(4), "name": "pid", "type": "INT", "notnull": int64(0), "dflt_value": nil, "pk": int64(0)},
		},
	},
	{
		Name:   "TableXinfoRows",
		Doc:    "table_xinfo also lists generated columns, hidden 2 (virtual) and 3 (stored)",
		Setup:  introspectSchema,
		Action: pragmaRows("table_xinfo(t)"),
		Want: []adapter.Row{
			{"cid": int64(0), "name": "a", "type": "INTEGER", "notnull": int64(0), "dflt_value": nil, "pk": int64(1), "hidden": int64(0)},
			{"cid": int64(1), "name": "b", "type": "TEXT", "notnull": int64(1), "dflt_value": "'x'", "pk": int64(0), "hidden": int64(0)},
			{"cid": int64(2), "name": "c", "type": "REAL", "notnull": int64(0), "dflt_value": nil, "pk": int64(0), "hidden": int64(0)},
			{"cid": int64(3), "name": "d", "type": "BLOB", "notnull": int64(0), "dflt_value": nil, "pk": int64(0), "hidden": int64(0)},
			{"cid": int64(4), "name": "e", "type": "", "notnull": int64(0), "dflt_value": nil, "pk": int64(0), "hidden": int64(2)},
			{"cid": int64(5), "name": "f", "type": "INT", "notnull": int64(0), "dflt_value": nil, "pk": int64(0), "hidden": int64(3)},
			{"cid": int64(6), "name": "pid", "type": "INT", "notnull": int64(0), "dflt_value": nil, "pk": int64(0), "hidden": int64(0)},
		},
	},
	{
		Name:   "IndexListRows",
		Doc:    "index_list lists the table's indexes with uniqueness, origin (c, u) and partial flag",
		Setup:  introspectSchema,
		Action: pragmaRows("index_list(t)"),
		Want: []adapter.Row{
			{"seq": int64(0), "name": "tu", "unique": int64(1), "origin": "c", "partial": int64(0)},
			{"seq": int64(1), "name": "ti", "unique": int64(0), "origin": "c", "partial": int64(1)},
			{"seq": int64(2), "name": "sqlite_autoindex_t_1", "unique": int64(1), "origin": "u", "partial": int64(0)},
		},
	},
	{
		Name:   "IndexInfoRows",
		Doc:    "index_info lists an index's key columns in order",
		Setup:  introspectSchema,
		Action: pragmaRows("index_info(tu)"),
		Want: []adapter.Row{
			{"seqno": int64(0), "cid": int64(3), "name": "d"},
			{"seqno": int64(1), "cid": int64(2), "name": "c"},
		},
	},
	{
		Name:   "IndexXinfoRows",
		Doc:    "index_xinfo adds sort order, collation and the rowid column",
		Setup:  introspectSchema,
		Action: pragmaRows("index_xinfo(tu)"),
		Want: []adapter.Row{
			{"seqno": int64(0), "cid": int64(3), "name": "d", "desc": int64(1), "coll": "BINARY", "key": int64(1)},
			{"seqno": int64(1), "cid": int64(2), "name": "c", "desc": int64(0), "coll": "BINARY", "key": int64(1)},
			{"seqno": int64(2), "cid": int64(-1), "name": nil, "desc": int64(0), "coll": "BINARY", "key": int64(0)},
		},
	},
	{
		Name:   "ForeignKeyListRows",
		Doc:    "foreign_key_list lists each foreign key with its actions",
		Setup:  fkSchema,
		Action: pragmaRows("foreign_key_list(child)"),
		Want: []adapter.Row{
			{"id": int64(0), "seq": int64(0), "table": "parent", "from": "pname", "to": "name", "on_update": "SET NULL", "on_delete": "NO ACTION", "match": "NONE"},
			{"id": int64(1), "seq": int64(0), "table": "parent", "from": "pid", "to": "id", "on_update": "NO ACTION", "on_delete": "CASCADE", "match": "NONE"},
		},
	},
	{
		Name:    "ForeignKeyCheckRows",
		Doc:     "foreign_key_check lists each violation (table, rowid, parent, foreign key id)",
		Options: adapter.Options{NoForeignKeys: true},
		Setup:   fkSchema + "INSERT INTO parent VALUES (1, 'a'); INSERT INTO child VALUES (1, 1, 'a'), (2, 9, 'a'), (3, 1, 'zz');",
		Action:  pragmaRows("foreign_key_check"),
		Want: []adapter.Row{
			{"table": "child", "rowid": int64(2), "parent": "parent", "fkid": int64(1)},
			{"table": "child", "rowid": int64(3), "parent": "parent", "fkid": int64(0)},
		},
	},
	{
		Name:  "IntegrityCheckOK",
		Doc:   "integrity_check of a healthy database is the single row ok",
		Setup: introspectSchema,
		Query: "PRAGMA integrity_check",
		Want:  []adapter.Row{{"integrity_check": "ok"}},
	},
	{
		Name:   "QuickCheckOK",
		Doc:    "quick_check of a healthy database is the single row ok",
		Setup:  introspectSchema,
		Action: pragmaRows("quick_check"),
		Want:   []adapter.Row{{"quick_check": "ok"}},
	},
	{
		Name:   "IntegrityCheckOfOneTable",
		Doc:    "integrity_check(t) checks one table and answers ok",
		Setup:  introspectSchema,
		Action: pragmaValue("integrity_check(t)"),
		Want:   "ok",
	},
	{
		Name: "CompileOptionsListed",
		Doc:  "compile_options is non-empty, names THREADSAFE=n, and matches DriverInfo.CompileOpts",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			rows, err := e.DB.Pragma(ctx, "compile_options")
			if err != nil {
				return nil, err
			}
			var opts []string
			for _, r := range rows {
				s, ok := r["compile_options"].(string)
				if !ok {
					return nil, spec.Failf("compile_options row %v is not a string", r)
				}
				opts = append(opts, s)
			}
			slices.Sort(opts)
			if !slices.Equal(opts, e.Driver.CompileOpts) {
				return nil, spec.Failf("compile_options %v differ from DriverInfo.CompileOpts %v", opts, e.Driver.CompileOpts)
			}
			threadsafe := slices.ContainsFunc(opts, func(s string) bool { return strings.HasPrefix(s, "THREADSAFE=") })
			return []any{len(opts) > 0, threadsafe}, nil
		},
		Want: []any{true, true},
	},
}
