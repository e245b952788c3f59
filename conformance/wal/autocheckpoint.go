package wal

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// autocheckpointCases: a commit that leaves the WAL at or above
// wal_autocheckpoint pages runs a PASSIVE checkpoint, after which the next
// writer restarts the WAL from its beginning
// (https://sqlite.org/pragma.html#pragma_wal_autocheckpoint). The Log of a
// later checkpoint tells whether that happened.
func autocheckpointCases() []spec.Case {
	return []spec.Case{
		{
			Name:  "AutocheckpointDefault",
			Doc:   "wal_autocheckpoint is SQLite's default of 1000 pages",
			Query: "PRAGMA wal_autocheckpoint",
			Want:  []adapter.Row{{"wal_autocheckpoint": int64(1000)}},
		},
		{
			Name:  "AutocheckpointAtLimit",
			Doc:   "with wal_autocheckpoint = 10 (set by Pragma), 25 one-page commits after a 2-frame CREATE leave 7 frames: checkpoints at 10 frames, restarts after",
			Setup: "CREATE TABLE t(x)",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				if _, err := e.DB.Pragma(ctx, "wal_autocheckpoint = 10"); err != nil {
					return nil, err
				}
				// Frames 3..10 (checkpoint), 1..10 (checkpoint), 1..7.
				return passiveAfter(ctx, e.DB, 25)
			},
			Want: adapter.CheckpointResult{Log: 7, Checkpointed: 7},
		},
		{
			Name:    "AutocheckpointDisabled",
			Doc:     "with wal_autocheckpoint = 0 (set by Options.Pragmas), 25 one-page commits after a 2-frame CREATE leave all 27 frames in the WAL",
			Options: adapter.Options{Pragmas: []string{"wal_autocheckpoint = 0"}},
			Setup:   "CREATE TABLE t(x)",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				return passiveAfter(ctx, e.DB, 25)
			},
			Want: adapter.CheckpointResult{Log: 27, Checkpointed: 27},
		},
		{
			Name:    "AutocheckpointEveryConnection",
			Doc:     "wal_autocheckpoint from Options.Pragmas holds on every pool connection",
			Options: adapter.Options{Pragmas: []string{"wal_autocheckpoint = 10"}},
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				return onTwoConnections(ctx, e.DB, "wal_autocheckpoint")
			},
			Want: []any{int64(10), int64(10)},
		},
	}
}
