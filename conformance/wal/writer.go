package wal

import (
	"context"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// writerLockCases: a checkpoint while another connection holds the write
// lock with uncommitted changes. PASSIVE copies the committed frames
// without waiting; FULL, RESTART and TRUNCATE wait busy_timeout for the
// writer, then copy what they can and report busy
// (https://sqlite.org/c3ref/wal_checkpoint_v2.html). The writer then
// commits normally.
func writerLockCases() []spec.Case {
	var cases []spec.Case
	for _, m := range modes {
		name, doc := modeName(m)+"WaitsForWriter", m.String()+" while a writer holds the write lock waits busy_timeout, copies the committed frames, reports busy"
		if m == adapter.CheckpointPassive {
			name, doc = "PassiveDuringWrite", "PASSIVE while a writer holds the write lock copies the committed frames without waiting and is not busy"
		}
		cases = append(cases, spec.Case{
			Name:    name,
			Doc:     doc,
			Options: adapter.Options{BusyTimeout: shortBusy},
			Setup:   setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				w, err := holdWriter(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				defer w.Release()
				start := time.Now()
				r, err := checkpoint(ctx, e.DB, m)
				if err != nil {
					return nil, err
				}
				if err := promptly(start, "checkpoint "+m.String()); err != nil {
					return nil, err
				}
				if err := w.Release(); err != nil {
					return nil, spec.Failf("writer's commit after the checkpoint: %v", err)
				}
				n, err := count(ctx, e.DB)
				return []any{r, n}, err
			},
			Want: []any{adapter.CheckpointResult{Busy: m != adapter.CheckpointPassive, Log: 3, Checkpointed: 3}, int64(2)},
		})
	}
	return cases
}
