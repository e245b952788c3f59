package ncruces

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ncruces/go-sqlite3"

	"github.com/anysqlite/anysqlite/adapter"
)

// conn is one SQLite connection. Like every driver.Conn it is used by one
// goroutine at a time.
type conn struct {
	raw *sqlite3.Conn // nil once closed
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

// interruptOn makes ctx interrupt whatever the connection runs until the
// returned function is called. ncruces polls the context from SQLite's
// progress handler (a running statement stops with SQLITE_INTERRUPT) and
// from its busy_timeout handler (a lock wait gives up with SQLITE_BUSY).
func (c *conn) interruptOn(ctx context.Context) (restore func()) {
	if ctx == nil {
		ctx = context.Background()
	}
	old := c.raw.SetInterrupt(ctx)
	return func() { c.raw.SetInterrupt(old) }
}

// exec runs SQL text without arguments under ctx.
func (c *conn) exec(ctx context.Context, query string) error {
	defer c.interruptOn(ctx)()
	return c.raw.Exec(query)
}

// Prepare is PrepareContext without a context.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext compiles query, which must hold exactly one statement.
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if c.raw == nil {
		return nil, driver.ErrBadConn
	}
	defer c.interruptOn(ctx)()
	st, tail, err := c.raw.Prepare(query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, fmt.Errorf("ncruces: %w", adapter.ErrNoStatement)
	}
	if !onlyCommentsAndSpace(tail) {
		st.Close()
		return nil, fmt.Errorf("ncruces: %w", adapter.ErrMultipleStatements)
	}
	return &stmt{c: c, raw: st}, nil
}

// Close finalizes any statement still open and closes the connection.
func (c *conn) Close() error {
	if c.raw == nil {
		return nil
	}
	for _, st := range slices.Collect(c.raw.Stmts()) {
		st.Close()
	}
	err := c.raw.Close()
	c.raw = nil
	return err
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
	if err != nil && !t.c.raw.GetAutocommit() {
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

// Ping reports whether the connection is open.
func (c *conn) Ping(ctx context.Context) error {
	if c.raw == nil {
		return driver.ErrBadConn
	}
	return ctx.Err()
}

// ResetSession refuses to hand out a closed connection. It does not check
// for an open transaction: the other drivers do not either, and the adapter
// owns transaction control.
func (c *conn) ResetSession(context.Context) error {
	if !c.IsValid() {
		return driver.ErrBadConn
	}
	return nil
}

// IsValid reports whether the connection is open.
func (c *conn) IsValid() bool {
	return c.raw != nil
}
