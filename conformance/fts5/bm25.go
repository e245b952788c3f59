package fts5

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
)

// corpus is the content of an FTS5 table for computing expected bm25()
// values: rows (rowid 1, 2, ...) of columns, each a text of lower-case
// ASCII words separated by single spaces, so that splitting on spaces
// tokenizes it exactly as FTS5's default tokenizer does.
type corpus [][]string

// insertSQL returns the statement that fills table (whose columns are
// cols) with the corpus.
func (c corpus) insertSQL(table string, cols ...string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + "(rowid, " + strings.Join(cols, ", ") + ") VALUES\n")
	for i, row := range c {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("  (" + strconv.Itoa(i+1))
		for _, text := range row {
			b.WriteString(", " + sqlQuote(text))
		}
		b.WriteString(")")
	}
	return b.String() + ";"
}

// Constants of FTS5's bm25(), as in ext/fts5/fts5_aux.c.
const (
	bm25K1     = 1.2
	bm25B      = 0.75
	bm25MinIDF = 1e-6 // a non-positive IDF is replaced by this
)

// bm25 returns the value FTS5's bm25(t, weights...) gives row (0-based)
// of the corpus for a query whose phrases are the single-token terms, as
// documented at https://sqlite.org/fts5.html#the_bm25_function and
// implemented by fts5Bm25Function in ext/fts5/fts5_aux.c:
//
//	bm25 = -Σ_q IDF(q) · f(q,D)·(k1+1) / (f(q,D) + k1·(1 - b + b·|D|/avgdl))
//	IDF(q) = ln((N - n(q) + 0.5) / (n(q) + 0.5)), or 1e-6 if that is <= 0
//
// with k1 = 1.2, b = 0.75, N the number of rows, n(q) the number of rows
// containing q in any column, |D| the number of tokens of the row in all
// columns and avgdl the mean of |D| over all rows. f(q,D) counts each
// occurrence of q in the row with the weight of its column (weights[i]
// for column i, 1 for columns beyond the weights given). The result is
// negative: the better the match, the lower the value, so ORDER BY
// bm25(...) puts the best match first.
func (c corpus) bm25(row int, terms []string, weights ...float64) float64 {
	tokens := func(r int) [][]string {
		cols := make([][]string, len(c[r]))
		for i, text := range c[r] {
			cols[i] = strings.Fields(text)
		}
		return cols
	}
	n := float64(len(c))
	total := 0
	for r := range c {
		for _, col := range tokens(r) {
			total += len(col)
		}
	}
	avgdl := float64(total) / n

	doc := tokens(row)
	size := 0
	for _, col := range doc {
		size += len(col)
	}

	score := 0.0
	for _, q := range terms {
		hits := 0
		for r := range c {
			if slices.ContainsFunc(tokens(r), func(col []string) bool { return slices.Contains(col, q) }) {
				hits++
			}
		}
		idf := math.Log((n - float64(hits) + 0.5) / (float64(hits) + 0.5))
		if idf <= 0 {
			idf = bm25MinIDF
		}
		f := 0.0
		for i, col := range doc {
			w := 1.0
			if i < len(weights) {
				w = weights[i]
			}
			for _, tok := range col {
				if tok == q {
					f += w
				}
			}
		}
		score += idf * (f * (bm25K1 + 1)) / (f + bm25K1*(1-bm25B+bm25B*float64(size)/avgdl))
	}
	return -score
}

// ranked is the expected result of
//
//	SELECT rowid, <expr> AS <name> FROM t WHERE t MATCH 'q1 OR q2 ...' ORDER BY <expr>
//
// where <expr> is bm25(t, weights...): the rows containing any of the
// terms, best match first, each with its score.
func (c corpus) ranked(name string, terms []string, weights ...float64) []adapter.Row {
	type scored struct {
		rowid int64
		score float64
	}
	var hits []scored
	for r, row := range c {
		if slices.ContainsFunc(row, func(text string) bool {
			return slices.ContainsFunc(strings.Fields(text), func(tok string) bool { return slices.Contains(terms, tok) })
		}) {
			hits = append(hits, scored{int64(r + 1), c.bm25(r, terms, weights...)})
		}
	}
	slices.SortStableFunc(hits, func(a, b scored) int {
		switch {
		case a.score < b.score:
			return -1
		case a.score > b.score:
			return 1
		}
		return 0
	})
	rows := []adapter.Row{}
	for _, h := range hits {
		rows = append(rows, adapter.Row{"rowid": h.rowid, name: h.score})
	}
	return rows
}
