package ncruces

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/ncruces/go-sqlite3"

	"github.com/anysqlite/anysqlite/adapter"
)

// Interruption. ncruces cannot call sqlite3_interrupt from another
// goroutine (the Wasm module is not safe for concurrent use); it polls a
// context instead, from SQLite's progress handler (every 1000 virtual
// machine steps, and once more when a statement returns) and from its busy
// handler. Each connection installs one interrupter as that context, for
// its whole life: Interrupt sets its state, which any goroutine may do,
// and a context of a call (when the driver is used directly with one)
// feeds the same state.
//
// Polling at the return of a statement means SQLite can report
// SQLITE_INTERRUPT for a statement it has finished, a commit included.
// The interrupter's commit hook closes that gap for commits: a commit
// either starts while the connection is not interrupted, and from then on
// the connection ignores interrupts until the next statement, or is
// refused and rolls back. What a finished statement inside a transaction
// reports is settled by the adapter (see adapter/txstate.go).

var _ adapter.Conn = (*conn)(nil)

// The states of an interrupter.
const (
	running     int32 = iota // no interrupt yet
	interrupted              // Interrupt was called, or the call's context ended
	committing               // a commit has started: interrupts are ignored
)

// errInterrupted is what the interrupter's Err returns once interrupted.
var errInterrupted = errors.New("ncruces: interrupted")

// interrupter is a connection's interrupt context (sqlite3.Conn.SetInterrupt).
type interrupter struct {
	state atomic.Int32
	// ctx is the context of the call in progress when the driver is used
	// directly; read and written only by the goroutine using the
	// connection, which is also the one SQLite calls back on.
	ctx context.Context
}

var _ context.Context = (*interrupter)(nil)

func (i *interrupter) Deadline() (time.Time, bool) { return time.Time{}, false }
func (i *interrupter) Done() <-chan struct{}       { return nil }
func (i *interrupter) Value(any) any               { return nil }

// Err returns errInterrupted once the connection is interrupted, which a
// call's context ending also does, and nil while a commit runs.
func (i *interrupter) Err() error {
	for {
		switch s := i.state.Load(); {
		case s == interrupted:
			return errInterrupted
		case s == committing || i.ctx == nil || i.ctx.Err() == nil:
			return nil
		case i.state.CompareAndSwap(running, interrupted):
			return errInterrupted
		}
	}
}

// interrupt moves a running connection to interrupted.
func (i *interrupter) interrupt() { i.state.CompareAndSwap(running, interrupted) }

// commit is the commit hook: it lets a commit start unless the connection
// is interrupted, and then keeps interrupts out until the next statement.
func (i *interrupter) commit() bool {
	for {
		switch i.state.Load() {
		case committing:
			return true
		case interrupted:
			return false
		}
		if i.ctx != nil && i.ctx.Err() != nil {
			i.interrupt()
			continue
		}
		if i.state.CompareAndSwap(running, committing) {
			return true
		}
	}
}

// start begins a statement under ctx (nil for none): the state of the
// previous one is forgotten. The returned function ends it.
func (i *interrupter) start(ctx context.Context) (end func()) {
	i.state.Store(running)
	old := i.ctx
	i.ctx = ctx
	return func() { i.ctx = old }
}

// Interrupt stops the statement running on the connection, or its wait
// for a lock, with SQLITE_INTERRUPT; see the comment at the top of this
// file.
func (c *conn) Interrupt() { c.intr.interrupt() }

// InTransaction reports whether sqlite3_get_autocommit is 0.
func (c *conn) InTransaction() bool {
	return c.usable() && !c.raw.GetAutocommit()
}

// interruptOn makes ctx, and Interrupt, interrupt whatever the connection
// runs until the returned function is called.
func (c *conn) interruptOn(ctx context.Context) (restore func()) {
	if ctx != nil && ctx.Done() == nil {
		ctx = nil
	}
	return c.intr.start(ctx)
}

// install makes the interrupter the connection's interrupt context and
// commit hook.
func (c *conn) install() {
	c.raw.SetInterrupt(&c.intr)
	c.raw.CommitHook(c.intr.commit)
}

// interruption turns the error of a commit that the commit hook refused
// because the connection was interrupted into SQLITE_INTERRUPT.
func (c *conn) interruption(err error) error {
	if err != nil && errors.Is(err, sqlite3.CONSTRAINT_COMMITHOOK) && c.intr.state.Load() == interrupted {
		return sqlite3.ExtendedErrorCode(sqlite3.INTERRUPT)
	}
	return err
}
