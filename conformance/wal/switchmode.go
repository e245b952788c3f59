package wal

import (
	"context"
	"errors"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// switchCases: PRAGMA journal_mode = DELETE on a WAL database checkpoints
// and deletes the WAL when it can take an exclusive lock, and otherwise
// fails with SQLITE_BUSY leaving the mode unchanged
// (https://sqlite.org/pragma.html#pragma_journal_mode). DB.Pragma
// applies the new mode to every connection of the pool.
func switchCases() []spec.Case {
	return []spec.Case{
		{
			Name:   "SwitchToDeleteRemovesWAL",
			Doc:    "Pragma(\"journal_mode = DELETE\") with nothing else open returns delete, removes -wal and -shm, keeps the rows",
			Setup:  setup3Frames,
			Action: switchToDelete,
			Want:   switchedToDelete,
		},
		{
			Name:    "SwitchToDeleteWithIdlePool",
			Doc:     "Pragma(\"journal_mode = DELETE\") succeeds when the handle's pool has grown to several connections that are all idle",
			Options: adapter.Options{BusyTimeout: shortBusy},
			Setup:   setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				// Two reads at once make the pool open a second connection.
				r, err := holdReader(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				if _, err := count(ctx, e.DB); err != nil {
					return nil, err
				}
				if err := r.Release(); err != nil {
					return nil, err
				}
				return switchToDelete(ctx, e)
			},
			Want: switchedToDelete,
		},
		{
			Name:    "SwitchToDeleteWhileOtherHandleReads",
			Doc:     "Pragma(\"journal_mode = DELETE\") while another handle holds a read transaction fails with ErrBusy after busy_timeout and both handles stay in WAL",
			Options: adapter.Options{BusyTimeout: shortBusy},
			Setup:   setup3Frames,
			Action:  refusedSwitch(true),
			Want:    []any{true, "wal", "wal", true},
		},
		{
			Name:    "SwitchToDeleteWhileOtherHandleOpen",
			Doc:     "Pragma(\"journal_mode = DELETE\") while another handle merely has the file open (idle) fails with ErrBusy after busy_timeout and both stay in WAL",
			Options: adapter.Options{BusyTimeout: shortBusy},
			Setup:   setup3Frames,
			Action:  refusedSwitch(false),
			Want:    []any{true, "wal", "wal", true},
		},
		{
			Name:    "SwitchToDeleteWaitsForOtherHandle",
			Doc:     "Pragma(\"journal_mode = DELETE\") started while another handle reads succeeds once that handle closes, within busy_timeout",
			Options: adapter.Options{BusyTimeout: time.Minute},
			Setup:   setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				other, err := e.Open(ctx, e.Path, adapter.Options{})
				if err != nil {
					return nil, err
				}
				r, err := holdReader(ctx, other)
				if err != nil {
					return nil, err
				}
				defer r.Release()
				type result struct {
					rows []adapter.Row
					err  error
				}
				switched := make(chan result, 1)
				go func() {
					rows, err := e.DB.Pragma(ctx, "journal_mode = DELETE")
					switched <- result{rows, err}
				}()
				// Whether the switch is already waiting or not yet started,
				// it must succeed once the other handle is gone.
				if err := r.Release(); err != nil {
					return nil, err
				}
				if err := other.Close(); err != nil {
					return nil, err
				}
				res := <-switched
				if res.err != nil {
					return nil, res.err
				}
				return switchedState(ctx, e, res.rows)
			},
			Want: switchedToDelete,
		},
		{
			Name:    "SwitchedModeHoldsOnNewConnections",
			Doc:     "after Pragma(\"journal_mode = DELETE\"), a pool connection opened while another holds a read transaction is in DELETE mode too",
			Options: adapter.Options{BusyTimeout: shortBusy},
			Setup:   setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				if _, err := e.DB.Pragma(ctx, "journal_mode = DELETE"); err != nil {
					return nil, err
				}
				var got []any
				err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
					if _, err := count(ctx, tx); err != nil { // a shared lock, in DELETE mode
						return err
					}
					m1, err := journalMode(ctx, tx)
					if err != nil {
						return err
					}
					m2, err := journalMode(ctx, e.DB) // needs a second connection
					got = []any{m1, m2}
					return err
				})
				return got, err
			},
			Want: []any{"delete", "delete"},
		},
	}
}

// switchedToDelete is what switchToDelete and switchedState report for a
// setup3Frames database that left WAL mode.
var switchedToDelete = map[string]any{
	"result": []adapter.Row{{"journal_mode": "delete"}}, "mode": "delete", "rows": int64(1),
	"-wal exists": false, "-shm exists": false,
}

// switchToDelete runs Pragma("journal_mode = DELETE") on the case's pool
// and describes the database afterwards (see switchedState).
func switchToDelete(ctx context.Context, e *spec.Env) (any, error) {
	rows, err := e.DB.Pragma(ctx, "journal_mode = DELETE")
	if err != nil {
		return nil, err
	}
	return switchedState(ctx, e, rows)
}

// switchedState describes a database after a journal mode switch.
func switchedState(ctx context.Context, e *spec.Env, result []adapter.Row) (any, error) {
	mode, err := journalMode(ctx, e.DB)
	if err != nil {
		return nil, err
	}
	n, err := count(ctx, e.DB)
	if err != nil {
		return nil, err
	}
	wal, shm, err := companions(e.Path)
	return map[string]any{"result": result, "mode": mode, "rows": n, "-wal exists": wal, "-shm exists": shm}, err
}

// refusedSwitch returns an Action that opens another handle on the case's
// file, which reads t and, with reading, stays in that read transaction,
// and then tries to leave WAL mode on e.DB. It reports whether the error
// is ErrBusy, both handles' modes and whether the -wal file is still there.
func refusedSwitch(reading bool) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		other, err := e.Open(ctx, e.Path, adapter.Options{BusyTimeout: shortBusy})
		if err != nil {
			return nil, err
		}
		if reading {
			r, err := holdReader(ctx, other)
			if err != nil {
				return nil, err
			}
			defer r.Release()
		} else if _, err := count(ctx, other); err != nil {
			return nil, err
		}
		if _, err := e.DB.Pragma(ctx, "journal_mode = DELETE"); err == nil {
			return nil, spec.Failf("journal_mode = DELETE succeeded with another handle open")
		} else if !errors.Is(err, sqlite.BUSY) {
			return nil, err
		}
		m1, err := journalMode(ctx, e.DB)
		if err != nil {
			return nil, err
		}
		m2, err := journalMode(ctx, other)
		if err != nil {
			return nil, err
		}
		wal, err := exists(e.Path + "-wal")
		return []any{true, m1, m2, wal}, err
	}
}
