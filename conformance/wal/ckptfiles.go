package wal

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// checkpointFileCases: what checkpoints do to the -wal and database files,
// and how readers keep the WAL from restarting.
func checkpointFileCases() []spec.Case {
	return []spec.Case{
		{
			Name:  "TruncateEmptiesWALFile",
			Doc:   "TRUNCATE leaves a 0-byte -wal file (it existed with 3 frames before)",
			Setup: setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				ps, err := pageSize(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				before, err := walFileFrames(e.Path, ps)
				if err != nil {
					return nil, err
				}
				if _, err := checkpoint(ctx, e.DB, adapter.CheckpointTruncate); err != nil {
					return nil, err
				}
				size, err := fileSize(e.Path + "-wal")
				return []int64{before, size}, err
			},
			Want: []int64{3, 0},
		},
		{
			Name:  "RestartReusesWAL",
			Doc:   "after RESTART the next writer starts the WAL over: Log counts only new frames and the -wal file does not grow",
			Setup: "CREATE TABLE t(x)",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				ps, err := pageSize(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				if err := insertRows(ctx, e.DB, 5); err != nil {
					return nil, err
				}
				first, err := walFileFrames(e.Path, ps)
				if err != nil {
					return nil, err
				}
				restart, err := checkpoint(ctx, e.DB, adapter.CheckpointRestart)
				if err != nil {
					return nil, err
				}
				if err := insertRows(ctx, e.DB, 5); err != nil {
					return nil, err
				}
				second, err := walFileFrames(e.Path, ps)
				if err != nil {
					return nil, err
				}
				next, err := checkpoint(ctx, e.DB, adapter.CheckpointPassive)
				return []any{first, restart, second, next}, err
			},
			Want: []any{
				int64(7), adapter.CheckpointResult{Log: 7, Checkpointed: 7},
				int64(7), adapter.CheckpointResult{Log: 5, Checkpointed: 5},
			},
		},
		{
			Name:  "CheckpointWritesDatabaseFile",
			Doc:   "before a checkpoint the database file keeps its first page only; after FULL it holds page_count pages",
			Setup: "CREATE TABLE t(x); INSERT INTO t VALUES (randomblob(50000))",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				ps, err := pageSize(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				pages, err := pageCount(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				before, err := fileSize(e.Path)
				if err != nil {
					return nil, err
				}
				if _, err := checkpoint(ctx, e.DB, adapter.CheckpointFull); err != nil {
					return nil, err
				}
				after, err := fileSize(e.Path)
				return map[string]int64{"file pages before": before / ps, "file pages after - page_count": after/ps - pages}, err
			},
			Want: map[string]int64{"file pages before": 1, "file pages after - page_count": 0},
		},
		{
			Name:  "ReaderPinsWAL",
			Doc:   "while a reader holds an old snapshot the WAL only grows; after it ends one commit still appends, the next restarts the WAL",
			Setup: setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				r, err := holdReader(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				defer r.Release()
				var got []adapter.CheckpointResult
				for range 5 {
					if _, err := passiveAfter(ctx, e.DB, 1); err != nil {
						return nil, err
					}
				}
				pinned, err := checkpoint(ctx, e.DB, adapter.CheckpointPassive)
				if err != nil {
					return nil, err
				}
				got = append(got, pinned)
				if err := r.Release(); err != nil {
					return nil, err
				}
				for range 2 {
					c, err := passiveAfter(ctx, e.DB, 1)
					if err != nil {
						return nil, err
					}
					got = append(got, c)
				}
				return got, nil
			},
			Want: []adapter.CheckpointResult{
				{Log: 8, Checkpointed: 3}, // frames 4..8 appended behind the reader
				{Log: 9, Checkpointed: 9}, // the WAL was not fully copied when this writer began
				{Log: 1, Checkpointed: 1}, // fully copied and unread: restarted
			},
		},
	}
}
