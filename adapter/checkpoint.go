package adapter

import (
	"context"
	"fmt"
)

// CheckpointMode selects how a WAL checkpoint treats readers and writers
// (https://sqlite.org/c3ref/wal_checkpoint_v2.html).
type CheckpointMode int

// Checkpoint modes.
const (
	// CheckpointPassive copies as many frames as it can without waiting for
	// readers or writers. It never blocks and never shrinks a file.
	CheckpointPassive CheckpointMode = iota
	// CheckpointFull waits (up to busy_timeout) for writers, then copies
	// every frame, waiting for readers of old snapshots.
	CheckpointFull
	// CheckpointRestart is Full, then waits for readers so the next writer
	// restarts the WAL from its beginning.
	CheckpointRestart
	// CheckpointTruncate is Restart, then truncates the WAL file to zero
	// bytes. It shrinks a file other processes may have mapped: use it only
	// when no other process has the database open with mmap_size > 0.
	CheckpointTruncate
)

var checkpointNames = [...]string{"PASSIVE", "FULL", "RESTART", "TRUNCATE"}

// String returns the SQL name of the mode.
func (m CheckpointMode) String() string {
	if m >= 0 && int(m) < len(checkpointNames) {
		return checkpointNames[m]
	}
	return fmt.Sprintf("CheckpointMode(%d)", int(m))
}

// CheckpointResult is the outcome of [DB.Checkpoint].
type CheckpointResult struct {
	// Busy is true if the checkpoint could not finish because of readers
	// or writers (FULL, RESTART, TRUNCATE), not an error.
	Busy bool
	// Log is the number of frames in the WAL, and Checkpointed the number
	// copied into the database; both are -1 if the database is not in WAL
	// mode.
	Log, Checkpointed int
}

// Checkpoint runs a WAL checkpoint of the main database
// (PRAGMA wal_checkpoint, https://sqlite.org/pragma.html#pragma_wal_checkpoint).
// The adapter never checkpoints on its own with anything but PASSIVE.
func (db *DB) Checkpoint(ctx context.Context, mode CheckpointMode) (CheckpointResult, error) {
	if mode < CheckpointPassive || mode > CheckpointTruncate {
		return CheckpointResult{}, fmt.Errorf("%w: unknown checkpoint mode %d", ErrArgument, mode)
	}
	if db.closed.Load() {
		return CheckpointResult{}, ErrClosed
	}
	query := "PRAGMA wal_checkpoint(" + mode.String() + ")"
	var busy int
	var r CheckpointResult
	if err := db.sqldb.QueryRowContext(ctx, query).Scan(&busy, &r.Log, &r.Checkpointed); err != nil {
		return CheckpointResult{}, db.wrapErr(ctx, err, query)
	}
	r.Busy = busy != 0
	if r.Busy && ctx.Err() != nil {
		// The wait for readers or writers ended with ctx, which some
		// drivers report as an unfinished checkpoint rather than an error.
		return r, fmt.Errorf("adapter: %s ended before it could finish: %w", query, ctx.Err())
	}
	return r, nil
}
