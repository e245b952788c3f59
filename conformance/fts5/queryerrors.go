package fts5

import (
	"context"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/conformance/spec"
)

// badQueries are full-text queries FTS5 rejects, with the error each
// gives: an *adapter.Error with code SQLITE_ERROR and FTS5's message.
var badQueries = map[string]string{
	"alpha AND":           `SQLITE_ERROR: fts5: syntax error near ""`,
	"(alpha":              `SQLITE_ERROR: fts5: syntax error near ""`,
	"NOT alpha":           `SQLITE_ERROR: fts5: syntax error near "NOT"`,
	"":                    `SQLITE_ERROR: fts5: syntax error near ""`,
	"x.y":                 `SQLITE_ERROR: fts5: syntax error near "."`,
	`"alpha`:              `SQLITE_ERROR: unterminated string`,
	"nosuch: alpha":       `SQLITE_ERROR: no such column: nosuch`,
	"hello-world":         `SQLITE_ERROR: no such column: world`,
	"NEAR(alpha beta, x)": `SQLITE_ERROR: expected integer, got "x"`,
}

func queryErrorCases() []spec.Case {
	return []spec.Case{
		{
			Name:     "MatchSyntaxError",
			Doc:      "a malformed full-text query fails with SQLITE_ERROR",
			Requires: needFTS5,
			Setup:    querySetup,
			Query:    matchIDs,
			Args:     []any{"alpha AND"},
			WantErr:  sqlite.ERROR,
		},
		{
			Name:     "MatchErrors",
			Doc:      "malformed queries (dangling operator, unbalanced parenthesis, unquoted punctuation, unknown column...) give an *adapter.Error SQLITE_ERROR with FTS5's message",
			Requires: needFTS5,
			Setup:    querySetup,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				got := map[string]string{}
				for q := range badQueries {
					ids, err := queryIDs(ctx, e.DB, matchIDs, q)
					msg, ferr := sqliteError("MATCH "+q, err)
					if ferr != nil {
						return ids, ferr
					}
					got[q] = msg
				}
				return got, nil
			},
			Want: badQueries,
		},
	}
}
