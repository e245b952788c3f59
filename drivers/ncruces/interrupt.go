package ncruces

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	"github.com/ncruces/go-sqlite3"
)

// Interruption. ncruces cannot call sqlite3_interrupt from another
// goroutine (the Wasm module is not safe for concurrent use); it polls a
// context instead, from SQLite's progress handler (every 1000 virtual
// machine steps, and once more when a statement returns) and from its busy
// handler. Each connection installs one interrupter as that context, for
// its whole life: Interrupt sets its state, which any goroutine may do.
// The contexts passed to the driver's methods are not used (see
// contract.Conn): the adapter interrupts.
//
// Polling at the return of a statement means SQLite can report
// SQLITE_INTERRUPT for a statement it has finished, a commit included.
// The interrupter's commit hook closes that gap for commits: a commit
// either starts while the connection is not interrupted, and from then on
// the connection ignores interrupts until the next statement, or is
// refused and rolls back. What a finished statement inside a transaction
// reports is settled by the adapter (see adapter/txstate.go).

var _ contract.Conn = (*conn)(nil)

// The states of an interrupter.
const (
	running     int32 = iota // no interrupt yet
	interrupted              // Interrupt was called
	committing               // a commit has started: interrupts are ignored
)

// errInterrupted is what the interrupter's Err returns once interrupted.
var errInterrupted = errors.New("ncruces: interrupted")

// interrupter is a connection's interrupt context (sqlite3.Conn.SetInterrupt).
type interrupter struct{ state atomic.Int32 }

var _ context.Context = (*interrupter)(nil)

func (i *interrupter) Deadline() (time.Time, bool) { return time.Time{}, false }
func (i *interrupter) Done() <-chan struct{}       { return nil }
func (i *interrupter) Value(any) any               { return nil }

// Err returns errInterrupted once the connection is interrupted, and nil
// while a commit runs.
func (i *interrupter) Err() error {
	if i.state.Load() == interrupted {
		return errInterrupted
	}
	return nil
}

// interrupt moves a running connection to interrupted.
func (i *interrupter) interrupt() { i.state.CompareAndSwap(running, interrupted) }

// commit is the commit hook: it lets a commit start unless the connection
// is interrupted, and then keeps interrupts out until the next statement.
func (i *interrupter) commit() bool {
	return i.state.CompareAndSwap(running, committing) || i.state.Load() == committing
}

// start begins a statement: the state of the previous one is forgotten.
func (i *interrupter) start() { i.state.Store(running) }

// Interrupt stops the statement running on the connection, or its wait
// for a lock, with SQLITE_INTERRUPT; see the comment at the top of this
// file.
func (c *conn) Interrupt() { c.intr.interrupt() }

// InTransaction reports whether sqlite3_get_autocommit is 0.
func (c *conn) InTransaction() bool {
	return c.usable() && !c.raw.GetAutocommit()
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
