package wal

import (
	"context"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/hold"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// modeCases: each checkpoint mode with no reader, with a reader on an old
// snapshot and with a reader on the latest snapshot. Setup leaves 3
// frames in the WAL. PASSIVE copies what it can and never waits; FULL
// waits (busy_timeout) for readers of old snapshots; RESTART and TRUNCATE
// also wait for every reader, so that the next writer can restart the WAL,
// and TRUNCATE then empties the -wal file, after which it reports 0 frames
// (https://sqlite.org/c3ref/wal_checkpoint_v2.html). A wait that times
// out is Busy, not an error.
func modeCases() []spec.Case {
	var cases []spec.Case
	ok := func(log int) adapter.CheckpointResult { return adapter.CheckpointResult{Log: log, Checkpointed: log} }
	for _, m := range modes {
		done := ok(3) // every frame copied, reader gone
		if m == adapter.CheckpointTruncate {
			done = ok(0)
		}
		cases = append(cases, spec.Case{
			Name:  modeName(m) + "NoReader",
			Doc:   m.String() + " with no reader copies every frame of the WAL and reports log == checkpointed",
			Setup: setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				return checkpoint(ctx, e.DB, m)
			},
			Want: done,
		})

		// A reader that started before the last two commits pins frame 3.
		during := adapter.CheckpointResult{Busy: m != adapter.CheckpointPassive, Log: 5, Checkpointed: 3}
		after := ok(5)
		if m == adapter.CheckpointTruncate {
			after = ok(0)
		}
		cases = append(cases, spec.Case{
			Name:    modeName(m) + "OldSnapshotReader",
			Doc:     m.String() + " while a reader holds a snapshot older than the last commits copies only the frames it sees (busy unless PASSIVE); all once it ends",
			Options: adapter.Options{BusyTimeout: shortBusy},
			Setup:   setup3Frames,
			Action:  withReader(m, 2),
			Want:    []adapter.CheckpointResult{during, after},
		})

		// A reader on the latest snapshot does not stop frames being
		// copied, but RESTART and TRUNCATE wait for it to end.
		during = ok(3)
		during.Busy = m == adapter.CheckpointRestart || m == adapter.CheckpointTruncate
		cases = append(cases, spec.Case{
			Name:    modeName(m) + "CurrentSnapshotReader",
			Doc:     m.String() + " while a reader holds the latest snapshot copies every frame; only RESTART and TRUNCATE wait for the reader and report busy",
			Options: adapter.Options{BusyTimeout: shortBusy},
			Setup:   setup3Frames,
			Action:  withReader(m, 0),
			Want:    []adapter.CheckpointResult{during, done},
		})
	}
	return cases
}

// withReader returns an Action that holds a reader on the case's pool,
// commits writes more rows (so that the reader's snapshot is older than
// the last commit if writes > 0) and then checkpoints with mode m during
// and after the reader (see duringAndAfter).
func withReader(m adapter.CheckpointMode, writes int) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		r, err := holdOldReader(ctx, e.DB, writes)
		if err != nil {
			return nil, err
		}
		defer r.Release()
		return duringAndAfter(ctx, e, m, r)
	}
}

// duringAndAfter checkpoints with mode m while r is open (checking that a
// busy checkpoint gave up after busy_timeout rather than waiting on), then
// again after r ends.
func duringAndAfter(ctx context.Context, e *spec.Env, m adapter.CheckpointMode, r *hold.Tx) ([]adapter.CheckpointResult, error) {
	start := time.Now()
	during, err := checkpoint(ctx, e.DB, m)
	if err != nil {
		return nil, err
	}
	if err := promptly(start, "checkpoint "+m.String()); err != nil {
		return nil, err
	}
	if err := r.Release(); err != nil {
		return nil, err
	}
	after, err := checkpoint(ctx, e.DB, m)
	return []adapter.CheckpointResult{during, after}, err
}
