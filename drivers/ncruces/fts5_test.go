package ncruces

import (
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

func TestFTS5(t *testing.T) {
	// A file database with two connections: FTS5 is registered on each.
	db := openDB(t, adapter.ConnConfig{Path: tempPath(t, "fts.db")})
	db.SetMaxOpenConns(2)
	mustExec(t, db,
		"CREATE VIRTUAL TABLE docs USING fts5(title, body)",
		"INSERT INTO docs VALUES ('fox', 'the quick brown fox jumps over the lazy dog')",
		"INSERT INTO docs VALUES ('cat', 'a cat sleeps all day long')",
		"INSERT INTO docs VALUES ('foxes', 'a fox and another fox meet a fox')",
	)
	tests := []struct {
		query string
		want  []string
	}{
		{"SELECT title FROM docs WHERE docs MATCH 'fox' ORDER BY rank", []string{"foxes", "fox"}},
		{"SELECT title FROM docs WHERE docs MATCH 'fox' ORDER BY bm25(docs)", []string{"foxes", "fox"}},
		{"SELECT highlight(docs, 1, '[', ']') FROM docs WHERE docs MATCH 'lazy'", []string{"the quick brown fox jumps over the [lazy] dog"}},
		{"SELECT snippet(docs, 1, '<', '>', '...', 3) FROM docs WHERE docs MATCH 'sleeps'", []string{"a cat <sleeps>..."}},
		{"SELECT title FROM docs WHERE docs MATCH 'title:cat'", []string{"cat"}},
		{"SELECT typeof(bm25(docs)) FROM docs WHERE docs MATCH 'cat'", []string{"real"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			rs, err := db.Query(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			defer rs.Close()
			var got []string
			for rs.Next() {
				var s string
				if err := rs.Scan(&s); err != nil {
					t.Fatal(err)
				}
				got = append(got, s)
			}
			if err := rs.Err(); err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("row %d: %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}
