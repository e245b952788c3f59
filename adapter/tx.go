package adapter

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"sync/atomic"
)

// Tx is a transaction (or, when started with Tx.Transaction, a savepoint
// inside one). It has the query methods of [DB] and runs them on the
// transaction's connection. A Tx is valid only inside the function passed
// to Transaction; afterwards its methods return [ErrTxDone].
type Tx struct {
	queries
	conn   *sql.Conn
	parent *Tx
	depth  int
	done   atomic.Bool
}

// check reports ErrTxDone once this transaction or an enclosing one ended.
func (tx *Tx) check() error {
	for t := tx; t != nil; t = t.parent {
		if t.done.Load() {
			return ErrTxDone
		}
	}
	return nil
}

// Transaction runs fn in a deferred transaction (BEGIN DEFERRED: locks are
// taken when first needed): if fn returns nil it commits; if fn returns an
// error or panics it rolls back and returns the error or re-panics. The
// rollback runs even if ctx is already cancelled. If the commit fails, the
// transaction is rolled back and the commit error returned.
//
// Transaction returns nil only if the transaction committed, and an error
// only if none of it was committed. If ctx ends before the commit starts,
// the transaction rolls back and the error satisfies errors.Is(err,
// ctx.Err()); once the COMMIT has started it runs to its end and its
// outcome is reported. A statement inside fn that fails because its
// context ended rolls the transaction back (SQLite may have finished the
// statement a moment before the interrupt, and only undoing it keeps "an
// error means nothing changed"), and so does SQLite itself after some
// errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, some SQLITE_BUSY,
// https://sqlite.org/lang_transaction.html#response_to_errors_within_a_transaction).
// Either way every later call on tx returns [ErrTxRolledBack]: no
// statement of fn ever runs outside the transaction.
//
// A deferred transaction that reads first and then writes can fail with
// sqlite.BUSY at the write if another connection wrote in between, without
// waiting for busy_timeout (SQLite cannot upgrade a stale read). Use
// [DB.ImmediateTransaction] for transactions that will write.
//
// fn must do its work through tx, not db: with a connection limit the pool
// may have no other connection to give. Statements BEGIN, COMMIT,
// ROLLBACK, SAVEPOINT and RELEASE are refused inside fn (ErrTxControl); use
// tx.Transaction for a nested savepoint.
// See https://sqlite.org/lang_transaction.html.
func (db *DB) Transaction(ctx context.Context, fn func(*Tx) error) error {
	return db.transaction(ctx, "BEGIN DEFERRED", fn)
}

// ImmediateTransaction is Transaction with BEGIN IMMEDIATE: it takes the
// write lock at the start, waiting up to busy_timeout for it, so its writes
// cannot fail with sqlite.BUSY later.
func (db *DB) ImmediateTransaction(ctx context.Context, fn func(*Tx) error) error {
	return db.transaction(ctx, "BEGIN IMMEDIATE", fn)
}

// ExclusiveTransaction is Transaction with BEGIN EXCLUSIVE: in rollback
// journal modes it also keeps readers out; in WAL mode it is the same as
// ImmediateTransaction.
func (db *DB) ExclusiveTransaction(ctx context.Context, fn func(*Tx) error) error {
	return db.transaction(ctx, "BEGIN EXCLUSIVE", fn)
}

func (db *DB) transaction(ctx context.Context, begin string, fn func(*Tx) error) error {
	if db.closed.Load() {
		return ErrClosed
	}
	if err := db.info.Supports(FeatureTransactions); err != nil {
		return fmt.Errorf("%w (DB.Batch runs statements atomically on every driver)", err)
	}
	c, err := db.sqldb.Conn(ctx)
	if err != nil {
		return db.wrapErr(ctx, err, begin)
	}
	tx := &Tx{conn: c}
	tx.queries = queries{db: db, ex: c, tx: tx}
	if err := tx.onRaw(func(cn *conn) error { return cn.begin(ctx, begin) }); err != nil {
		c.Close()
		return db.wrapErr(ctx, err, begin)
	}
	defer c.Close() // back to the pool, or discarded if a rollback failed
	return tx.complete(ctx, fn)
}

