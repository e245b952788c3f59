package fts5

import (
	"context"

	"github.com/anysqlite/anysqlite/conformance/spec"
)

// querySetup is the table of the query syntax cases: three columns, and
// rows chosen so that each operator gives a different set of rows than
// the operators it could be confused with.
const querySetup = `CREATE VIRTUAL TABLE t USING fts5(title, body, tags);
INSERT INTO t(rowid, title, body, tags) VALUES
  (1, 'alpha beta', 'gamma delta', 'red'),
  (2, 'beta alpha', 'delta epsilon', 'gamma'),
  (3, 'gamma', 'alpha x x beta', 'blue'),
  (4, 'delta', 'alpha x x x beta', 'red'),
  (5, 'and or', 'x.y hello-world say "hi"', ''),
  (6, 'alphabet', 'betamax', 'gamma');`

// match is a query syntax case: the rowids of the rows of querySetup
// that the full-text query q matches.
func match(name, doc, q string, want ...int64) spec.Case {
	return spec.Case{
		Name:     name,
		Doc:      doc,
		Requires: needFTS5,
		Setup:    querySetup,
		Query:    matchIDs,
		Args:     []any{q},
		Want:     rowids(want...),
	}
}

func queryCases() []spec.Case {
	return []spec.Case{
		match("MatchTerm", "a bare term matches rows holding that whole token in any column (gamma, not alphabet for alpha)",
			"gamma", 1, 2, 3, 6),
		match("MatchImplicitAnd", "terms separated by spaces must all occur, anywhere in the row and in any order",
			"alpha beta", 1, 2, 3, 4),
		match("MatchPhrase", `a quoted phrase "alpha beta" matches the tokens adjacent and in order`,
			`"alpha beta"`, 1),
		match("MatchPlusPhrase", "alpha+beta (+ joins phrase parts) is the phrase \"alpha beta\"",
			"alpha+beta", 1),
		match("MatchPrefix", "alph* matches every token starting with alph",
			"alph*", 1, 2, 3, 4, 6),
		match("MatchQuotedPrefix", `"alph" * (a quoted string followed by *) is a prefix query too`,
			`"alph" *`, 1, 2, 3, 4, 6),
		match("MatchOr", "OR matches rows with either term",
			"alpha OR gamma", 1, 2, 3, 4, 6),
		match("MatchAnd", "AND matches rows with both terms",
			"alpha AND delta", 1, 2, 4),
		match("MatchNot", "NOT removes the rows with the second term",
			"alpha NOT gamma", 4),
		match("PrecedenceAndOverOr", "AND binds tighter than OR: gamma OR alpha AND epsilon is gamma OR (alpha AND epsilon)",
			"gamma OR alpha AND epsilon", 1, 2, 3, 6),
		match("PrecedenceNotOverAnd", "NOT binds tighter than AND: alpha NOT x AND delta is (alpha NOT x) AND delta",
			"alpha NOT x AND delta", 1, 2),
		match("ImplicitAndPrecedence", "an implicit AND binds like AND: gamma OR alpha epsilon is gamma OR (alpha AND epsilon)",
			"gamma OR alpha epsilon", 1, 2, 3, 6),
		match("Parentheses", "parentheses override precedence: (gamma OR alpha) AND epsilon",
			"(gamma OR alpha) AND epsilon", 2),
		match("NearBoundary", "NEAR(alpha beta, 2) matches 2 tokens between the phrases (row 3), not 3 (row 4)",
			"NEAR(alpha beta, 2)", 1, 2, 3),
		match("NearBelowBoundary", "NEAR(alpha beta, 1) no longer matches 2 tokens between the phrases",
			"NEAR(alpha beta, 1)", 1, 2),
		match("NearZero", "NEAR(alpha beta, 0) matches adjacent phrases in either order",
			"NEAR(alpha beta, 0)", 1, 2),
		match("NearDefaultDistance", "NEAR without a distance allows 10 tokens between the phrases",
			"NEAR(alpha beta)", 1, 2, 3, 4),
		match("NearPhrases", `NEAR works on phrases: NEAR("alpha x" beta, 1)`,
			`NEAR("alpha x" beta, 1)`, 3),
		match("ColumnFilter", "body: alpha matches alpha in the body column only",
			"body: alpha", 3, 4),
		match("ColumnSetFilter", "{title body}: gamma matches gamma in title or body, not in tags",
			"{title body}: gamma", 1, 3),
		match("NegatedColumnFilter", "- tags: gamma matches gamma in every column but tags",
			"- tags: gamma", 1, 3),
		match("ColumnFilterGroup", "a column filter applies to a parenthesised expression: title: (alpha OR gamma)",
			"title: (alpha OR gamma)", 1, 2, 3),
		match("InitialToken", "^alpha matches alpha only as the first token of a column",
			"^alpha", 1, 3, 4),
		match("ColumnInitialToken", "title: ^beta matches beta as the first token of title",
			"title: ^beta", 2),
		match("LowercaseOperatorsAreTerms", "operators are upper case only: 'and or' is two terms, ANDed",
			"and or", 5),
		match("QuotedOperator", `"AND" in double quotes is the term and`,
			`"AND"`, 5),
		match("QuotedPunctuation", `characters that are not bareword characters must be quoted: "x.y" is the phrase x y`,
			`"x.y"`, 5),
		match("QuotedHyphen", `"hello-world" is the phrase hello world (unquoted, - starts a column filter)`,
			`"hello-world"`, 5),
		match("EscapedQuote", `a double quote inside a string is doubled: "say ""hi"""`,
			`"say ""hi"""`, 5),
		{
			Name:     "ColumnMatchOperator",
			Doc:      "col MATCH q (a column on the left of MATCH) filters to that column",
			Requires: needFTS5,
			Setup:    querySetup,
			Query:    "SELECT rowid FROM t WHERE title MATCH ? ORDER BY rowid",
			Args:     []any{"alpha"},
			Want:     rowids(1, 2),
		},
		{
			Name:     "MatchWithRowidRange",
			Doc:      "a rowid range combines with MATCH, and ORDER BY rowid DESC reverses the order",
			Requires: needFTS5,
			Setup:    querySetup,
			Query:    "SELECT rowid FROM t WHERE t MATCH ? AND rowid BETWEEN 2 AND 5 ORDER BY rowid DESC",
			Args:     []any{"alpha OR gamma"},
			Want:     rowids(4, 3, 2),
		},
		{
			Name:     "SeveralMatchConstraints",
			Doc:      "two MATCH constraints on one table both apply",
			Requires: needFTS5,
			Setup:    querySetup,
			Query:    "SELECT rowid FROM t WHERE t MATCH ? AND t MATCH ? ORDER BY rowid",
			Args:     []any{"alpha", "delta"},
			Want:     rowids(1, 2, 4),
		},
		{
			Name:     "MatchSyntaxForms",
			Doc:      "t MATCH q, t = q and the table-valued function t(q) are the same query",
			Requires: needFTS5,
			Setup:    querySetup,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				got := map[string][]int64{}
				for _, q := range []string{
					"SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid",
					"SELECT rowid FROM t WHERE t = ? ORDER BY rowid",
					"SELECT rowid FROM t(?) ORDER BY rowid",
				} {
					ids, err := queryIDs(ctx, e.DB, q, "alpha AND delta")
					if err != nil {
						return nil, err
					}
					got[q] = ids
				}
				return got, nil
			},
			Want: map[string][]int64{
				"SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid": {1, 2, 4},
				"SELECT rowid FROM t WHERE t = ? ORDER BY rowid":     {1, 2, 4},
				"SELECT rowid FROM t(?) ORDER BY rowid":              {1, 2, 4},
			},
		},
		{
			Name:     "DefaultRowidOrder",
			Doc:      "without ORDER BY, a full-text query returns rows in ascending rowid order",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t USING fts5(x);
INSERT INTO t(rowid, x) VALUES (30, 'w'), (10, 'w'), (20, 'w'), (5, 'v');`,
			Query: "SELECT rowid FROM t WHERE t MATCH 'w'",
			Want:  rowids(10, 20, 30),
		},
	}
}
