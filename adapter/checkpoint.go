package adapter

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strconv"
)

// CheckpointMode selects how a WAL checkpoint treats readers and writers
// (https://sqlite.org/c3ref/wal_checkpoint_v2.html).
type CheckpointMode int

// Checkpoint modes. Every mode may shrink the database file, PASSIVE
// included, when the database has shrunk (after DELETE and VACUUM): SQLite
// does so only once no reader is left on an older snapshot, under the lock
// that keeps readers of the file alone out. TRUNCATE additionally truncates
// the -wal file, which SQLite reads with read(2) and never maps. What the
// multi-process runs (package stress) found with mmap_size > 0 is in the
// compatibility matrix, docs/matrix.md.
const (
	// CheckpointPassive copies as many frames as it can without waiting for
	// readers or writers, and never takes the write lock. It is the mode
	// for databases shared by several processes.
	CheckpointPassive CheckpointMode = iota
	// CheckpointFull takes the write lock, waiting for writers, then copies
	// every frame, waiting for readers of older snapshots. While it waits,
	// every writer of every process waits behind it.
	CheckpointFull
	// CheckpointRestart is Full, then waits for readers so the next writer
	// restarts the WAL from its beginning.
	CheckpointRestart
	// CheckpointTruncate is Restart, then truncates the -wal file to zero
	// bytes.
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
// The adapter never checkpoints with anything but PASSIVE on its own
// (SQLite's automatic checkpoint, every wal_autocheckpoint pages, is
// PASSIVE).
//
// FULL, RESTART and TRUNCATE hold the write lock while they wait for
// readers, so writers everywhere wait behind them; if they waited as long
// as the writers do (busy_timeout), writers already queued would time out
// first and fail with sqlite.BUSY. So these modes wait at most half of
// busy_timeout and then report Busy, leaving the writers their margin.
func (db *DB) Checkpoint(ctx context.Context, mode CheckpointMode) (CheckpointResult, error) {
	if mode < CheckpointPassive || mode > CheckpointTruncate {
		return CheckpointResult{}, fmt.Errorf("%w: unknown checkpoint mode %d", ErrArgument, mode)
	}
	if db.closed.Load() {
		return CheckpointResult{}, ErrClosed
	}
	query := "PRAGMA wal_checkpoint(" + mode.String() + ")"
	c, err := db.sqldb.Conn(ctx)
	if err != nil {
		return CheckpointResult{}, db.wrapErr(ctx, err, query)
	}
	defer c.Close()
	if mode != CheckpointPassive {
		var timeout int64 // this connection's, which DB.Pragma may have changed since Open
		if err := c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&timeout); err != nil {
			return CheckpointResult{}, db.wrapErr(ctx, err, query)
		}
		if _, err := c.ExecContext(ctx, ownText("PRAGMA busy_timeout = "+strconv.FormatInt(timeout/2, 10))); err != nil {
			return CheckpointResult{}, db.wrapErr(ctx, err, query)
		}
		defer func() {
			restore := ownText("PRAGMA busy_timeout = " + strconv.FormatInt(timeout, 10))
			if _, err := c.ExecContext(context.WithoutCancel(ctx), restore); err != nil {
				c.Raw(func(any) error { return driver.ErrBadConn }) // never pool a connection left with the short wait
			}
		}()
	}
	var busy int
	var r CheckpointResult
	if err := c.QueryRowContext(ctx, query).Scan(&busy, &r.Log, &r.Checkpointed); err != nil {
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
