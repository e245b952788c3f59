package txn

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/hold"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// schema is the table most cases write to.
const schema = "CREATE TABLE t(x INTEGER PRIMARY KEY);"

// prompt bounds an operation that must not wait for a lock: far below the
// timeouts a wait would hit, far above any honest run time.
const prompt = 10 * time.Second

// errBoom is an application error returned from transaction functions.
var errBoom = errors.New("boom")

// begin is a method that starts a transaction: (*adapter.DB).Transaction,
// ImmediateTransaction or ExclusiveTransaction.
type begin func(db *adapter.DB, ctx context.Context, fn func(*adapter.Tx) error) error

// insert inserts each x into t.
func insert(ctx context.Context, q adapter.Querier, xs ...int) error {
	for _, x := range xs {
		if _, err := q.Run(ctx, "INSERT INTO t(x) VALUES (?)", x); err != nil {
			return err
		}
	}
	return nil
}

// values returns the contents of t in order, never nil.
func values(ctx context.Context, q adapter.Querier) ([]int64, error) {
	out := []int64{}
	if err := q.All(ctx, &out, "SELECT x FROM t ORDER BY x"); err != nil {
		return nil, err
	}
	if out == nil {
		out = []int64{}
	}
	return out, nil
}

// healthy checks that the case's pool kept no transaction or lock behind:
// a write through a second handle on the same file succeeds promptly (its
// busy_timeout is short), in WAL mode a TRUNCATE checkpoint finds no
// reader left, and a new transaction on the pool commits and sees the
// other handle's write.
func healthy(ctx context.Context, e *spec.Env) error {
	mode, err := e.DB.PragmaValue(ctx, "journal_mode")
	if err != nil {
		return spec.Failf("pool not healthy: reading journal_mode: %v", err)
	}
	jm, _ := mode.(string)
	other, err := e.Open(ctx, e.Path, adapter.Options{JournalMode: jm, BusyTimeout: 2 * time.Second})
	if err != nil {
		return spec.Failf("pool not healthy: opening a second handle: %v", err)
	}
	start := time.Now()
	if err := other.Exec(ctx, "CREATE TABLE IF NOT EXISTS probe(n INTEGER PRIMARY KEY); INSERT INTO probe DEFAULT VALUES"); err != nil {
		return spec.Failf("pool not healthy: a write from another handle failed (a transaction was left open?): %v", err)
	}
	if d := time.Since(start); d > prompt {
		return spec.Failf("pool not healthy: a write from another handle took %v", d)
	}
	if jm == "wal" {
		r, err := other.Checkpoint(ctx, adapter.CheckpointTruncate)
		if err != nil {
			return spec.Failf("pool not healthy: TRUNCATE checkpoint: %v", err)
		}
		if r.Busy {
			return spec.Failf("pool not healthy: a TRUNCATE checkpoint is blocked (a read transaction was left open?)")
		}
	}
	err = e.DB.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
		_, err := tx.Run(ctx, "INSERT INTO probe DEFAULT VALUES")
		return err
	})
	if err != nil {
		return spec.Failf("pool not healthy: the next transaction failed: %v", err)
	}
	var n int64
	if err := e.DB.Get(ctx, &n, "SELECT count(*) FROM probe"); err != nil {
		return spec.Failf("pool not healthy: reading back: %v", err)
	}
	if n != 2 {
		return spec.Failf("pool not healthy: probe holds %d rows, want 2", n)
	}
	return nil
}

// settle checks the pool is healthy, then returns the contents of t.
func settle(ctx context.Context, e *spec.Env) (any, error) {
	if err := healthy(ctx, e); err != nil {
		return nil, err
	}
	return values(ctx, e.DB)
}

// committed finishes a case whose transaction must commit: it returns err,
// the transaction's error, if there is one, and settles otherwise.
func committed(ctx context.Context, e *spec.Env, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return settle(ctx, e)
}

// rolledBack finishes a case whose transaction fn failed with errBoom: the
// transaction must return errBoom itself (unchanged, not merely wrapped);
// then it settles.
func rolledBack(ctx context.Context, e *spec.Env, err error) (any, error) {
	if err != errBoom {
		return nil, spec.Failf("the transaction returned %v (%T), want fn's errBoom unchanged", err, err)
	}
	return settle(ctx, e)
}

// failWith checks the pool is healthy, then returns err, the error the
// case expects.
func failWith(ctx context.Context, e *spec.Env, err error) (any, error) {
	if herr := healthy(ctx, e); herr != nil {
		return nil, herr
	}
	return nil, err
}

// failLeaving finishes a case whose operation failed with err: t must
// hold exactly want and the pool must be healthy; then it returns err, the
// error the case expects.
func failLeaving(ctx context.Context, e *spec.Env, err error, want ...int64) (any, error) {
	if herr := holds(ctx, e.DB, want...); herr != nil {
		return nil, herr
	}
	return failWith(ctx, e, err)
}

// insertThenFail inserts each x into t through q and returns errBoom: the
// body of a transaction or savepoint that must roll back.
func insertThenFail(ctx context.Context, q adapter.Querier, xs ...int) error {
	if err := insert(ctx, q, xs...); err != nil {
		return err
	}
	return errBoom
}

// holds fails unless t, read through q, holds exactly want.
func holds(ctx context.Context, q adapter.Querier, want ...int64) error {
	got, err := values(ctx, q)
	if err != nil {
		return spec.Failf("reading t: %v", err)
	}
	if !slices.Equal(got, want) {
		return spec.Failf("t holds %v, want %v", got, want)
	}
	return nil
}

// other opens a second handle on the case's file, with the same journal
// mode, and opts otherwise.
func other(ctx context.Context, e *spec.Env, opts adapter.Options) (*adapter.DB, error) {
	if opts.JournalMode == "" {
		mode, err := e.DB.PragmaValue(ctx, "journal_mode")
		if err != nil {
			return nil, err
		}
		opts.JournalMode, _ = mode.(string)
	}
	return e.Open(ctx, e.Path, opts)
}

// holdWriteLock runs an IMMEDIATE transaction on db that runs fn (if not
// nil) and then stays open, holding the write lock, until release is
// called. release lets it commit and fails the case if it did not; it is
// idempotent and also runs when the case ends.
func holdWriteLock(ctx context.Context, e *spec.Env, db *adapter.DB, fn func(*adapter.Tx) error) (release func() error, err error) {
	h, err := hold.Open(ctx, db.ImmediateTransaction, fn)
	if err != nil {
		return nil, err
	}
	e.Defer(func() { h.Release() })
	return func() error {
		if err := h.Release(); err != nil {
			return spec.Failf("the other handle's transaction: %v", err)
		}
		return nil
	}, nil
}

// otherWriter opens a second handle on the case's file (see other) that
// inserts 1 into t and then holds the write lock until release (see
// holdWriteLock).
func otherWriter(ctx context.Context, e *spec.Env) (release func() error, err error) {
	writer, err := other(ctx, e, adapter.Options{})
	if err != nil {
		return nil, err
	}
	return holdWriteLock(ctx, e, writer, func(w *adapter.Tx) error { return insert(ctx, w, 1) })
}