// Transaction runs fn inside a savepoint of tx: if fn fails or panics, only
// the savepoint's changes are rolled back, and tx goes on. If a statement
// inside fn is interrupted (its context ended), the savepoint is rolled
// back even if fn then returns nil, and Transaction returns
// [ErrTxRolledBack]; if SQLite rolled back the whole transaction (see
// [DB.Transaction]), tx is dead too.
// See https://sqlite.org/lang_savepoint.html.
func (tx *Tx) Transaction(ctx context.Context, fn func(*Tx) error) error {
	if err := tx.queries.check(); err != nil {
		return err
	}
	if err := tx.onRaw(func(cn *conn) error { return cn.savepoint(ctx) }); err != nil {
		return tx.db.wrapErr(ctx, err, "SAVEPOINT")
	}
	child := &Tx{conn: tx.conn, parent: tx, depth: tx.depth + 1}
	child.queries = queries{db: tx.db, ex: tx.conn, tx: child}
	return child.complete(ctx, fn)
}

// onRaw runs fn on the transaction's connection.
func (tx *Tx) onRaw(fn func(*conn) error) error {
	return tx.conn.Raw(func(dc any) error { return fn(dc.(*conn)) })
}

// complete calls fn, then commits (or releases the savepoint), or rolls
// back on error, panic or runtime.Goexit.
func (tx *Tx) complete(ctx context.Context, fn func(*Tx) error) (err error) {
	finished := false
	defer func() {
		if !finished { // fn panicked or called runtime.Goexit
			tx.done.Store(true)
			tx.onRaw(func(cn *conn) error { return cn.rollback() })
		}
	}()
	err = fn(tx)
	finished = true
	tx.done.Store(true)
	if err != nil {
		tx.onRaw(func(cn *conn) error { return cn.rollback() })
		return err
	}
	if err := tx.onRaw(func(cn *conn) error { return cn.commit(ctx) }); err != nil {
		return tx.db.wrapErr(ctx, err, "COMMIT")
	}
	return nil
}

// Run runs one statement in the transaction; see [DB.Run].
func (tx *Tx) Run(ctx context.Context, query string, args ...any) (Result, error) {
	return tx.run(ctx, query, args)
}

// Get reads the first row into dest; see [DB.Get].
func (tx *Tx) Get(ctx context.Context, dest any, query string, args ...any) error {
	return tx.get(ctx, dest, query, args)
}

// All reads every row into dest; see [DB.All].
func (tx *Tx) All(ctx context.Context, dest any, query string, args ...any) error {
	return tx.all(ctx, dest, query, args)
}

// Iterate yields the rows one at a time; see [DB.Iterate].
func (tx *Tx) Iterate(ctx context.Context, query string, args ...any) iter.Seq2[Row, error] {
	return tx.iterate(ctx, query, args)
}

// Exec runs a script in the transaction; see [DB.Exec].
func (tx *Tx) Exec(ctx context.Context, script string) error { return tx.exec(ctx, script) }

// Prepare prepares a statement valid until the transaction ends; see
// [DB.Prepare].
func (tx *Tx) Prepare(ctx context.Context, query string) (*Stmt, error) {
	return tx.prepare(ctx, query)
}

// Pragma runs a pragma in the transaction; see [DB.Pragma]. Changing a
// per-connection setting here is refused with ErrPerConnection.
func (tx *Tx) Pragma(ctx context.Context, pragma string) ([]Row, error) {
	return tx.pragma(ctx, pragma)
}

// PragmaValue returns the first column of the pragma's first row; see
// [DB.PragmaValue].
func (tx *Tx) PragmaValue(ctx context.Context, pragma string) (any, error) {
	return tx.pragmaValue(ctx, pragma)
}
