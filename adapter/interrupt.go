package adapter

import (
	"context"
	"errors"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// How a call ends when its context ends.
//
// The adapter never hands a cancellable context to a driver, only the
// caller's deadline (driverContext). It watches the caller's context
// itself and, if the context ends while a step of the call runs on the
// driver (a statement's execution, a row of a query, a
// prepare that waits for the schema lock), interrupts the connection
// ([Conn.Interrupt], sqlite3_interrupt), again every millisecond until the
// step returns: SQLite forgets an interrupt that arrives before the
// statement's virtual machine starts. Whatever the step then returns is
// the truth. SQLITE_DONE means the statement completed, and in autocommit
// mode committed, so the call succeeds although its context has ended; an
// error means SQLite rolled the statement back. A context that has ended
// before a step starts stops the call there, with nothing run.
//
// The error of a call that its context ended is the same on every driver
// and for every kind of wait (a computation, a lock under busy_timeout, a
// row of a query): an [*Error] with code [sqlite.INTERRUPT] that also satisfies
// errors.Is(err, ctx.Err()), and never errors.Is(err, sqlite.BUSY). Close ends
// the calls in flight the same way, with [ErrClosed] as the cause.

// driverContext is the context the adapter hands the driver for a step of
// c: never done, since the adapter ends steps itself (Interrupt), but with
// the deadline of c's context, if it has one, so that a driver whose
// statements run elsewhere can have its server stop them when the caller
// stops waiting (rqlite's db_timeout) rather than run on and hold the
// server's connection.
func driverContext(c *call) context.Context {
	if c != nil && c.ctx != nil {
		if d, ok := c.ctx.Deadline(); ok {
			return deadlineOnly{d}
		}
	}
	return context.Background()
}

// deadlineOnly is a context that reports a deadline and never ends.
type deadlineOnly struct{ deadline time.Time }

func (d deadlineOnly) Deadline() (time.Time, bool) { return d.deadline, true }
func (deadlineOnly) Done() <-chan struct{}         { return nil }
func (deadlineOnly) Err() error                    { return nil }
func (deadlineOnly) Value(any) any                 { return nil }

// interruptRetry is how often an interrupt is repeated until the step it
// interrupts returns.
const interruptRetry = time.Millisecond

// call is the interruption state of one operation on a connection: an
// execution or a prepare (the connection's own call), or a query from its
// first step to the close of its rows (the rows' call). Its fields are
// guarded by the connection's mu.
type call struct {
	ctx   context.Context
	stop  func() bool // stops watching ctx; nil if ctx cannot end
	gen   uint64      // bumped by watch, so a late callback of an earlier use is ignored
	cause error       // why the call is being ended: ctx.Err() or ErrClosed
}

// watch arms c for a new operation under ctx.
func (cn *conn) watch(c *call, ctx context.Context) {
	cn.mu.Lock()
	c.gen++
	gen := c.gen
	c.ctx, c.cause = ctx, nil
	cn.mu.Unlock()
	if ctx.Done() != nil {
		c.stop = context.AfterFunc(ctx, func() { cn.interruptCall(c, gen, ctx.Err()) })
	}
}

// unwatch stops watching c's context.
func (cn *conn) unwatch(c *call) {
	if c.stop != nil {
		c.stop()
		c.stop = nil
	}
}

// enter marks c as running a step on the driver, or returns why it may
// not: its context has ended, or the database is closing.
func (cn *conn) enter(c *call) error {
	cn.mu.Lock()
	if c.cause == nil {
		if cn.c.closing.Load() {
			c.cause = ErrClosed
		} else if c.ctx != nil {
			c.cause = c.ctx.Err()
		}
	}
	cause := c.cause
	if cause == nil {
		cn.stepping = c
	}
	cn.mu.Unlock()
	return cause
}

// leave marks the step of c as returned: no interrupt is sent after it.
func (cn *conn) leave(c *call) {
	cn.mu.Lock()
	if cn.stepping == c {
		cn.stepping = nil
	}
	cn.mu.Unlock()
}

// interruptCall ends the call c armed as generation gen: it records cause
// and interrupts the connection until the step of c that runs, if any,
// has returned.
func (cn *conn) interruptCall(c *call, gen uint64, cause error) {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	if c.gen != gen || c.cause != nil {
		return
	}
	c.cause = cause
	for cn.stepping == c && c.gen == gen && !cn.closed {
		cn.inner.Interrupt()
		cn.mu.Unlock()
		time.Sleep(interruptRetry)
		cn.mu.Lock()
	}
}

// interruptRunning ends the call running a step on the connection, if
// any, with cause; it does not wait for it.
func (cn *conn) interruptRunning(cause error) {
	cn.mu.Lock()
	c := cn.stepping
	var gen uint64
	if c != nil {
		gen = c.gen
	}
	cn.mu.Unlock()
	if c != nil {
		go cn.interruptCall(c, gen, cause)
	}
}

// ended returns why c is being ended, or nil.
func (cn *conn) ended(c *call) error {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	return c.cause
}

// outcome is what a call reports for err, the error of one of its steps:
// the interruption error if c was ended and err is how SQLite reports
// that (SQLITE_INTERRUPT, SQLITE_BUSY at the end of a cut-short lock wait,
// SQLITE_PROTOCOL when the interrupt cut short the sleeps of SQLite's
// retries for a WAL lock, a commit refused because the connection was
// interrupted), else err.
func (cn *conn) outcome(c *call, err error) (_ error, interrupted bool) {
	if err == nil {
		return nil, false
	}
	cause := cn.ended(c)
	if cause == nil || !cn.isInterruption(err) {
		return err, false
	}
	return interruptedError(cn.c.drv, cause, err), true
}

// isInterruption reports whether err is how a driver reports a statement
// that an interrupt stopped.
func (cn *conn) isInterruption(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrClosed) {
		return true
	}
	code, _, ok := cn.c.drv.DecodeError(err)
	if !ok {
		return false
	}
	switch code.Code() {
	case sqlite.INTERRUPT, sqlite.BUSY, sqlite.PROTOCOL:
		return true
	}
	return code == sqlite.CONSTRAINT_COMMITHOOK
}

// interruptedError is the error of a call that cause ended; driverErr is
// what the driver reported, if anything ran.
func interruptedError(d contract.Driver, cause, driverErr error) *Error {
	name := ""
	if d != nil {
		name = d.Info().Name
	}
	e := newError(sqlite.ExtendedCode(sqlite.INTERRUPT), "", name, "", driverErr)
	e.cause = cause
	return e
}
