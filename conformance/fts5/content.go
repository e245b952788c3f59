package fts5

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// externalSetup is the external-content pattern of
// https://sqlite.org/fts5.html#external_content_tables: table docs holds
// the content, docs_fts indexes it (its rowid is docs.id), and triggers
// keep the index in sync.
const externalSetup = `CREATE TABLE docs(id INTEGER PRIMARY KEY, title TEXT, body TEXT);
CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, content='docs', content_rowid='id');
CREATE TRIGGER docs_ai AFTER INSERT ON docs BEGIN
  INSERT INTO docs_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER docs_ad AFTER DELETE ON docs BEGIN
  INSERT INTO docs_fts(docs_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER docs_au AFTER UPDATE ON docs BEGIN
  INSERT INTO docs_fts(docs_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO docs_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
INSERT INTO docs VALUES (10, 'apple pie', 'sweet'), (20, 'banana', 'yellow fruit'), (30, 'cherry', 'red fruit');`

// contentlessSetup is a contentless table (content set to the empty
// string) of two rows.
const contentlessSetup = `CREATE VIRTUAL TABLE c USING fts5(a, b, content='');
INSERT INTO c(rowid, a, b) VALUES (1, 'hello world', 'x'), (2, 'goodbye world', 'y');`

func contentCases() []spec.Case {
	return []spec.Case{
		{
			Name:     "ShadowTables",
			Doc:      "an FTS5 table stores its data in shadow tables t_data, t_idx, t_config, t_docsize and (unless external or contentless) t_content",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t USING fts5(x);
CREATE VIRTUAL TABLE c USING fts5(x, content='');
CREATE TABLE src(x);
CREATE VIRTUAL TABLE e USING fts5(x, content='src');`,
			Query: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB '[cet]*' ORDER BY name", // the case's tables, not a driver's own
			Want: column("name",
				"c", "c_config", "c_data", "c_docsize", "c_idx",
				"e", "e_config", "e_data", "e_docsize", "e_idx",
				"t", "t_config", "t_content", "t_data", "t_docsize", "t_idx"),
		},
		{
			Name:     "UpdateDeleteReflected",
			Doc:      "UPDATE and DELETE on an FTS5 table change what MATCH finds",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t USING fts5(x);
INSERT INTO t(rowid, x) VALUES (1, 'old words'), (2, 'old text'), (3, 'other');
UPDATE t SET x = 'new words' WHERE rowid = 1;
DELETE FROM t WHERE rowid = 2;
INSERT INTO t(rowid, x) VALUES (4, 'old again');`,
			Query: "SELECT rowid, x FROM t WHERE t MATCH 'old OR new OR text' ORDER BY rowid",
			Want:  []adapter.Row{{"rowid": int64(1), "x": "new words"}, {"rowid": int64(4), "x": "old again"}},
		},
		{
			Name:     "UnindexedColumn",
			Doc:      "an UNINDEXED column is stored and returned but not searchable",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t USING fts5(x, meta UNINDEXED);
INSERT INTO t(rowid, x, meta) VALUES (1, 'apple', 'banana'), (2, 'banana', 'apple');`,
			Query: "SELECT rowid, meta FROM t WHERE t MATCH 'banana'",
			Want:  []adapter.Row{{"rowid": int64(2), "meta": "apple"}},
		},
		{
			Name:     "ExternalContentTriggers",
			Doc:      "an external-content table kept in sync by triggers reflects inserts, updates and deletes, and reads columns from the content table",
			Requires: needFTS5,
			Setup: externalSetup + `
UPDATE docs SET body = 'green fruit' WHERE id = 10;
DELETE FROM docs WHERE id = 20;
INSERT INTO docs VALUES (40, 'date', 'brown fruit');`,
			Query: "SELECT rowid, title, body FROM docs_fts WHERE docs_fts MATCH 'fruit OR sweet OR banana' ORDER BY rowid",
			Want: []adapter.Row{
				{"rowid": int64(10), "title": "apple pie", "body": "green fruit"},
				{"rowid": int64(30), "title": "cherry", "body": "red fruit"},
				{"rowid": int64(40), "title": "date", "body": "brown fruit"},
			},
		},
		{
			Name:     "ExternalContentJoin",
			Doc:      "with content_rowid='id' the FTS5 rowid is the content table's id, to join on",
			Requires: needFTS5,
			Setup:    externalSetup,
			Query: `SELECT docs.id, docs.title, highlight(docs_fts, 1, '[', ']') AS hl
FROM docs_fts JOIN docs ON docs.id = docs_fts.rowid WHERE docs_fts MATCH 'fruit' ORDER BY rank, docs.id`,
			Want: []adapter.Row{
				{"id": int64(20), "title": "banana", "hl": "yellow [fruit]"},
				{"id": int64(30), "title": "cherry", "hl": "red [fruit]"},
			},
		},
		{
			Name:     "ExternalContentWithoutTriggers",
			Doc:      "rows added to the content table without a trigger are returned by a scan but not found by MATCH",
			Requires: needFTS5,
			Setup: `CREATE TABLE src(id INTEGER PRIMARY KEY, x TEXT);
CREATE VIRTUAL TABLE e USING fts5(x, content='src', content_rowid='id');
INSERT INTO src VALUES (1, 'red'), (2, 'green');`,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				var scan []adapter.Row
				if err := e.DB.All(ctx, &scan, "SELECT rowid, x FROM e ORDER BY rowid"); err != nil {
					return nil, err
				}
				found, err := queryIDs(ctx, e.DB, "SELECT rowid FROM e WHERE e MATCH 'red'")
				return map[string]any{"scan": scan, "match": found}, err
			},
			Want: map[string]any{
				"scan":  []adapter.Row{{"rowid": int64(1), "x": "red"}, {"rowid": int64(2), "x": "green"}},
				"match": []int64{},
			},
		},
		{
			Name:     "ContentlessColumnsNull",
			Doc:      "a contentless table (content='') finds rows by MATCH but returns NULL for every column",
			Requires: needFTS5,
			Setup:    contentlessSetup,
			Query:    "SELECT rowid, a, b, highlight(c, 0, '[', ']') AS hl FROM c WHERE c MATCH 'world' ORDER BY rowid",
			Want: []adapter.Row{
				{"rowid": int64(1), "a": nil, "b": nil, "hl": nil},
				{"rowid": int64(2), "a": nil, "b": nil, "hl": nil},
			},
		},
		{
			Name:     "ContentlessBm25",
			Doc:      "bm25() works on a contentless table (here IDF ln(1.5/1.5) = 0, replaced by 1e-6)",
			Requires: needFTS5,
			Setup:    contentlessSetup,
			Query:    "SELECT rowid, bm25(c) AS score FROM c WHERE c MATCH 'hello'",
			Want: corpus{{"hello world", "x"}, {"goodbye world", "y"}}.
				ranked("score", []string{"hello"}),
			Cmp: approx,
		},
		{
			Name:     "ContentlessDeleteRefused",
			Doc:      "DELETE from a contentless table without contentless_delete=1 fails with SQLITE_ERROR",
			Requires: needFTS5,
			Setup:    contentlessSetup,
			Action:   runError("DELETE", "DELETE FROM c WHERE rowid = 1"),
			Want:     "SQLITE_ERROR: cannot DELETE from contentless fts5 table: c",
		},
		{
			Name:     "ContentlessDeleteCommand",
			Doc:      "the 'delete' command with the row's original values removes a row from a contentless table",
			Requires: needFTS5,
			Setup: contentlessSetup + `
INSERT INTO c(c, rowid, a, b) VALUES ('delete', 1, 'hello world', 'x');`,
			Query: "SELECT rowid FROM c WHERE c MATCH 'world' ORDER BY rowid",
			Want:  rowids(2),
		},
		{
			Name:     "ContentlessDelete",
			Doc:      "with contentless_delete=1 a contentless table accepts DELETE, UPDATE of all columns and INSERT OR REPLACE",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE cd USING fts5(a, b, content='', contentless_delete=1);
INSERT INTO cd(rowid, a, b) VALUES (1, 'hello world', 'x'), (2, 'goodbye world', 'y'), (3, 'world peace', 'z');
DELETE FROM cd WHERE rowid = 1;
UPDATE cd SET a = 'hello there', b = 'y' WHERE rowid = 2;
INSERT OR REPLACE INTO cd(rowid, a, b) VALUES (3, 'new text', 'z');`,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				got := map[string][]int64{}
				for _, q := range []string{"world", "hello", "goodbye", "new"} {
					ids, err := queryIDs(ctx, e.DB, "SELECT rowid FROM cd WHERE cd MATCH ? ORDER BY rowid", q)
					if err != nil {
						return nil, err
					}
					got[q] = ids
				}
				return got, nil
			},
			Want: map[string][]int64{"world": {}, "hello": {2}, "goodbye": {}, "new": {3}},
		},
		{
			Name:     "ContentlessUnindexed",
			Doc:      "with contentless_unindexed=1 a contentless table stores and returns its UNINDEXED columns, still not searchable",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE cu USING fts5(a, meta UNINDEXED, content='', contentless_unindexed=1);
INSERT INTO cu(rowid, a, meta) VALUES (1, 'hello', 'first'), (2, 'first', 'second');`,
			Query: "SELECT rowid, a, meta FROM cu WHERE cu MATCH 'hello OR second OR first' ORDER BY rowid",
			Want: []adapter.Row{
				{"rowid": int64(1), "a": nil, "meta": "first"},
				{"rowid": int64(2), "a": nil, "meta": "second"},
			},
		},
	}
}
