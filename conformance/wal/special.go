package wal

import (
	"context"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// specialStateCases: checkpoints of an empty WAL, of a database not in
// WAL mode, from a read-only handle, and ended by their context.
func specialStateCases() []spec.Case {
	return []spec.Case{
		{
			Name:   "EmptyWAL",
			Doc:    "every mode on a fresh WAL database with nothing written reports 0 frames, not busy",
			Action: func(ctx context.Context, e *spec.Env) (any, error) { return everyMode(ctx, e.DB) },
			Want: map[string]adapter.CheckpointResult{
				"PASSIVE": {}, "FULL": {}, "RESTART": {}, "TRUNCATE": {},
			},
		},
		{
			Name:    "NotWALDatabase",
			Doc:     "every mode on a DELETE-mode database reports log and checkpointed -1, not busy, and no error",
			Options: adapter.Options{JournalMode: "DELETE"},
			Setup:   setup3Frames,
			Action:  func(ctx context.Context, e *spec.Env) (any, error) { return everyMode(ctx, e.DB) },
			Want: map[string]adapter.CheckpointResult{
				"PASSIVE":  {Log: -1, Checkpointed: -1},
				"FULL":     {Log: -1, Checkpointed: -1},
				"RESTART":  {Log: -1, Checkpointed: -1},
				"TRUNCATE": {Log: -1, Checkpointed: -1},
			},
		},
		{
			Name:  "ReadOnlyHandleWithPendingFrames",
			Doc:   "a checkpoint through a read-only handle with frames to copy fails with SQLITE_IOERR (it cannot write the database file) and loses nothing",
			Setup: setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				ro, err := e.Open(ctx, e.Path, adapter.Options{ReadOnly: true})
				if err != nil {
					return nil, err
				}
				_, roErr := ro.Checkpoint(ctx, adapter.CheckpointPassive)
				r, err := checkpoint(ctx, e.DB, adapter.CheckpointPassive)
				if err != nil {
					return nil, err
				}
				if r != (adapter.CheckpointResult{Log: 3, Checkpointed: 3}) {
					return nil, spec.Failf("read-write checkpoint afterwards: %+v, want {Log:3 Checkpointed:3}", r)
				}
				var check string
				if err := e.DB.Get(ctx, &check, "PRAGMA integrity_check"); err != nil {
					return nil, err
				}
				if n, err := count(ctx, ro); err != nil || n != 1 || check != "ok" {
					return nil, spec.Failf("after the read-only checkpoint: %d rows (%v), integrity %q", n, err, check)
				}
				return nil, roErr
			},
			WantErr: sqlite.IOERR,
		},
		{
			Name:  "ReadOnlyHandleEmptyWAL",
			Doc:   "a checkpoint through a read-only handle with nothing to copy reports 0 frames and no error",
			Setup: "CREATE TABLE t(x)",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				if _, err := checkpoint(ctx, e.DB, adapter.CheckpointTruncate); err != nil {
					return nil, err
				}
				ro, err := e.Open(ctx, e.Path, adapter.Options{ReadOnly: true})
				if err != nil {
					return nil, err
				}
				return checkpoint(ctx, ro, adapter.CheckpointPassive)
			},
			Want: adapter.CheckpointResult{},
		},
		{
			Name:    "FullEndsWithContext",
			Doc:     "FULL waiting (busy_timeout 60 s) for an old-snapshot reader returns promptly when its context expires, with an error matching the context's",
			Options: adapter.Options{BusyTimeout: time.Minute},
			Setup:   setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				rd, err := holdOldReader(ctx, e.DB, 1)
				if err != nil {
					return nil, err
				}
				defer rd.Release()
				cctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
				defer cancel()
				start := time.Now()
				r, err := e.DB.Checkpoint(cctx, adapter.CheckpointFull)
				if err := promptly(start, "checkpoint FULL with an expired context"); err != nil {
					return nil, err
				}
				return r, err
			},
			WantErr: context.DeadlineExceeded,
		},
		{
			Name:    "FullWaitsLessThanBusyTimeout",
			Doc:     "FULL blocked by an old-snapshot reader gives up, busy, well before busy_timeout (2 s), so that writers queued behind it keep a margin, and the connection's busy_timeout is 2000 again afterwards",
			Options: adapter.Options{BusyTimeout: 2 * time.Second, MaxOpenConns: 2},
			Setup:   setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				rd, err := holdOldReader(ctx, e.DB, 1)
				if err != nil {
					return nil, err
				}
				defer rd.Release()
				start := time.Now()
				r, err := checkpoint(ctx, e.DB, adapter.CheckpointFull)
				waited := time.Since(start)
				if err != nil {
					return nil, err
				}
				if err := rd.Release(); err != nil {
					return nil, err
				}
				bt, err := e.DB.PragmaValue(ctx, "busy_timeout")
				return map[string]any{"busy": r.Busy, "gave up before busy_timeout": waited < 2*time.Second, "busy_timeout after": bt}, err
			},
			Want: map[string]any{"busy": true, "gave up before busy_timeout": true, "busy_timeout after": int64(2000)},
		},
		{
			Name: "InvalidModeIsArgumentError",
			Doc:  "Checkpoint with a mode that is none of the four constants is ErrArgument",
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				return e.DB.Checkpoint(ctx, adapter.CheckpointMode(7))
			},
			WantErr: adapter.ErrArgument,
		},
	}
}

// everyMode runs a checkpoint in each mode, keyed by its SQL name.
func everyMode(ctx context.Context, db *adapter.DB) (map[string]adapter.CheckpointResult, error) {
	got := map[string]adapter.CheckpointResult{}
	for _, m := range modes {
		r, err := checkpoint(ctx, db, m)
		if err != nil {
			return nil, err
		}
		got[m.String()] = r
	}
	return got, nil
}
