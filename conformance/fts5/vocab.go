package fts5

import (
	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// vocabSetup is a two-column table and its three fts5vocab tables.
const vocabSetup = `CREATE VIRTUAL TABLE t USING fts5(a, b);
INSERT INTO t(rowid, a, b) VALUES (1, 'one two', 'three'), (2, 'two three', 'one one');
CREATE VIRTUAL TABLE v_row USING fts5vocab(t, row);
CREATE VIRTUAL TABLE v_col USING fts5vocab(t, col);
CREATE VIRTUAL TABLE v_inst USING fts5vocab(t, instance);`

func vocabCases() []spec.Case {
	return []spec.Case{
		{
			Name:     "VocabRow",
			Doc:      "an fts5vocab row table lists each term with the number of rows holding it (doc) and of its instances (cnt)",
			Requires: needFTS5,
			Setup:    vocabSetup,
			Query:    "SELECT term, doc, cnt FROM v_row",
			Want: []adapter.Row{
				{"term": "one", "doc": int64(2), "cnt": int64(3)},
				{"term": "three", "doc": int64(2), "cnt": int64(2)},
				{"term": "two", "doc": int64(2), "cnt": int64(2)},
			},
		},
		{
			Name:     "VocabCol",
			Doc:      "an fts5vocab col table counts rows and instances per term and column",
			Requires: needFTS5,
			Setup:    vocabSetup,
			Query:    "SELECT term, col, doc, cnt FROM v_col",
			Want: []adapter.Row{
				{"term": "one", "col": "a", "doc": int64(1), "cnt": int64(1)},
				{"term": "one", "col": "b", "doc": int64(1), "cnt": int64(2)},
				{"term": "three", "col": "a", "doc": int64(1), "cnt": int64(1)},
				{"term": "three", "col": "b", "doc": int64(1), "cnt": int64(1)},
				{"term": "two", "col": "a", "doc": int64(2), "cnt": int64(2)},
			},
		},
		{
			Name:     "VocabInstance",
			Doc:      "an fts5vocab instance table lists every instance: term, row, column and token offset",
			Requires: needFTS5,
			Setup:    vocabSetup,
			Query:    "SELECT term, doc, col, offset FROM v_inst",
			Want: []adapter.Row{
				{"term": "one", "doc": int64(1), "col": "a", "offset": int64(0)},
				{"term": "one", "doc": int64(2), "col": "b", "offset": int64(0)},
				{"term": "one", "doc": int64(2), "col": "b", "offset": int64(1)},
				{"term": "three", "doc": int64(1), "col": "b", "offset": int64(0)},
				{"term": "three", "doc": int64(2), "col": "a", "offset": int64(1)},
				{"term": "two", "doc": int64(1), "col": "a", "offset": int64(1)},
				{"term": "two", "doc": int64(2), "col": "a", "offset": int64(0)},
			},
		},
		{
			Name:     "VocabAfterDelete",
			Doc:      "fts5vocab reflects deleted rows: terms only they held disappear, counts drop",
			Requires: needFTS5,
			Setup: vocabSetup + `
DELETE FROM t WHERE rowid = 2;`,
			Query: "SELECT term, doc, cnt FROM v_row",
			Want: []adapter.Row{
				{"term": "one", "doc": int64(1), "cnt": int64(1)},
				{"term": "three", "doc": int64(1), "cnt": int64(1)},
				{"term": "two", "doc": int64(1), "cnt": int64(1)},
			},
		},
	}
}
