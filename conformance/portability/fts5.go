package portability

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// ftsSchema is the FTS5 table the writer creates and fills.
const ftsSchema = `
CREATE VIRTUAL TABLE docs USING fts5(title, body, prefix = '2');
INSERT INTO docs(rowid, title, body) VALUES
	(1, 'Quick fox', 'the quick brown fox jumps'),
	(2, 'Lazy dog', 'the lazy dog sleeps, quickly'),
	(3, 'Héllo', 'héllo wörld café'),
	(4, 'Emoji', 'party 🎉 time');
INSERT INTO docs(docs) VALUES ('optimize');
`

// ftsQueries are the MATCH queries the reader runs, in order.
var ftsQueries = []string{"quick", "qu*", "hello", "cafe", "body:lazy", `"brown fox"`, "title:emoji OR dog"}

// ftsResult is what the reader sees in an FTS5 table another driver wrote.
type ftsResult struct {
	IntegrityCheck string    // FTS5's own 'integrity-check' command
	Matches        [][]int64 // rowids of each of ftsQueries, by rowid
	Highlight      string    // highlight() of title for 'title:fox'
	AfterInsert    []int64   // 'quick' by rank after the reader inserts a row
	Integrity      any       // PRAGMA integrity_check at the end
}

// ftsExpected is the result every reader must see.
var ftsExpected = ftsResult{
	IntegrityCheck: "ok",
	Matches:        [][]int64{{1}, {1, 2}, {3}, {3}, {2}, {1}, {2, 4}},
	Highlight:      "Quick [fox]",
	AfterInsert:    []int64{5, 1},
	Integrity:      "ok",
}

// readBackFTS5 returns the Action of a WrittenBy...FTS5 case.
func readBackFTS5(writer string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		path := filepath.Join(e.Dir, "fts-written-by-"+writer+".db")
		if err := writeFTS5(ctx, writer, path); err != nil {
			return nil, err
		}
		db, err := e.Open(ctx, path, adapter.Options{})
		if err != nil {
			return nil, fmt.Errorf("reader: open: %w", err)
		}
		var r ftsResult
		r.IntegrityCheck = "ok"
		if err := db.Exec(ctx, "INSERT INTO docs(docs) VALUES ('integrity-check')"); err != nil {
			r.IntegrityCheck = err.Error()
		}
		for _, q := range ftsQueries {
			var ids []int64
			if err := db.All(ctx, &ids, "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rowid", q); err != nil {
				return nil, fmt.Errorf("MATCH %q: %w", q, err)
			}
			r.Matches = append(r.Matches, ids)
		}
		if err := db.Get(ctx, &r.Highlight, "SELECT highlight(docs, 0, '[', ']') FROM docs WHERE docs MATCH 'title:fox'"); err != nil {
			return nil, err
		}
		if _, err := db.Run(ctx, "INSERT INTO docs(rowid, title, body) VALUES (5, 'quick', 'quick quick')"); err != nil {
			return nil, err
		}
		if err := db.All(ctx, &r.AfterInsert, "SELECT rowid FROM docs WHERE docs MATCH 'quick' ORDER BY rank"); err != nil {
			return nil, err
		}
		if r.Integrity, err = db.PragmaValue(ctx, "integrity_check"); err != nil {
			return nil, err
		}
		return r, nil
	}
}

// writeFTS5 creates the FTS5 file with the writer driver and closes it.
func writeFTS5(ctx context.Context, writer, path string) error {
	db, err := adapter.Open(ctx, path, &adapter.Options{Driver: writer})
	if err != nil {
		return fmt.Errorf("writer %s: open: %w", writer, err)
	}
	if err := db.Exec(ctx, ftsSchema); err != nil {
		db.Close()
		return fmt.Errorf("writer %s: %w", writer, err)
	}
	return db.Close()
}
