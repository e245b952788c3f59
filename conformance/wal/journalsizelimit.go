package wal

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// journalSizeLimitCases: when a writer restarts the WAL, its commit
// truncates the -wal file to journal_size_limit bytes (or to what it just
// wrote, if more); with no limit (-1, the default) the file keeps its size
// (https://sqlite.org/pragma.html#pragma_journal_size_limit).
func journalSizeLimitCases() []spec.Case {
	return []spec.Case{
		{
			Name:  "JournalSizeLimitDefault",
			Doc:   "journal_size_limit is SQLite's default of -1 (no limit)",
			Query: "PRAGMA journal_size_limit",
			Want:  []adapter.Row{{"journal_size_limit": int64(-1)}},
		},
		{
			Name:    "JournalSizeLimitTruncatesWAL",
			Doc:     "with journal_size_limit = 0, the first commit after a WAL restart shrinks a large -wal file to the one frame it wrote",
			Options: adapter.Options{Pragmas: []string{"journal_size_limit = 0"}},
			Setup:   "CREATE TABLE t(x)",
			Action:  walSizeAfterRestart,
			Want:    map[string]any{"large -wal (>10 frames)": true, "log after restart": 1, "-wal frames after restart": int64(1)},
		},
		{
			Name:   "NoJournalSizeLimitKeepsWAL",
			Doc:    "with no journal_size_limit, a WAL restart reuses a large -wal file without shrinking it",
			Setup:  "CREATE TABLE t(x)",
			Action: walSizeAfterRestart,
			Want:   map[string]any{"large -wal (>10 frames)": true, "log after restart": 1, "-wal frames after restart": "unchanged"},
		},
	}
}

// walSizeAfterRestart grows the WAL with a large commit, checkpoints it
// all, then commits one page (which restarts the WAL) and reports the
// frames the -wal file holds room for.
func walSizeAfterRestart(ctx context.Context, e *spec.Env) (any, error) {
	ps, err := pageSize(ctx, e.DB)
	if err != nil {
		return nil, err
	}
	if _, err := e.DB.Run(ctx, "INSERT INTO t VALUES (randomblob(100000))"); err != nil {
		return nil, err
	}
	r, err := checkpoint(ctx, e.DB, adapter.CheckpointPassive)
	if err != nil {
		return nil, err
	}
	if r.Busy || r.Log != r.Checkpointed {
		return nil, spec.Failf("checkpoint %+v did not copy every frame", r)
	}
	large, err := walFileFrames(e.Path, ps)
	if err != nil {
		return nil, err
	}
	if _, err := e.DB.Run(ctx, "INSERT INTO t VALUES (1)"); err != nil {
		return nil, err
	}
	r, err = checkpoint(ctx, e.DB, adapter.CheckpointPassive)
	if err != nil {
		return nil, err
	}
	after, err := walFileFrames(e.Path, ps)
	if err != nil {
		return nil, err
	}
	var afterV any = after
	if after == large {
		afterV = "unchanged"
	}
	return map[string]any{"large -wal (>10 frames)": large > 10, "log after restart": r.Log, "-wal frames after restart": afterV}, nil
}
