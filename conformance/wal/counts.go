package wal

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// frameCountCases: Log counts WAL frames, one per page a commit writes,
// not statements or rows (https://sqlite.org/fileformat2.html#walformat).
func frameCountCases() []spec.Case {
	return []spec.Case{
		{
			Name: "CountsAfterSeveralCommits",
			Doc:  "a 2-page CREATE and 10 one-page autocommit INSERTs leave 12 frames, all copied by PASSIVE",
			Setup: "CREATE TABLE t(x);" +
				"INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); INSERT INTO t VALUES (3); INSERT INTO t VALUES (4);" +
				"INSERT INTO t VALUES (5); INSERT INTO t VALUES (6); INSERT INTO t VALUES (7); INSERT INTO t VALUES (8);" +
				"INSERT INTO t VALUES (9); INSERT INTO t VALUES (10)",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				return checkpoint(ctx, e.DB, adapter.CheckpointPassive)
			},
			Want: adapter.CheckpointResult{Log: 12, Checkpointed: 12},
		},
		{
			Name:  "OneFramePerPagePerCommit",
			Doc:   "10 INSERTs into one page in one transaction add a single frame",
			Setup: "CREATE TABLE t(x)",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error { return insertRows(ctx, tx, 10) })
				if err != nil {
					return nil, err
				}
				return checkpoint(ctx, e.DB, adapter.CheckpointPassive)
			},
			Want: adapter.CheckpointResult{Log: 3, Checkpointed: 3},
		},
		{
			Name:  "LogCountsEveryPageOfACommit",
			Doc:   "a commit that writes every page of the database (a large first row) adds page_count frames after the CREATE's 2",
			Setup: "CREATE TABLE t(x)",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				if _, err := e.DB.Run(ctx, "INSERT INTO t VALUES (randomblob(50000))"); err != nil {
					return nil, err
				}
				pages, err := pageCount(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				r, err := checkpoint(ctx, e.DB, adapter.CheckpointPassive)
				if err != nil {
					return nil, err
				}
				return map[string]any{"busy": r.Busy, "log - page_count": int64(r.Log) - pages, "checkpointed - log": r.Checkpointed - r.Log}, nil
			},
			Want: map[string]any{"busy": false, "log - page_count": int64(2), "checkpointed - log": 0},
		},
	}
}
