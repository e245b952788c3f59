package fts5

import (
	"context"
	"errors"
	"fmt"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// segmentsSetup creates table t with automatic merging off (automerge 0,
// and crisismerge high enough never to trigger), so that every
// transaction that writes to it adds a segment of its own.
const segmentsSetup = `CREATE VIRTUAL TABLE t USING fts5(x);
INSERT INTO t(t, rank) VALUES ('automerge', 0);
INSERT INTO t(t, rank) VALUES ('crisismerge', 1000);`

// segmentWrites is how many single-row transactions the merge cases run.
const segmentWrites = 20

// insertEach inserts n rows into table, one transaction each; row i holds
// "w<i> common".
func insertEach(ctx context.Context, db *adapter.DB, table string, n int) error {
	for i := 1; i <= n; i++ {
		if _, err := db.Run(ctx, "INSERT INTO "+table+"(x) VALUES (?)", fmt.Sprintf("w%d common", i)); err != nil {
			return err
		}
	}
	return nil
}

// dataRows is the number of records of table's %_data shadow table: its
// structure and averages records plus the leaf pages of its segments, at
// least one per segment.
func dataRows(ctx context.Context, db *adapter.DB, table string) (int64, error) {
	return queryInt(ctx, db, "SELECT count(*) FROM "+table+"_data")
}

// segmented writes segmentWrites rows into t of segmentsSetup, one
// transaction each (see insertEach), and returns dataRows of t: at least
// one record per segment.
func segmented(ctx context.Context, db *adapter.DB) (int64, error) {
	if err := insertEach(ctx, db, "t", segmentWrites); err != nil {
		return 0, err
	}
	return dataRows(ctx, db, "t")
}

// totalChanges is SELECT total_changes() of the (single) connection.
func totalChanges(ctx context.Context, db *adapter.DB) (int64, error) {
	return queryInt(ctx, db, "SELECT total_changes()")
}

// countCommon is the number of rows of t matching 'common'.
func countCommon(ctx context.Context, db *adapter.DB) (int64, error) {
	return queryInt(ctx, db, "SELECT count(*) FROM t WHERE t MATCH 'common'")
}

func commandCases() []spec.Case {
	return []spec.Case{
		{
			Name:     "ConfigurationPersisted",
			Doc:      "the automerge, crisismerge, pgsz, usermerge, secure-delete and rank commands store their value in the t_config table",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t USING fts5(x);
INSERT INTO t(t, rank) VALUES ('automerge', 8);
INSERT INTO t(t, rank) VALUES ('crisismerge', 32);
INSERT INTO t(t, rank) VALUES ('pgsz', 8000);
INSERT INTO t(t, rank) VALUES ('usermerge', 4);
INSERT INTO t(t, rank) VALUES ('secure-delete', 1);
INSERT INTO t(t, rank) VALUES ('rank', 'bm25(2.0)');`,
			Query: "SELECT k, v FROM t_config WHERE k <> 'version' ORDER BY k",
			Want: []adapter.Row{
				{"k": "automerge", "v": int64(8)},
				{"k": "crisismerge", "v": int64(32)},
				{"k": "pgsz", "v": int64(8000)},
				{"k": "rank", "v": "bm25(2.0)"},
				{"k": "secure-delete", "v": int64(1)},
				{"k": "usermerge", "v": int64(4)},
			},
		},
		{
			Name:     "AutomergeMerges",
			Doc:      "with automerge 0 every write adds a segment; with automerge 2 FTS5 merges them as it writes (70 single-row transactions)",
			Requires: needFTS5,
			Setup: segmentsSetup + `
CREATE VIRTUAL TABLE a2 USING fts5(x);
INSERT INTO a2(a2, rank) VALUES ('automerge', 2);
INSERT INTO a2(a2, rank) VALUES ('crisismerge', 1000);`,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				const n = 70 // automerge works in units of 64 leaf pages written
				if err := insertEach(ctx, e.DB, "t", n); err != nil {
					return nil, err
				}
				if err := insertEach(ctx, e.DB, "a2", n); err != nil {
					return nil, err
				}
				off, err := dataRows(ctx, e.DB, "t")
				if err != nil {
					return nil, err
				}
				on, err := dataRows(ctx, e.DB, "a2")
				if err != nil {
					return nil, err
				}
				return map[string]bool{
					"automerge 0 keeps a segment per write": off >= n,
					"automerge 2 merged segments":           on < off,
				}, nil
			},
			Want: map[string]bool{"automerge 0 keeps a segment per write": true, "automerge 2 merged segments": true},
		},
		{
			Name:     "OptimizeCommand",
			Doc:      "'optimize' merges all segments into one; queries find the same rows",
			Requires: needFTS5,
			Setup:    segmentsSetup,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				before, err := segmented(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				if _, err := e.DB.Run(ctx, "INSERT INTO t(t) VALUES ('optimize')"); err != nil {
					return nil, err
				}
				after, err := dataRows(ctx, e.DB, "t")
				if err != nil {
					return nil, err
				}
				found, err := countCommon(ctx, e.DB)
				return map[string]any{"segments before": before >= segmentWrites, "merged": after < before, "found": found}, err
			},
			Want: map[string]any{"segments before": true, "merged": true, "found": int64(segmentWrites)},
		},
		{
			Name:     "MergeCommand",
			Doc:      "'merge' 500 merges segments (total_changes() grows by 2 or more); once merged, another 'merge' does nothing (grows by less than 2)",
			Requires: needFTS5,
			Options:  adapter.Options{MaxOpenConns: 1}, // total_changes() is per connection
			Setup:    segmentsSetup,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				before, err := segmented(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				var work [2]int64
				for i := range work {
					c0, err := totalChanges(ctx, e.DB)
					if err != nil {
						return nil, err
					}
					if _, err := e.DB.Run(ctx, "INSERT INTO t(t, rank) VALUES ('merge', 500)"); err != nil {
						return nil, err
					}
					c1, err := totalChanges(ctx, e.DB)
					if err != nil {
						return nil, err
					}
					work[i] = c1 - c0
				}
				after, err := dataRows(ctx, e.DB, "t")
				if err != nil {
					return nil, err
				}
				found, err := countCommon(ctx, e.DB)
				return map[string]any{
					"first merge did work":       work[0] >= 2,
					"second merge did nothing":   work[1] < 2,
					"segments merged":            after < before,
					"rows found after the merge": found,
				}, err
			},
			Want: map[string]any{
				"first merge did work":       true,
				"second merge did nothing":   true,
				"segments merged":            true,
				"rows found after the merge": int64(segmentWrites),
			},
		},
		{
			Name:     "IntegrityCheck",
			Doc:      "'integrity-check' succeeds on a table after inserts, updates, deletes and an optimize",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t USING fts5(x, y);
INSERT INTO t(rowid, x, y) VALUES (1, 'a b c', 'd e'), (2, 'b c d', 'e f'), (3, 'c d e', NULL);
UPDATE t SET x = 'z z' WHERE rowid = 2;
DELETE FROM t WHERE rowid = 1;
INSERT INTO t(t) VALUES ('optimize');`,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				_, err := e.DB.Run(ctx, "INSERT INTO t(t) VALUES ('integrity-check')")
				return nil, err
			},
			Want: nil,
		},
		{
			Name:     "IntegrityCheckExternalContent",
			Doc:      "on an external-content table out of sync, 'integrity-check' passes but with rank 1 (also check the content) fails with SQLITE_CORRUPT_VTAB",
			Requires: needFTS5,
			Setup: `CREATE TABLE src(id INTEGER PRIMARY KEY, x TEXT);
CREATE VIRTUAL TABLE e USING fts5(x, content='src', content_rowid='id');
INSERT INTO src VALUES (1, 'red'), (2, 'green');`,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				if _, err := e.DB.Run(ctx, "INSERT INTO e(e) VALUES ('integrity-check')"); err != nil {
					return nil, spec.Failf("integrity-check of the index alone: %v, want success", err)
				}
				_, err := e.DB.Run(ctx, "INSERT INTO e(e, rank) VALUES ('integrity-check', 1)")
				if err != nil && !errors.Is(err, sqlite.CORRUPT_VTAB) {
					return nil, spec.Failf("integrity-check with content: %v, want SQLITE_CORRUPT_VTAB", err)
				}
				return sqliteError("integrity-check with content", err)
			},
			Want: "SQLITE_CORRUPT_VTAB: database disk image is malformed",
		},
		{
			Name:     "RebuildCommand",
			Doc:      "'rebuild' reindexes an external-content table from its content table; integrity-check with rank 1 then passes",
			Requires: needFTS5,
			Setup: `CREATE TABLE src(id INTEGER PRIMARY KEY, x TEXT);
CREATE VIRTUAL TABLE e USING fts5(x, content='src', content_rowid='id');
INSERT INTO src VALUES (1, 'red'), (2, 'green'), (3, 'red green');
INSERT INTO e(e) VALUES ('rebuild');
INSERT INTO e(e, rank) VALUES ('integrity-check', 1);`,
			Query: "SELECT rowid FROM e WHERE e MATCH 'red' ORDER BY rowid",
			Want:  rowids(1, 3),
		},
		{
			Name:     "RebuildContentlessRefused",
			Doc:      "'rebuild' on a contentless table fails with SQLITE_ERROR: there is nothing to rebuild from",
			Requires: needFTS5,
			Setup:    contentlessSetup,
			Action:   runError("rebuild", "INSERT INTO c(c) VALUES ('rebuild')"),
			Want:     "SQLITE_ERROR: 'rebuild' may not be used with a contentless fts5 table",
		},
		{
			Name:     "DeleteAllCommand",
			Doc:      "'delete-all' empties the index of an external-content table, leaving the content table alone",
			Requires: needFTS5,
			Setup: externalSetup + `
INSERT INTO docs_fts(docs_fts) VALUES ('delete-all');`,
			Query: "SELECT (SELECT count(*) FROM docs_fts WHERE docs_fts MATCH 'fruit OR apple') AS found, (SELECT count(*) FROM docs) AS kept",
			Want:  []adapter.Row{{"found": int64(0), "kept": int64(3)}},
		},
		{
			Name:     "DeleteAllRefused",
			Doc:      "'delete-all' on a table with its own content fails with SQLITE_ERROR",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t USING fts5(x);
INSERT INTO t(x) VALUES ('a');`,
			Action: runError("delete-all", "INSERT INTO t(t) VALUES ('delete-all')"),
			Want:   "SQLITE_ERROR: 'delete-all' may only be used with a contentless or external content fts5 table",
		},
	}
}
