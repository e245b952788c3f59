package fts5

import (
	"context"
	"slices"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// prefixQueries are the prefix queries of the PrefixIndex case, of
// lengths 1 to 4 against prefix indexes of lengths 2 and 3.
var prefixQueries = []string{"a*", "ab*", "abc*", "abcd*", "abz*"}

func optionCases() []spec.Case {
	return []spec.Case{
		{
			Name:     "PrefixIndex",
			Doc:      "with prefix='2 3' prefix queries of every length (indexed or not) find the same rows as without",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE p USING fts5(x, prefix='2 3');
CREATE VIRTUAL TABLE t USING fts5(x);
INSERT INTO p(rowid, x) VALUES (1, 'abcd'), (2, 'abxy'), (3, 'axe'), (4, 'b abc');
INSERT INTO t(rowid, x) SELECT rowid, x FROM p;`,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				got := map[string][]int64{}
				for _, q := range prefixQueries {
					withIndex, err := queryIDs(ctx, e.DB, "SELECT rowid FROM p WHERE p MATCH ? ORDER BY rowid", q)
					if err != nil {
						return nil, err
					}
					without, err := queryIDs(ctx, e.DB, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", q)
					if err != nil {
						return nil, err
					}
					if !slices.Equal(withIndex, without) {
						return nil, spec.Failf("%s: %v with prefix index, %v without", q, withIndex, without)
					}
					got[q] = withIndex
				}
				return got, nil
			},
			Want: map[string][]int64{
				"a*":    {1, 2, 3, 4},
				"ab*":   {1, 2, 4},
				"abc*":  {1, 4},
				"abcd*": {1},
				"abz*":  {},
			},
		},
		{
			Name:     "PrefixOutOfRange",
			Doc:      "prefix='0' is refused with SQLITE_ERROR (prefix lengths are 1 to 999)",
			Requires: needFTS5,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				err := e.DB.Exec(ctx, "CREATE VIRTUAL TABLE p USING fts5(x, prefix='0')")
				return sqliteError("prefix='0'", err)
			},
			Want: "SQLITE_ERROR: prefix length out of range (max 999)",
		},
		{
			Name:     "DetailNone",
			Doc:      "detail=none answers term, AND and prefix queries, and highlights terms",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t USING fts5(x, detail=none);
INSERT INTO t(rowid, x) VALUES (1, 'a b c'), (2, 'b c d'), (3, 'abc');`,
			Query: "SELECT rowid, highlight(t, 0, '[', ']') AS hl FROM t WHERE t MATCH 'b AND c*' ORDER BY rowid",
			Want:  []adapter.Row{{"rowid": int64(1), "hl": "a [b] [c]"}, {"rowid": int64(2), "hl": "[b] [c] d"}},
		},
		{
			Name:     "DetailNonePhraseRefused",
			Doc:      "a phrase query on a detail=none table fails with SQLITE_ERROR",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t USING fts5(x, detail=none);
INSERT INTO t VALUES ('a b c');`,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				_, err := queryIDs(ctx, e.DB, matchIDs, `"a b"`)
				return sqliteError("phrase query", err)
			},
			Want: "SQLITE_ERROR: fts5: phrase queries are not supported (detail!=full)",
		},
		{
			Name:     "DetailColumnNearRefused",
			Doc:      "a NEAR query on a detail=column table fails with SQLITE_ERROR; a column filter works",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t USING fts5(x, y, detail=column);
INSERT INTO t VALUES ('a b c', 'd');`,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				ids, err := queryIDs(ctx, e.DB, matchIDs, "y: d")
				if err != nil {
					return nil, err
				}
				if len(ids) != 1 {
					return nil, spec.Failf("y: d found %v, want [1]", ids)
				}
				_, err = queryIDs(ctx, e.DB, matchIDs, "NEAR(a b)")
				return sqliteError("NEAR query", err)
			},
			Want: "SQLITE_ERROR: fts5: NEAR queries are not supported (detail!=full)",
		},
		{
			Name:     "ColumnsizeZero",
			Doc:      "columnsize=0 drops the t_docsize table; bm25() still gives the documented values",
			Requires: needFTS5,
			Setup:    "CREATE VIRTUAL TABLE t USING fts5(title, body, columnsize=0);\n" + fruit.insertSQL("t", "title", "body"),
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				docsize, err := queryInt(ctx, e.DB, "SELECT count(*) FROM sqlite_schema WHERE name = 't_docsize'")
				if err != nil {
					return nil, err
				}
				if docsize != 0 {
					return nil, spec.Failf("t_docsize exists with columnsize=0")
				}
				var rows []adapter.Row
				err = e.DB.All(ctx, &rows, "SELECT rowid, bm25(t) AS score FROM t WHERE t MATCH 'banana OR kiwi OR apple' ORDER BY bm25(t)")
				return rows, err
			},
			Want: fruit.ranked("score", []string{"banana", "kiwi", "apple"}),
			Cmp:  approx,
		},
		{
			Name:     "Locale",
			Doc:      "with locale=1 a value inserted as fts5_locale('en', text) reads back as text and fts5_get_locale() returns 'en'",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t USING fts5(x, locale=1);
INSERT INTO t(rowid, x) VALUES (1, fts5_locale('en', 'hello world')), (2, 'hello there');`,
			Query: "SELECT rowid, x, fts5_get_locale(t, 0) AS locale FROM t WHERE t MATCH 'hello' ORDER BY rowid",
			Want: []adapter.Row{
				{"rowid": int64(1), "x": "hello world", "locale": "en"},
				{"rowid": int64(2), "x": "hello there", "locale": nil},
			},
		},
	}
}
