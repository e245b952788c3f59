package driver

import (
	"context"
	"database/sql/driver"

	"github.com/anysqlite/anysqlite/sqlite"
)

// Driver is one SQLite engine: a Go SQLite driver (mattn, modernc,
// ncruces) or anything else that runs SQLite's SQL. A driver package
// implements it and calls [Register] from its init function, so that
// applications can name it; [github.com/anysqlite/anysqlite/adapter.OpenDriver]
// also takes it as a value.
//
// The adapter does everything that can be done driver-independently itself
// (connection set-up, pragmas, statement cache, value conversion, statement
// splitting, transactions, error mapping), so a Driver only opens
// connections and decodes its own errors. A connection returned by
// OpenConn must follow these rules, which the conformance suite checks:
//
//   - It implements [driver.ConnPrepareContext], and its statements implement
//     [driver.StmtExecContext] and [driver.StmtQueryContext]. PrepareContext
//     compiles the first statement immediately (syntax errors surface there).
//     QueryContext takes the statement's first step: a statement without
//     result columns has run to its end when it returns, and its rows'
//     Next then returns io.EOF without running anything.
//   - Statements accept int64, float64, string, []byte and nil only (the
//     adapter converts everything else before binding); a non-nil empty
//     []byte binds an empty BLOB, a nil []byte never reaches the driver.
//     Arguments arrive by index (NamedValue.Ordinal), never by name: the
//     adapter binds names to indexes itself, the same for every driver.
//   - Rows return int64, float64, string, []byte or nil, decided by the
//     storage class of each value alone: never time.Time or bool because of a
//     declared column type, and an empty BLOB is a non-nil []byte{}.
//     Columns may return the same slice for every execution of a
//     statement: the adapter never changes it, and copies it for
//     database/sql.
//   - Interrupt ends the running statement, including while it waits for a
//     lock under busy_timeout, and never turns a completed statement or
//     commit into an error (see [Conn]).
//   - No pragma is set beyond what the driver needs to work; the adapter sets
//     busy_timeout, foreign_keys, journal_mode and the rest on every
//     connection itself.
type Driver interface {
	// Info describes the driver. The adapter completes it (SQLite version,
	// compile options, probed features) from a live connection.
	Info() Info

	// OpenConn opens a new connection as described by cfg. ctx bounds the
	// opening only: statements are interrupted with Conn.Interrupt.
	OpenConn(ctx context.Context, cfg ConnConfig) (Conn, error)

	// DecodeError reports the SQLite extended result code and the message
	// (sqlite3_errmsg, without decoration) carried by err, if err is an error
	// of this driver. ok is false for any other error.
	DecodeError(err error) (code sqlite.ExtendedCode, msg string, ok bool)
}

// Conn is what a connection returned by [Driver.OpenConn] must implement
// besides [driver.ConnPrepareContext]: the two things the adapter needs of
// SQLite that database/sql/driver has no names for. The adapter never
// passes a cancellable context to a connection's statements; it ends them
// itself with Interrupt when the caller's context ends, and so decides in
// one place, the same for every driver, what a call that was interrupted
// returns. The context a statement gets is never done, but it reports the
// caller's deadline, if there is one: a driver whose statements run on a
// server can have the server stop them then (rqlite's db_timeout), rather
// than run on after the caller has stopped waiting.
type Conn interface {
	driver.Conn
	driver.ConnPrepareContext

	// Interrupt makes the statement running on the connection, including
	// a wait for a lock under busy_timeout, stop as soon as it can with
	// SQLITE_INTERRUPT, as sqlite3_interrupt does
	// (https://sqlite.org/c3ref/interrupt.html). It is called from another
	// goroutine while a statement of the connection runs, never
	// concurrently with Close. Like sqlite3_interrupt it may be lost when it
	// arrives before the statement starts; the adapter repeats it until the
	// statement returns.
	//
	// An interrupt must never make a statement that completed report an
	// error: if SQLite finished the statement (or a COMMIT), the call
	// succeeds. A commit that starts while the connection is interrupted
	// must fail and roll back instead (a commit hook that refuses it), so
	// that an error from a call always means nothing was committed.
	Interrupt()

	// InTransaction reports whether the connection is inside a
	// transaction: sqlite3_get_autocommit returns 0
	// (https://sqlite.org/c3ref/get_autocommit.html).
	InTransaction() bool
}

// The optional interfaces of database/sql/driver the adapter uses when a
// connection implements them, as database/sql does:
//
//   - [driver.SessionResetter]: called before a pooled connection is
//     reused; an error wrapping driver.ErrBadConn discards it.
//   - [driver.Validator]: called when a connection goes back to the pool;
//     false discards it.
//   - [driver.Pinger]: DB.SQL().Ping.
//
// Result sets (the Rows of a statement's QueryContext) may implement
// [driver.RowsColumnTypeDatabaseTypeName], returning the declared type of a
// column in upper case ("" for an expression): database/sql users of
// DB.SQL then read columns declared DATE, DATETIME or TIMESTAMP as
// time.Time, as with the raw drivers.
//
// Result sets may also implement [ValueRows], reading a row's values typed
// instead of boxed: the adapter's own Get and All then read through it.
