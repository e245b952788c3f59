package fts5

import (
	"context"
	"regexp"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// vocabTerms lists the terms of table t, sorted, through an fts5vocab
// table: exactly the tokens its tokenizer produced.
const vocabTerms = "SELECT term FROM t_terms ORDER BY term"

// tokenizerSetup creates table t with the given tokenize option (none if
// empty), an fts5vocab table t_terms over it, and inserts each text as a
// row (rowid 1, 2, ...).
func tokenizerSetup(tokenize string, texts ...string) string {
	opt := ""
	if tokenize != "" {
		opt = ", tokenize=" + sqlQuote(tokenize)
	}
	s := "CREATE VIRTUAL TABLE t USING fts5(x" + opt + ");\n" +
		"CREATE VIRTUAL TABLE t_terms USING fts5vocab(t, row);\n"
	for _, x := range texts {
		s += "INSERT INTO t(x) VALUES (" + sqlQuote(x) + ");\n"
	}
	return s
}

// matchIDs is the query of the tokenizer and syntax cases: the rowids of
// the rows of t matching the bound full-text query.
const matchIDs = "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid"

// diacriticRows are the rows of the remove_diacritics cases: "école"
// (é is one code point with one diacritic), "ecole", "ộ" (U+1ED9, one
// code point with two diacritics) and "o".
var diacriticRows = []string{"école", "ecole", "\u1ed9", "o"}

// idxStrRE extracts the idxStr that FTS5's xBestIndex chose from an
// EXPLAIN QUERY PLAN detail such as "SCAN t VIRTUAL TABLE INDEX 0:L0".
// FTS5 writes a letter for each constraint it consumes (M for MATCH, L
// for LIKE, G for GLOB), followed by the column number.
var idxStrRE = regexp.MustCompile(`VIRTUAL TABLE INDEX -?\d+:(\S*)`)

// likeGlobRE matches an idxStr in which FTS5 consumed a LIKE or GLOB.
var likeGlobRE = regexp.MustCompile(`[LG]`)

func tokenizerCases() []spec.Case {
	return []spec.Case{
		{
			Name:     "Unicode61Tokens",
			Doc:      "the default tokenizer, unicode61, splits on punctuation and spaces, folds case and removes Latin diacritics",
			Requires: needFTS5,
			Setup:    tokenizerSetup("", "Don't STOP-words, Ünïcode 42!"),
			Query:    vocabTerms,
			Want:     column("term", "42", "don", "stop", "t", "unicode", "words"),
		},
		{
			Name:     "Unicode61FoldsCase",
			Doc:      "unicode61 folds the case of non-ASCII letters: a lower-case Greek query matches upper- and mixed-case text",
			Requires: needFTS5,
			Setup:    tokenizerSetup("", "ΑΘΗΝΑ", "Αθηνα", "αθηνα", "athina"),
			Query:    matchIDs,
			Args:     []any{"αθηνα"},
			Want:     rowids(1, 2, 3),
		},
		{
			Name:     "Unicode61RemoveDiacritics0",
			Doc:      "unicode61 remove_diacritics 0 keeps diacritics: 'ecole OR o' matches only the unaccented rows",
			Requires: needFTS5,
			Setup:    tokenizerSetup("unicode61 remove_diacritics 0", diacriticRows...),
			Query:    matchIDs,
			Args:     []any{"ecole OR o"},
			Want:     rowids(2, 4),
		},
		{
			Name:     "Unicode61RemoveDiacritics1",
			Doc:      "unicode61 remove_diacritics 1 (the default) removes single diacritics (é) but not two on one code point (ộ, U+1ED9)",
			Requires: needFTS5,
			Setup:    tokenizerSetup("unicode61 remove_diacritics 1", diacriticRows...),
			Query:    matchIDs,
			Args:     []any{"ecole OR o"},
			Want:     rowids(1, 2, 4),
		},
		{
			Name:     "Unicode61RemoveDiacritics2",
			Doc:      "unicode61 remove_diacritics 2 removes every Latin diacritic, including both of ộ (U+1ED9)",
			Requires: needFTS5,
			Setup:    tokenizerSetup("unicode61 remove_diacritics 2", diacriticRows...),
			Query:    matchIDs,
			Args:     []any{"ecole OR o"},
			Want:     rowids(1, 2, 3, 4),
		},
		{
			Name:     "Unicode61TokenChars",
			Doc:      "unicode61 tokenchars '-_' makes - and _ part of tokens",
			Requires: needFTS5,
			Setup:    tokenizerSetup("unicode61 tokenchars '-_'", "hello-world foo_bar baz.qux"),
			Query:    vocabTerms,
			Want:     column("term", "baz", "foo_bar", "hello-world", "qux"),
		},
		{
			Name:     "Unicode61Separators",
			Doc:      "unicode61 separators 'x' makes the letter x split tokens",
			Requires: needFTS5,
			Setup:    tokenizerSetup("unicode61 separators 'x'", "boxing taxi"),
			Query:    vocabTerms,
			Want:     column("term", "bo", "i", "ing", "ta"),
		},
		{
			Name:     "Unicode61Categories",
			Doc:      "unicode61 categories 'L* N* Co S*' adds symbols (€, $) to the token characters",
			Requires: needFTS5,
			Setup:    tokenizerSetup("unicode61 categories 'L* N* Co S*'", "price 5€ or 3$ ok?"),
			Query:    vocabTerms,
			Want:     column("term", "3$", "5€", "ok", "or", "price"),
		},
		{
			Name:     "AsciiTokens",
			Doc:      "ascii folds only ASCII letters and keeps every non-ASCII character as part of a token",
			Requires: needFTS5,
			Setup:    tokenizerSetup("ascii", "HELLO, Ünïcode ÉCOLE"),
			Query:    vocabTerms,
			Want:     column("term", "hello", "École", "Ünïcode"),
		},
		{
			Name:     "AsciiDoesNotFoldNonASCII",
			Doc:      "with ascii, HELLO matches hello but école does not match ÉCOLE (only ASCII case is folded, no diacritic is removed)",
			Requires: needFTS5,
			Setup:    tokenizerSetup("ascii", "ÉCOLE", "école", "HELLO", "ecole"),
			Query:    matchIDs,
			Args:     []any{"hello OR école"},
			Want:     rowids(2, 3),
		},
		{
			Name:     "PorterStems",
			Doc:      "porter reduces English words to their stem: 'connections' matches connected, connection, connecting and connects",
			Requires: needFTS5,
			Setup:    tokenizerSetup("porter", "connected", "connection", "connecting", "connects", "disconnect", "connector"),
			Query:    matchIDs,
			Args:     []any{"connections"},
			Want:     rowids(1, 2, 3, 4),
		},
		{
			Name:     "PorterWrapsTokenizer",
			Doc:      "'porter ascii' stems the tokens of the ascii tokenizer (non-ASCII kept, ASCII folded)",
			Requires: needFTS5,
			Setup:    tokenizerSetup("porter ascii", "Connections CAFÉS running"),
			Query:    vocabTerms,
			Want:     column("term", "cafÉ", "connect", "run"),
		},
		{
			Name:     "TrigramSubstring",
			Doc:      "trigram matches any substring of 3 or more characters, case-insensitively by default",
			Requires: needFTS5,
			Setup:    tokenizerSetup("trigram", "abcdef", "ABCDEF", "xbcdy", "bc"),
			Query:    matchIDs,
			Args:     []any{"bcd"},
			Want:     rowids(1, 2, 3),
		},
		{
			Name:     "TrigramShortQueryMatchesNothing",
			Doc:      "with trigram, a full-text query shorter than 3 characters matches no row, not even a row equal to it",
			Requires: needFTS5,
			Setup:    tokenizerSetup("trigram", "abcdef", "bc"),
			Query:    matchIDs,
			Args:     []any{"bc"},
			Want:     rowids(),
		},
		{
			Name:     "TrigramCaseSensitive",
			Doc:      "trigram case_sensitive 1 matches substrings with their case",
			Requires: needFTS5,
			Setup:    tokenizerSetup("trigram case_sensitive 1", "abcdef", "ABCDEF", "xbcdy"),
			Query:    matchIDs,
			Args:     []any{"bcd"},
			Want:     rowids(1, 3),
		},
		{
			Name:     "TrigramRemoveDiacritics",
			Doc:      "trigram remove_diacritics 1 makes 'creme' match 'crème'",
			Requires: needFTS5,
			Setup:    tokenizerSetup("trigram remove_diacritics 1", "café crème", "cream"),
			Query:    matchIDs,
			Args:     []any{"creme"},
			Want:     rowids(1),
		},
		{
			Name:     "TrigramLike",
			Doc:      "on a trigram table, LIKE '%bcd%' finds substrings case-insensitively, as LIKE does",
			Requires: needFTS5,
			Setup:    tokenizerSetup("trigram", "abcdef", "ABCDEF", "xbcdy", "bc"),
			Query:    "SELECT rowid FROM t WHERE x LIKE ? ORDER BY rowid",
			Args:     []any{"%bcd%"},
			Want:     rowids(1, 2, 3),
		},
		{
			Name:     "TrigramGlob",
			Doc:      "on a trigram table, GLOB '*bcd*' finds substrings case-sensitively, as GLOB does",
			Requires: needFTS5,
			Setup:    tokenizerSetup("trigram", "abcdef", "ABCDEF", "xbcdy", "bc"),
			Query:    "SELECT rowid FROM t WHERE x GLOB ? ORDER BY rowid",
			Args:     []any{"*bcd*"},
			Want:     rowids(1, 3),
		},
		{
			Name: "TrigramIndexesLikeGlob",
			Doc: "EXPLAIN QUERY PLAN: FTS5 consumes LIKE and GLOB (idxStr L, G) on a trigram table; " +
				"not LIKE with case_sensitive 1, nor either on a unicode61 table",
			Requires: needFTS5,
			Setup: "CREATE VIRTUAL TABLE tri USING fts5(x, tokenize='trigram');\n" +
				"CREATE VIRTUAL TABLE tcs USING fts5(x, tokenize='trigram case_sensitive 1');\n" +
				"CREATE VIRTUAL TABLE uni USING fts5(x);",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				got := map[string]bool{}
				for _, q := range []string{
					"SELECT rowid FROM tri WHERE x LIKE '%bcd%'",
					"SELECT rowid FROM tri WHERE x GLOB '*bcd*'",
					"SELECT rowid FROM tcs WHERE x LIKE '%bcd%'",
					"SELECT rowid FROM tcs WHERE x GLOB '*bcd*'",
					"SELECT rowid FROM uni WHERE x LIKE '%bcd%'",
					"SELECT rowid FROM uni WHERE x GLOB '*bcd*'",
				} {
					var plan []adapter.Row
					if err := e.DB.All(ctx, &plan, "EXPLAIN QUERY PLAN "+q); err != nil {
						return nil, err
					}
					if len(plan) != 1 {
						return nil, spec.Failf("plan of %s: %v, want one SCAN line", q, plan)
					}
					detail, _ := plan[0]["detail"].(string)
					m := idxStrRE.FindStringSubmatch(detail)
					if m == nil {
						return nil, spec.Failf("plan of %s: %q, want a virtual table scan", q, detail)
					}
					got[q] = likeGlobRE.MatchString(m[1])
				}
				return got, nil
			},
			Want: map[string]bool{
				"SELECT rowid FROM tri WHERE x LIKE '%bcd%'": true,
				"SELECT rowid FROM tri WHERE x GLOB '*bcd*'": true,
				"SELECT rowid FROM tcs WHERE x LIKE '%bcd%'": false,
				"SELECT rowid FROM tcs WHERE x GLOB '*bcd*'": true,
				"SELECT rowid FROM uni WHERE x LIKE '%bcd%'": false,
				"SELECT rowid FROM uni WHERE x GLOB '*bcd*'": false,
			},
		},
		{
			Name:     "UnknownTokenizer",
			Doc:      "CREATE VIRTUAL TABLE with an unknown tokenizer fails with SQLITE_ERROR",
			Requires: needFTS5,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				return nil, e.DB.Exec(ctx, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='nosuch')")
			},
			WantErr: sqlite.ERROR,
		},
	}
}
