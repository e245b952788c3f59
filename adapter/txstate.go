package adapter

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
)

// Transactions on a connection.
//
// The adapter runs the transaction control statements of [DB.Transaction],
// [Tx.Transaction] and database/sql's Begin itself, on its connection, and
// keeps track of what SQLite did with them, so that:
//
//   - nil from a call means its work is done, and from a commit that it is
//     committed; an error means nothing changed. A statement that an
//     interrupt stopped inside a transaction rolls back the level it ran in
//     (the transaction, or the innermost savepoint): SQLite may already
//     have finished it and reported the interrupt at the last moment, and
//     then only undoing the level keeps "an error means nothing changed".
//   - a transaction that SQLite rolled back on its own (after an interrupt,
//     SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, some SQLITE_BUSY:
//     https://sqlite.org/lang_transaction.html#response_to_errors_within_a_transaction)
//     is dead: every later statement on it fails with [ErrTxRolledBack] and
//     none runs in autocommit mode, which would commit it on its own;
//   - no connection goes back to the pool inside a transaction (IsValid
//     rolls back what is left open, or has the connection discarded).

// txState is what the adapter knows of the connection's transaction.
type txState struct {
	// depth is 0 outside a transaction the adapter began, 1 in one, and
	// n > 1 inside its savepoint anysqlite_sp<n-1>.
	depth int
	// dead is the lowest depth whose work was rolled back behind the
	// caller's back, 0 if none; why is the error that did it.
	dead int
	why  error
	// readOnly is set for a database/sql transaction begun read-only: the
	// connection runs with PRAGMA query_only until it ends.
	readOnly bool
}

// savepointName names the savepoint that depth d (> 1) runs in.
func savepointName(d int) string { return "anysqlite_sp" + strconv.Itoa(d-1) }

// refuse returns the error for a statement on a connection whose current
// level was rolled back, or nil.
func (t *txState) refuse() error {
	if t.dead == 0 || t.dead > t.depth {
		return nil
	}
	return rolledBack(t.dead, t.why)
}

// rolledBack is the error of a level rolled back by why.
func rolledBack(depth int, why error) error {
	if depth <= 1 {
		return fmt.Errorf("%w: %w", ErrTxRolledBack, why)
	}
	return fmt.Errorf("%w: savepoint %s was rolled back (the enclosing transaction goes on): %w",
		ErrTxRolledBack, savepointName(depth), why)
}

// kill records that level depth and those inside it were rolled back.
func (t *txState) kill(depth int, why error) {
	if t.dead == 0 || depth < t.dead {
		t.dead, t.why = depth, why
	}
}

// control runs a transaction control statement. With a nil ctx it runs
// without interruption: rollbacks, savepoint releases and the cleanup of
// a failed transaction always run to their end.
func (cn *conn) control(ctx context.Context, query string) error {
	s, err := cn.stmt(ctx, query)
	if err != nil {
		return err
	}
	defer s.Close()
	var c *call
	if ctx != nil {
		c = &cn.own
		cn.watch(c, ctx)
		defer cn.unwatch(c)
	}
	_, err, _ = s.execRaw(c, nil)
	return err
}

// begin starts a transaction with begin ("BEGIN IMMEDIATE", ...).
func (cn *conn) begin(ctx context.Context, begin string) error {
	if cn.tx.depth != 0 || cn.inner.InTransaction() {
		// The connection came back to the pool inside a transaction, which
		// IsValid prevents; never nest into it.
		return fmt.Errorf("%w: connection is already inside a transaction", driver.ErrBadConn)
	}
	if err := cn.control(ctx, begin); err != nil {
		// An interrupt can land after BEGIN took effect; undo it.
		cn.cleanUp()
		return err
	}
	cn.tx = txState{depth: 1}
	return nil
}

// savepoint opens the savepoint of the next level.
func (cn *conn) savepoint(ctx context.Context) error {
	if err := cn.tx.refuse(); err != nil {
		return err
	}
	name := savepointName(cn.tx.depth + 1)
	if err := cn.control(ctx, "SAVEPOINT "+name); err != nil {
		if !cn.inner.InTransaction() {
			cn.tx.kill(1, err)
		} else {
			// An interrupt can land after SAVEPOINT took effect; the
			// savepoint of this name, if any, holds no work yet.
			cn.control(nil, "RELEASE "+name)
		}
		return err
	}
	cn.tx.depth++
	return nil
}

