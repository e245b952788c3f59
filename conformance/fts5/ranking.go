package fts5

import (
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// fruit is the corpus of the ranking cases (columns title and body). Of
// its 6 rows, apple occurs in 3 (so its IDF, ln(3.5/3.5) = 0, is
// replaced by 1e-6), banana in 2, kiwi in 1; banana occurs in both
// columns of row 2, and the rows have different lengths.
var fruit = corpus{
	{"apple banana", "cherry apple date"},
	{"banana", "elder fig grape banana"},
	{"kiwi", "apple lemon"},
	{"mango", "nectarine olive papaya quince"},
	{"raspberry", "strawberry"},
	{"apple", "tangerine"},
}

// fruitSetup creates table t(title, body) holding fruit.
var fruitSetup = "CREATE VIRTUAL TABLE t USING fts5(title, body);\n" + fruit.insertSQL("t", "title", "body")

// approx compares scores with the tolerance of the ranking cases.
var approx = []cmp.Option{cmpopts.EquateApprox(0, 1e-9)}

func rankingCases() []spec.Case {
	anyFruit := []string{"banana", "kiwi", "apple"}
	return []spec.Case{
		{
			Name:     "Bm25Term",
			Doc:      "bm25() of a single-term query equals the documented formula (k1=1.2, b=0.75)",
			Requires: needFTS5,
			Setup:    fruitSetup,
			Query:    "SELECT rowid, bm25(t) AS score FROM t WHERE t MATCH 'banana' ORDER BY bm25(t)",
			Want:     fruit.ranked("score", []string{"banana"}),
			Cmp:      approx,
		},
		{
			Name:     "Bm25CommonTermIDF",
			Doc:      "a term in half the rows or more has IDF <= 0, which bm25() replaces by 1e-6",
			Requires: needFTS5,
			Setup:    fruitSetup,
			Query:    "SELECT rowid, bm25(t) AS score FROM t WHERE t MATCH 'apple' ORDER BY bm25(t)",
			Want:     fruit.ranked("score", []string{"apple"}),
			Cmp:      approx,
		},
		{
			Name:     "Bm25Values",
			Doc:      "bm25() of 'banana OR kiwi OR apple' sums the terms' contributions; ORDER BY bm25(t) puts the best match first",
			Requires: needFTS5,
			Setup:    fruitSetup,
			Query:    "SELECT rowid, bm25(t) AS score FROM t WHERE t MATCH 'banana OR kiwi OR apple' ORDER BY bm25(t)",
			Want:     fruit.ranked("score", anyFruit),
			Cmp:      approx,
		},
		{
			Name:     "Bm25ColumnWeights",
			Doc:      "bm25(t, 2.0, 0.5) counts a title occurrence twice and a body occurrence half",
			Requires: needFTS5,
			Setup:    fruitSetup,
			Query:    "SELECT rowid, bm25(t, 2.0, 0.5) AS score FROM t WHERE t MATCH 'banana OR kiwi OR apple' ORDER BY bm25(t, 2.0, 0.5)",
			Want:     fruit.ranked("score", anyFruit, 2.0, 0.5),
			Cmp:      approx,
		},
		{
			Name:     "OrderByRank",
			Doc:      "the rank column is bm25(t) by default: ORDER BY rank returns the best match first",
			Requires: needFTS5,
			Setup:    fruitSetup,
			Query:    "SELECT rowid, rank FROM t WHERE t MATCH 'banana OR kiwi OR apple' ORDER BY rank",
			Want:     fruit.ranked("rank", anyFruit),
			Cmp:      approx,
		},
		{
			Name:     "RankConfigured",
			Doc:      "INSERT INTO t(t, rank) VALUES('rank', 'bm25(2.0, 0.5)') makes rank a weighted bm25 for every later query",
			Requires: needFTS5,
			Setup:    fruitSetup + "\nINSERT INTO t(t, rank) VALUES('rank', 'bm25(2.0, 0.5)');",
			Query:    "SELECT rowid, rank FROM t WHERE t MATCH 'banana OR kiwi OR apple' ORDER BY rank",
			Want:     fruit.ranked("rank", anyFruit, 2.0, 0.5),
			Cmp:      approx,
		},
		{
			Name:     "RankMatchOverride",
			Doc:      "rank MATCH 'bm25(2.0, 0.5)' in the WHERE clause sets the rank function of one query",
			Requires: needFTS5,
			Setup:    fruitSetup,
			Query:    "SELECT rowid, rank FROM t WHERE t MATCH 'banana OR kiwi OR apple' AND rank MATCH 'bm25(2.0, 0.5)' ORDER BY rank",
			Want:     fruit.ranked("rank", anyFruit, 2.0, 0.5),
			Cmp:      approx,
		},
	}
}
