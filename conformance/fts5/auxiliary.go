package fts5

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// fts5ak1Setup is the table of SQLite's ext/fts5/test/fts5ak.test, case 1.1.
const fts5ak1Setup = `CREATE VIRTUAL TABLE ft1 USING fts5(x);
INSERT INTO ft1 VALUES('i d d a g i b g d d');
INSERT INTO ft1 VALUES('h d b j c c g a c a');
INSERT INTO ft1 VALUES('e j a e f h b f h h');
INSERT INTO ft1 VALUES('j f h d g h i b d f');
INSERT INTO ft1 VALUES('d c j d c j b c g e');
INSERT INTO ft1 VALUES('i a d e g j g d a a');
INSERT INTO ft1 VALUES('j f c e d a h j d b');
INSERT INTO ft1 VALUES('i c c f a d g h j e');
INSERT INTO ft1 VALUES('i d i g c d c h b f');
INSERT INTO ft1 VALUES('g d a e h a b c f j');`

// textSetup is a two-column table for the highlight and snippet cases.
const textSetup = `CREATE VIRTUAL TABLE t USING fts5(title, body);
INSERT INTO t(rowid, title, body) VALUES
  (1, 'Hello, WORLD!', 'Hello again: the world says hello.'),
  (2, 'search', 'full text search with fts5 in sqlite and more words here'),
  (3, 'short', NULL);`