// commit commits the transaction, or, at a savepoint level, releases it.
// A context that has ended, or a level rolled back, rolls back instead.
func (cn *conn) commit(ctx context.Context) error {
	if err := cn.tx.refuse(); err == nil && ctx.Err() != nil {
		cn.rollback()
		return interruptedError(cn.c.drv, ctx.Err(), nil)
	}
	if cn.tx.depth > 1 {
		return cn.release()
	}
	if err := cn.tx.refuse(); err != nil {
		cn.rollback()
		return err
	}
	err := cn.control(ctx, "COMMIT")
	if err != nil {
		// COMMIT either failed before it took effect (SQLITE_BUSY, an
		// interrupt: the transaction is still open) or rolled back.
		cn.rollback()
		return err
	}
	cn.endTx()
	return nil
}

// release releases the innermost savepoint, keeping its work in the
// enclosing level; if the level was rolled back it is rolled back to and
// released, and the error says so.
func (cn *conn) release() error {
	d := cn.tx.depth
	dead := cn.tx.refuse()
	if dead != nil && cn.tx.dead < d {
		// An enclosing level is gone too: only unwind the bookkeeping.
		cn.tx.depth--
		return dead
	}
	name := savepointName(d)
	if dead == nil {
		if err := cn.control(nil, "RELEASE "+name); err == nil {
			cn.tx.depth--
			return nil
		} else if !cn.inner.InTransaction() {
			cn.tx.kill(1, err)
			cn.tx.depth--
			return rolledBack(1, err)
		} else {
			dead = err
		}
	}
	cn.rollbackTo(d)
	return dead
}

// rollbackTo rolls back and releases the savepoint of level d (> 1),
// leaving the enclosing level open; if that fails the whole transaction
// is rolled back and marked dead.
func (cn *conn) rollbackTo(d int) {
	name := savepointName(d)
	if cn.tx.dead == 0 || cn.tx.dead >= d {
		err := cn.control(nil, "ROLLBACK TO "+name)
		if err == nil {
			err = cn.control(nil, "RELEASE "+name)
		}
		if err != nil {
			cn.rollbackAll(err)
		}
	}
	if cn.tx.dead >= d {
		cn.tx.dead, cn.tx.why = 0, nil // the level is gone
	}
	cn.tx.depth = d - 1
}

// rollbackAll rolls the whole transaction back because of why, keeping
// the bookkeeping of the levels, which are all dead now.
func (cn *conn) rollbackAll(why error) {
	if cn.inner.InTransaction() {
		cn.control(nil, "ROLLBACK")
	}
	cn.tx.kill(1, why)
}

// rollback ends the transaction with a rollback, at the top level, or
// rolls back to and releases the innermost savepoint. It reports an error
// only if the connection is left inside a transaction.
func (cn *conn) rollback() error {
	if cn.tx.depth > 1 {
		cn.rollbackTo(cn.tx.depth)
		return nil
	}
	return cn.cleanUp()
}

// cleanUp rolls back whatever transaction the connection is in and forgets
// the adapter's own. It fails only if the connection stays inside a
// transaction, which must then be discarded.
func (cn *conn) cleanUp() error {
	var err error
	if cn.inner.InTransaction() {
		err = cn.control(nil, "ROLLBACK")
		if err == nil && cn.inner.InTransaction() {
			err = errors.New("adapter: ROLLBACK left the connection inside a transaction")
		}
	}
	cn.endTx()
	if err != nil {
		cn.broken = true
		return fmt.Errorf("%w: rollback failed: %w", driver.ErrBadConn, err)
	}
	return nil
}

// endTx forgets the transaction, restoring query_only after a read-only one.
func (cn *conn) endTx() {
	readOnly := cn.tx.readOnly
	cn.tx = txState{}
	if readOnly {
		if err := cn.control(nil, "PRAGMA query_only = OFF"); err != nil {
			cn.broken = true
		}
	}
}

// afterError applies the rules above to the error of a statement that ran
// on the connection; interrupted says whether an interrupt ended it.
func (cn *conn) afterError(err error, interrupted bool) {
	cn.maybeInTx = true
	if cn.tx.depth == 0 {
		return
	}
	if !cn.inner.InTransaction() {
		cn.tx.kill(1, err) // SQLite rolled the transaction back
		return
	}
	if !interrupted {
		return // SQLite undid the statement alone
	}
	if d := cn.tx.depth; d > 1 && cn.control(nil, "ROLLBACK TO "+savepointName(d)) == nil {
		cn.tx.kill(d, err)
		return
	}
	cn.rollbackAll(err)
}
