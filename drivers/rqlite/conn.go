package rqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// conn is a connection of the adapter's pool: a [Client] of its own, and
// the cancellation of its request in flight.
type conn struct {
	client   *Client
	readOnly bool // every statement goes to the query endpoint

	mu     sync.Mutex
	cancel context.CancelCauseFunc // ends the request in flight; nil between requests
}

var (
	_ contract.Conn             = (*conn)(nil)
	_ contract.Batcher          = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
)

// errReadOnly is what a write on a read-only connection fails with, as
// SQLite's own refusal.
func errReadOnly() *Error {
	return &Error{Code: codeReadOnly, Message: "attempt to write a readonly database", Statement: -1}
}

// errInterrupted is the cause of a request's context that Interrupt
// cancelled.
var errInterrupted = errors.New("rqlite: interrupted")

// request returns the context of a request on the connection, which
// Interrupt cancels, and the function that ends it.
func (c *conn) request(ctx context.Context) (context.Context, func()) {
	rctx, cancel := context.WithCancelCause(ctx)
	c.mu.Lock()
	c.cancel = cancel
	c.mu.Unlock()
	return rctx, func() {
		c.mu.Lock()
		c.cancel = nil
		c.mu.Unlock()
		cancel(nil)
	}
}

// Interrupt cancels the HTTP request in flight, if any. A read stops at
// once (rqlite also stops the query at its db_timeout, see
// Options.AttemptTimeout); a write whose request was sent is resolved
// first (see [Client.Exec]), so it returns nil if it was applied, and
// SQLITE_INTERRUPT if it was not. A write rqlite has begun to apply runs
// to its end on every node: rqlite cannot stop it.
func (c *conn) Interrupt() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		c.cancel(errInterrupted)
	}
}

// result is the error a request with context rctx reports for err: an
// interrupted request that did not run (or a write found not applied) is
// SQLITE_INTERRUPT, as sqlite3_interrupt reports it, unless its outcome
// is unknown; a uniqueness violation gets its extended code (refine).
func (c *conn) result(rctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if context.Cause(rctx) == errInterrupted && errors.Is(err, context.Canceled) && !errors.Is(err, ErrOutcomeUnknown) {
		return &Error{Code: codeInterrupt, Message: "interrupted", Statement: -1}
	}
	return c.refine(rctx, err)
}

// InTransaction is always false: rqlite has no interactive transactions.
func (c *conn) InTransaction() bool { return false }

// Prepare is PrepareContext with context.Background.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext checks that query holds exactly one statement and that
// SQLite on the cluster compiles it (rqlite has no prepared statements:
// the statement is sent as EXPLAIN on the read path, at the client's
// consistency level, so that syntax errors and unknown tables surface
// here), and returns a statement that keeps its text.
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st := scanSQL(query)
	switch {
	case st.empty:
		return nil, fmt.Errorf("rqlite: %w in %q", contract.ErrNoStatement, query)
	case st.multiple:
		return nil, fmt.Errorf("rqlite: %w in %q", contract.ErrMultipleStatements, query)
	}
	s := &stmt{c: c, text: query[st.start:st.end]}
	s.st = scanSQL(s.text)
	rctx, done := c.request(ctx)
	defer done()
	if err := c.client.compile(rctx, s.text, s.st); err != nil {
		return nil, c.result(rctx, err)
	}
	return s, nil
}

// Begin fails: rqlite has no interactive transactions.
//
// Deprecated: required by driver.Conn only.
func (c *conn) Begin() (driver.Tx, error) {
	return nil, fmt.Errorf("rqlite: BEGIN: %w: %s", errors.ErrUnsupported, whyNoTransactions)
}

// Ping reads from the cluster at the client's consistency level.
func (c *conn) Ping(ctx context.Context) error {
	rctx, done := c.request(ctx)
	defer done()
	_, err := c.client.read(rctx, []Statement{{SQL: "SELECT 1"}})
	return c.result(rctx, err)
}

// Close releases the client's idle connections.
func (c *conn) Close() error { return c.client.Close() }

// Batch sends stmts as one atomic request ([Client.Batch]): nil means all
// were applied, an error that none was, except one wrapping
// [ErrOutcomeUnknown] (and so contract.ErrOutcomeUnknown).
func (c *conn) Batch(ctx context.Context, stmts []contract.Statement) ([]driver.Result, error) {
	if c.readOnly {
		return nil, errReadOnly()
	}
	list := make([]Statement, len(stmts))
	for i, s := range stmts {
		args, err := positional(s.Args, scanSQL(s.SQL).params)
		if err != nil {
			return nil, fmt.Errorf("statement %d: %w", i+1, err)
		}
		list[i] = Statement{SQL: s.SQL, Args: args}
	}
	rctx, done := c.request(ctx)
	defer done()
	res, err := c.client.Batch(rctx, list...)
	if err != nil {
		return nil, c.result(rctx, err)
	}
	out := make([]driver.Result, len(res))
	for i, r := range res {
		out[i] = contract.Result{InsertID: r.LastInsertID, Changes: r.RowsAffected}
	}
	return out, nil
}

// positional returns the arguments as rqlite's positional parameters: the
// value of index i (NamedValue.Ordinal) at i-1, NULL where none is given.
func positional(args []driver.NamedValue, n int) ([]any, error) {
	out := make([]any, n)
	for _, a := range args {
		if a.Ordinal < 1 || a.Ordinal > n {
			return nil, &Error{Code: codeRange, Message: "column index out of range", Statement: -1}
		}
		out[a.Ordinal-1] = a.Value
	}
	return out, nil
}
