package adapter

import (
	"context"
	"iter"
)

// Run runs one statement and reports what it changed. args bind to the
// statement's parameters by position (an argument without a name binds
// the parameter whose index is its position: ?, ?NNN, or a named one) or
// by name (sql.Named, or a single map[string]any: the name a binds :a, @a
// and $a). Every parameter must get exactly one value and every argument
// must bind one: otherwise the error wraps [ErrArgument] and names the
// parameter or argument. Run refuses SQL text with
// no statement or several (use Exec for scripts), and transaction control
// statements (use Transaction).
func (db *DB) Run(ctx context.Context, query string, args ...any) (Result, error) {
	return db.run(ctx, query, args)
}

// Get runs a query and reads its first row into dest, which may point to:
//
//   - a struct: each column goes to the field tagged `db:"column"` (or
//     named like it, ignoring case); a column without a field is an error;
//   - a scalar (int, string, []byte, bool, float64, time.Time, any, a
//     pointer to one, sql.Null[T], an sql.Scanner): the query must return
//     one column;
//   - a [Row].
//
// With no row Get returns [ErrNoRows]. NULL into a non-pointer scalar is an
// error, except into []byte, which gets nil as with database/sql; time.Time is parsed from TEXT in any SQLite date format, from
// INTEGER Unix seconds or from a REAL Julian day.
func (db *DB) Get(ctx context.Context, dest any, query string, args ...any) error {
	return db.get(ctx, dest, query, args)
}

// All runs a query and reads every row into dest, a pointer to a slice of
// the types Get accepts (or of pointers to structs). With no rows the
// slice is empty and the error nil.
func (db *DB) All(ctx context.Context, dest any, query string, args ...any) error {
	return db.all(ctx, dest, query, args)
}

// Iterate runs a query and yields its rows one at a time, for results too
// large to hold. Breaking out of the loop closes the query. An error ends
// the sequence with (nil, err). The RETURNING rows of a write (INSERT,
// UPDATE, DELETE) are read to the end before the first is yielded, as All
// reads them, so that the write's outcome is known before the loop can
// stop: an error means nothing changed, and breaking out early leaves the
// write done. The loop holds a connection until it ends: on a pool of
// one (":memory:", MaxOpenConns 1), a call on db inside the loop waits
// for it until its context ends; read with All first, or use a Tx.
func (db *DB) Iterate(ctx context.Context, query string, args ...any) iter.Seq2[Row, error] {
	return db.iterate(ctx, query, args)
}

// Exec runs a script of zero or more statements separated by semicolons,
// without arguments, on one connection, and stops at the first error.
// Statements that already ran stay done: wrap the script in Transaction
// (through tx.Exec) to make it atomic. Transaction control statements, and
// statements with parameters (ErrArgument), are refused before anything
// runs. A per-connection PRAGMA setting in the
// script applies to the whole pool, as with Pragma.
func (db *DB) Exec(ctx context.Context, script string) error { return db.exec(ctx, script) }

// Prepare compiles one statement for repeated use. SQL text with no
// statement or several is an error on every driver.
func (db *DB) Prepare(ctx context.Context, query string) (*Stmt, error) {
	return db.prepare(ctx, query)
}

// Pragma runs a pragma and returns its rows. pragma is written as in SQL
// without the PRAGMA keyword: "table_info(t)", "main.user_version",
// "journal_mode = WAL". The name must be a documented pragma
// (https://sqlite.org/pragma.html) and the value a single literal, so no
// SQL can be injected through either.
//
// Setting a per-connection pragma (foreign_keys, busy_timeout,
// synchronous, cache_size, ...) applies it to every connection of the
// pool, current and future, not to whichever connection runs it.
//
// integrity_check and quick_check (here, and on every other path) first
// bring the connection's cached view of each FTS5 table up to date: SQLite
// would otherwise report "fts5: checksum mismatch" for an intact table
// that another connection wrote since this one last read it.
func (db *DB) Pragma(ctx context.Context, pragma string) ([]Row, error) {
	return db.pragma(ctx, pragma)
}

// PragmaValue runs a pragma and returns the first column of its first row,
// or nil if it returns no row.
func (db *DB) PragmaValue(ctx context.Context, pragma string) (any, error) {
	return db.pragmaValue(ctx, pragma)
}
