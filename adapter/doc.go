// Package adapter is one API over three SQLite drivers for Go:
// github.com/mattn/go-sqlite3 (C SQLite through cgo), modernc.org/sqlite
// (SQLite transpiled to Go) and github.com/ncruces/go-sqlite3 (SQLite
// compiled to Wasm, translated to Go), with the same defaults, values,
// errors and transactions on each. The driver is an option; nothing else in
// the program changes with it.
//
// Link the drivers, open a database and query it:
//
//	import (
//	//		_ "github.com/anysqlite/anysqlite/drivers/all" // or drivers/mattn, drivers/modernc, drivers/ncruces
//	)
//
//	db, err := adapter.Open(ctx, "app.db", nil)
//	if err != nil {
//		return err
//	}
//	defer db.Close()
//	res, err := db.Run(ctx, "INSERT INTO users(name) VALUES (?)", "ann")
//	err = db.Get(ctx, &user, "SELECT id, name FROM users WHERE id = ?", res.LastInsertRowID)
//
// # Queries
//
//   - [DB.Run] runs one statement and reports its [Result] (rows changed,
//     rowid inserted).
//   - [DB.Get] reads one row into a struct (fields matched by `db` tags or
//     lower-cased names), a scalar or a [Row]; no row is [ErrNoRows]. [DB.All] reads
//     every row into a slice (empty, not an error, when there is none), and
//     [DB.Iterate] yields them one at a time.
//   - [DB.Exec] runs a script of several statements, stopping at the first
//     error; every other method takes exactly one statement.
//   - [DB.Prepare] compiles a statement once into a [Stmt]; the adapter
//     also caches prepared statements per connection on its own.
//   - [DB.Transaction] (and ImmediateTransaction, ExclusiveTransaction)
//     runs a function in a transaction that rolls back if the function
//     returns an error, panics or its context ends; [Tx.Transaction] nests
//     as a savepoint. [DB] and [Tx] share the methods of [Querier].
//   - [DB.Pragma] and [DB.PragmaValue] read and set pragmas; a
//     per-connection setting applies to every connection of the pool.
//   - [DB.Backup], [DB.Serialize], [Deserialize] and [DB.Checkpoint] copy
//     and maintain databases; [DB.SQL] and [DB.SQLX] hand the same pool to
//     code written for database/sql or sqlx.
//
// Parameters are ?, ?NNN, :name, @name and $name; named ones bind from
// sql.Named values or from one map[string]any. Errors from SQLite are
// [*Error] values with the same codes on every driver: test them with
// errors.Is(err, sqlite.CONSTRAINT_UNIQUE) or errors.Is(err,
// sqlite.BUSY), and read the codes and message with errors.As. An
// operation ended by its context also satisfies errors.Is(err, ctx.Err()).
//
// # Choosing a driver
//
// [Options.Driver] names the driver; empty means $ANYSQLITE_DRIVER, and
// then the first available driver in [Drivers] order that has FTS5 and the
// math functions. mattn needs cgo, and has FTS5 and the math functions only
// when built with -tags 'sqlite_fts5 sqlite_math_functions'; [DB.Driver]
// says which driver serves a database and what it supports. Which driver
// suits which program, and what changes when switching, is in the
// compatibility matrix:
// https://github.com/anysqlite/anysqlite/blob/main/docs/matrix.md
//
// # Same behaviour on every driver
//
// The drivers differ in their defaults and conversions; the adapter makes
// them agree:
//
//   - Settings: the defaults listed at [Options] are set with PRAGMA
//     statements on every connection of the pool when it opens, not through
//     three DSN dialects, so none of them is lost on the second connection.
//   - Values read are int64, float64, string, []byte or nil by storage
//     class; a declared type (DATETIME, BOOLEAN) never changes what a [Row]
//     or an any holds, while scanning into *time.Time or *bool converts.
//     An empty BLOB is []byte{}, distinct from NULL.
//   - Values bound are stored the same way: []byte(nil) as NULL, []byte{}
//     as an empty BLOB, bool as 0/1, time.Time as TEXT in [TimeFormat];
//     uint64 above math.MaxInt64 and NaN are errors, not silent changes.
//   - Statements: BEGIN, COMMIT and the like are refused ([ErrTxControl]):
//     transactions go through [DB.Transaction], which keeps the pool's
//     connections consistent.
//   - Errors from SQLite are [*Error] values with the same codes on every
//     driver (errors.Is(err, sqlite.BUSY)), through DB.SQL too.
//   - Secure defaults: trusted_schema=OFF, defensive mode, and
//     double-quoted string literals refused, wherever the driver allows
//     setting them ([DriverInfo.Features] tells).
//
// # Nil means committed, an error means nothing changed
//
// On every driver and every path (DB, Tx, Stmt, DB.SQL), a call that
// returns nil has done all its work, committed as far as the journal and
// synchronous settings promise; a call that returns an error has changed
// nothing. The adapter is in the same process as SQLite, so it knows:
//
//   - A context that ends while a call runs interrupts it
//     (sqlite3_interrupt); if SQLite had already finished the statement or
//     the COMMIT, the call succeeds. A commit never starts once the call
//     was interrupted. The error of a call its context ended is an [*Error]
//     with code [sqlite.INTERRUPT] that satisfies errors.Is(err, ctx.Err()), the
//     same on every driver and for every wait (a computation, a row, a
//     lock under busy_timeout), and never errors.Is(err, sqlite.BUSY). Through
//     DB.SQL, database/sql's own checks of the context may return
//     ctx.Err() alone; and database/sql closes a query's rows from its own
//     goroutine when the context ends and then reports the context's error,
//     or none, whatever the driver found: a write run as a query through
//     DB.SQL (QueryContext, QueryRowContext) as its context ends can report
//     an error although it was done, or nil although it was undone. Run
//     writes through DB.SQL with ExecContext, or use Run, Get, All,
//     Iterate and Exec, which report exactly.
//   - Inside a transaction, a statement its context interrupted rolls back
//     the transaction (or the innermost savepoint), and so do the errors
//     after which SQLite rolls back by itself: the [Tx] is dead, every
//     later call on it returns [ErrTxRolledBack], and no statement of it
//     ever runs in autocommit mode. See [DB.Transaction].
//   - No connection returns to the pool inside a transaction, or with a
//     statement or an interrupt pending.
//   - [DB.Close] interrupts the calls in flight (their errors satisfy
//     errors.Is(err, ErrClosed)) and keeps the file claimed until the last
//     connection has closed.
//
// The conformance suite's Adversity category checks this with a ledger of
// every call under randomised storms of cancellations, on every driver.
//
// # Storage safety
//
// [Open] looks at where the database lives and reports what it decided in
// [DB.Storage]: on a network file system the journal mode is DELETE, not
// WAL, and mmap is off. mmap is off by default everywhere, and the adapter
// only ever checkpoints PASSIVE on its own. [Options.CheckOnOpen] and
// [Options.OnCorrupt] check a database when it opens and move a corrupt
// one aside, never deleting anything. Two hazards remain the
// application's: with mattn and modernc, never open, copy or watch the
// database's files in the process that uses it (their POSIX locks belong
// to the process, and closing any descriptor of the files drops them: copy
// with [DB.Backup], or use ncruces), and never separate a database from its
// -wal file. The details are at [Storage]; what the multi-process and
// crash runs found, per driver, is in the compatibility matrix.
//
// # One file, one SQLite copy per process
//
// The three drivers are three copies of SQLite. Two copies in one process
// must not open the same file: a copy closing its descriptor releases the
// other copy's locks
// (https://sqlite.org/howtocorrupt.html#_multiple_copies_of_sqlite_linked_into_the_same_application).
// [Open] therefore refuses, with [ErrDriverConflict], a file this process
// already has open through another driver. Separate processes may use
// different drivers on one file.
package adapter