func auxiliaryCases() []spec.Case {
	return []spec.Case{
		{
			Name:     "HighlightPhraseFts5ak",
			Doc:      "highlight() marks a phrase match as one span: sqlite ext/fts5/test/fts5ak.test case 1.3 ('h + d')",
			Requires: needFTS5,
			Setup:    fts5ak1Setup,
			Query:    "SELECT highlight(ft1, 0, '[', ']') AS h FROM ft1 WHERE ft1 MATCH 'h + d'",
			Want:     column("h", "[h d] b j c c g a c a", "j f [h d] g h i b d f"),
		},
		{
			Name:     "HighlightTermFts5ak",
			Doc:      "highlight() marks every instance of a term: sqlite ext/fts5/test/fts5ak.test case 1.2 ('e')",
			Requires: needFTS5,
			Setup:    fts5ak1Setup,
			Query:    "SELECT highlight(ft1, 0, '[', ']') AS h FROM ft1 WHERE ft1 MATCH 'e'",
			Want: column("h",
				"[e] j a [e] f h b f h h",
				"d c j d c j b c g [e]",
				"i a d [e] g j g d a a",
				"j f c [e] d a h j d b",
				"i c c f a d g h j [e]",
				"g d a [e] h a b c f j",
			),
		},
		{
			Name:     "HighlightOverlappingPhrases",
			Doc:      "overlapping phrase matches merge into one span: sqlite ext/fts5/test/fts5ak.test case 2.2 ('b+c+d c+d+e')",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE ft2 USING fts5(x);
INSERT INTO ft2 VALUES('a b c d e f g h i j');`,
			Query: "SELECT highlight(ft2, 0, '[', ']') AS h FROM ft2 WHERE ft2 MATCH 'b+c+d c+d+e'",
			Want:  column("h", "a [b c d e] f g h i j"),
		},
		{
			Name:     "HighlightAdjacentPhrases",
			Doc:      "the example of the FTS5 documentation: sqlite ext/fts5/test/fts5ak.test case 3.1 ('a+b+c AND c+d+e')",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE ft USING fts5(a);
INSERT INTO ft VALUES('a b c x c d e');
INSERT INTO ft VALUES('a b c c d e');
INSERT INTO ft VALUES('a b c d e');`,
			Query: "SELECT highlight(ft, 0, '[', ']') AS h FROM ft WHERE ft MATCH 'a+b+c AND c+d+e'",
			Want:  column("h", "[a b c] x [c d e]", "[a b c] [c d e]", "[a b c d e]"),
		},
		{
			Name:     "HighlightKeepsText",
			Doc:      "highlight() returns the column's original text (case, punctuation) with markers around each matched token",
			Requires: needFTS5,
			Setup:    textSetup,
			Query:    "SELECT highlight(t, 0, '<b>', '</b>') AS title, highlight(t, 1, '<b>', '</b>') AS body FROM t WHERE t MATCH 'hello' ORDER BY rowid",
			Want:     []adapter.Row{{"title": "<b>Hello</b>, WORLD!", "body": "<b>Hello</b> again: the world says <b>hello</b>."}},
		},
		{
			Name:     "HighlightUnmatchedColumn",
			Doc:      "highlight() of a column without a match returns its text unchanged, and NULL for a NULL column",
			Requires: needFTS5,
			Setup:    textSetup,
			Query:    "SELECT highlight(t, 0, '[', ']') AS title, highlight(t, 1, '[', ']') AS body FROM t WHERE t MATCH 'title: short'",
			Want:     []adapter.Row{{"title": "[short]", "body": nil}},
		},
		{
			Name:     "SnippetFts5af",
			Doc:      "snippet() of a column without a match starts at its first token: sqlite ext/fts5/test/fts5af.test case 4.0",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE x1 USING fts5(a, b);
INSERT INTO x1 VALUES('xyz', '1 2 3 4 5 6 7 8 9 10 11 12 13');`,
			Query: "SELECT snippet(x1, 1, '[', ']', '...', 5) AS s FROM x1('xyz')",
			Want:  column("s", "1 2 3 4 5..."),
		},
		{
			Name:     "SnippetFts5afPositions",
			Doc:      "snippet() of 7 tokens places the match and ellipses as sqlite ext/fts5/test/fts5af.test cases 1.2.1, 1.2.8, 1.2.12 and 1.4.2",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t1 USING fts5(x, y);
INSERT INTO t1(rowid, x) VALUES
  (1, 'X o o o o o o o'),
  (2, 'o o o o o o o X'),
  (3, 'o o o o o o o X o o o o'),
  (4, 'o o o o o o o X o o o o o X o');`,
			Query: "SELECT snippet(t1, -1, '[', ']', '...', 7) AS s FROM t1 WHERE t1 MATCH 'X' ORDER BY rowid",
			Want:  column("s", "[X] o o o o o o...", "...o o o o o o [X]", "...o o o [X] o o o...", "...[X] o o o o o [X]..."),
		},
		{
			Name:     "SnippetEllipses",
			Doc:      "snippet() of 4 tokens in the middle of a column has an ellipsis on each side",
			Requires: needFTS5,
			Setup:    textSetup,
			Query:    "SELECT snippet(t, 1, '<b>', '</b>', '...', 4) AS s FROM t WHERE t MATCH 'fts5'",
			Want:     column("s", "...with <b>fts5</b> in sqlite..."),
		},
		{
			Name:     "SnippetBestColumn",
			Doc:      "snippet() with column -1 picks the column with the match",
			Requires: needFTS5,
			Setup:    textSetup,
			Query:    "SELECT snippet(t, -1, '[', ']', '...', 3) AS s FROM t WHERE t MATCH 'sqlite'",
			Want:     column("s", "...in [sqlite] and..."),
		},
		{
			Name:     "SnippetWholeColumn",
			Doc:      "snippet() of a column shorter than the token limit is the whole text, without ellipses",
			Requires: needFTS5,
			Setup:    textSetup,
			Query:    "SELECT snippet(t, 0, '[', ']', '...', 64) AS s FROM t WHERE t MATCH 'world' ORDER BY rowid",
			Want:     column("s", "Hello, [WORLD]!"),
		},
		{
			Name:     "AuxiliaryArgumentError",
			Doc:      "highlight() with a missing argument fails with SQLITE_ERROR",
			Requires: needFTS5,
			Setup:    textSetup,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				var rows []adapter.Row
				err := e.DB.All(ctx, &rows, "SELECT highlight(t, 0, '[') FROM t WHERE t MATCH 'hello'")
				return sqliteError("highlight with 3 arguments", err)
			},
			Want: "SQLITE_ERROR: wrong number of arguments to function highlight()",
		},
	}
}
