package ncruces

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	"github.com/ncruces/go-sqlite3"

	"github.com/anysqlite/anysqlite/adapter"
)

// conn is one SQLite connection. Like every driver.Conn it is used by one
// goroutine at a time.
type conn struct {
	raw  *sqlite3.Conn // nil once closed
	intr interrupter   // raw's interrupt context, see interrupt.go
	// broken is set when a panic of ncruces unwound through SQLite's code
	// (see recovered): SQLite was abandoned in the middle of a function,
	// so its state is unknown. The connection then refuses all work with
	// driver.ErrBadConn, and reports itself invalid so that database/sql
	// closes it.
	broken bool
}

// usable reports whether the connection is open and in a known state.
func (c *conn) usable() bool {
	return c.raw != nil && !c.broken
}

// catch is deferred by every method that calls into ncruces: it turns the
// panics by which ncruces reports SQLITE_NOMEM (and a file name too long
// for its VFS) into the error the other drivers return, in *err. When the
// panic started in ncruces' Go code, before or after its call into SQLite
// returned (the usual case: ncruces panics on seeing SQLITE_NOMEM returned,
// or when allocating wasm memory for a bound value or SQL text), SQLite
// handled the failure as it always does and the connection goes on
// working, as with the C drivers. When it unwound through SQLite (a Go
// callback of SQLite, such as ncruces' base64() function or its VFS,
// panicked), the connection is marked broken. Other panics are bugs and
// go on.
func (c *conn) catch(err *error) {
	if r := recover(); r != nil {
		e, midSQLite := recovered(r)
		if midSQLite {
			c.broken = true
		}
		*err = e
	}
}

// resetQuietly resets st, whose last execution's error has been reported
// already: sqlite3_reset returns that error again, and ncruces panics if it
// is SQLITE_NOMEM.
func (c *conn) resetQuietly(st *sqlite3.Stmt) {
	var err error
	defer c.catch(&err)
	_ = st.Reset()
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
)

// exec runs SQL text without arguments under ctx.
func (c *conn) exec(ctx context.Context, query string) (err error) {
	if !c.usable() {
		return driver.ErrBadConn
	}
	defer c.catch(&err)
	c.intr.start()
	return c.interruption(c.raw.Exec(query))
}

// Prepare is PrepareContext without a context.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext compiles query, which must hold exactly one statement.
func (c *conn) PrepareContext(ctx context.Context, query string) (_ driver.Stmt, err error) {
	if !c.usable() {
		return nil, driver.ErrBadConn
	}
	defer c.catch(&err)
	c.intr.start()
	st, tail, err := c.raw.Prepare(query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, fmt.Errorf("ncruces: %w", contract.ErrNoStatement)
	}
	if !onlyCommentsAndSpace(tail) {
		st.Close()
		return nil, fmt.Errorf("ncruces: %w", contract.ErrMultipleStatements)
	}
	return &stmt{c: c, raw: st}, nil
}

// Close finalizes any statement still open and closes the connection.
//
// A broken connection is closed the same way, although SQLite's state is
// unknown: it was abandoned in a callback (a VFS method reading a file
// name, a Go SQL function allocating its result), and closing is the only
// way to release its file descriptors, its locks and its wasm memory (256
// MiB of address space reserved per connection), which nothing else
// frees. Whatever closing it raises is dropped: its failure was reported
// when it broke.
func (c *conn) Close() (err error) {
	if c.raw == nil {
		return nil
	}
	raw, broken := c.raw, c.broken
	c.raw = nil
	if broken {
		defer func() {
			_ = recover()
			err = nil
		}()
	}
	defer c.catch(&err)
	for _, st := range slices.Collect(raw.Stmts()) {
		c.finalize(st)
	}
	return raw.Close()
}

// finalize finalizes st; its error, that of its last execution, has been
// reported already. ncruces forgets the statement before it can panic.
func (c *conn) finalize(st *sqlite3.Stmt) {
	var err error
	defer c.catch(&err)
	_ = st.Close()
}

// Begin is BeginTx with default options.
func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx starts a deferred transaction, or an immediate one for
// sql.LevelLinearizable. Read-only transactions are not supported here:
// the adapter runs its own.
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if opts.ReadOnly {
		return nil, fmt.Errorf("ncruces: read-only transactions: %w", errors.ErrUnsupported)
	}
	begin := "BEGIN DEFERRED"
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault, sql.LevelSerializable:
	case sql.LevelLinearizable:
		begin = "BEGIN IMMEDIATE"
	default:
		return nil, fmt.Errorf("ncruces: isolation level %v: %w", sql.IsolationLevel(opts.Isolation), errors.ErrUnsupported)
	}
	if err := c.exec(ctx, begin); err != nil {
		return nil, err
	}
	return tx{c}, nil
}

// tx ends the transaction BeginTx started.
type tx struct{ c *conn }

// Commit commits, and rolls back if COMMIT failed but left the
// transaction open (SQLITE_BUSY), so the connection is never left inside it.
func (t tx) Commit() error {
	err := t.c.exec(context.Background(), "COMMIT")
	if err != nil && t.c.usable() && !t.c.raw.GetAutocommit() {
		t.c.exec(context.Background(), "ROLLBACK")
	}
	return err
}

// Rollback rolls back, even if the context of the transaction has ended.
func (t tx) Rollback() error {
	return t.c.exec(context.Background(), "ROLLBACK")
}

// CheckNamedValue accepts the types a statement can bind and rejects the
// others, instead of letting database/sql convert them.
func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	switch nv.Value.(type) {
	case nil, int64, float64, string, []byte, bool:
		return nil
	case time.Time:
		return fmt.Errorf("%w: ncruces binds no time.Time; format it first", adapter.ErrArgument)
	}
	return fmt.Errorf("%w: ncruces cannot bind %T", adapter.ErrArgument, nv.Value)
}

// Ping reports whether the connection is open and in a known state.
func (c *conn) Ping(ctx context.Context) error {
	if !c.usable() {
		return driver.ErrBadConn
	}
	return ctx.Err()
}

// ResetSession refuses to hand out a closed or broken connection. It does
// not check for an open transaction: the other drivers do not either, and
// the adapter owns transaction control.
func (c *conn) ResetSession(context.Context) error {
	if !c.IsValid() {
		return driver.ErrBadConn
	}
	return nil
}

// IsValid reports whether the connection is open and in a known state.
func (c *conn) IsValid() bool {
	return c.usable()
}
