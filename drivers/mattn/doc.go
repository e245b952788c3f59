// Package mattn registers github.com/mattn/go-sqlite3 (SQLite compiled from
// C through cgo) with the adapter under the name "mattn".
//
// Import it for its side effect, or import
// github.com/anysqlite/anysqlite/drivers/all to link every driver:
//
//	import _ "github.com/anysqlite/anysqlite/drivers/mattn"
//
// The driver needs cgo. A binary built with CGO_ENABLED=0 still links this
// package, which then registers a driver whose Info reports it unavailable
// and whose OpenConn fails with an error wrapping
// [adapter.ErrDriverUnavailable]; mattn's own package is not linked at all.
//
// FTS5 is compiled into SQLite only with the build tag sqlite_fts5 (or
// fts5), and the math functions (sqrt, pow, ln, ...) only with the build
// tag sqlite_math_functions: go build -tags 'sqlite_fts5
// sqlite_math_functions'. Without them, Info reports the features
// unsupported and names the tag.
//
// What the package adds to mattn's driver to meet the adapter's contract:
//
//   - Statements are bound, stepped and read by the package's own cgo code
//     on mattn's sqlite3_stmt handle (see step.go), mattn compiling and
//     finalizing them: a query takes its first step before it reports its
//     columns, so a prepared statement run again after ALTER TABLE reports
//     the new ones (mattn reads them before SQLite re-prepares the
//     statement); rows return values by storage class (mattn turns values
//     of columns declared DATE, DATETIME or TIMESTAMP into time.Time and
//     BOOLEAN integers into bool); Exec runs a statement to its end; and
//     every execution ends with sqlite3_reset, releasing its locks. Errors
//     are mattn's sqlite3.Error values.
//   - A cancelled context ends a wait for a lock under busy_timeout: each
//     connection opens through its own copy of the default VFS whose xSleep
//     returns early once the connection is interrupted (see busy.go).
//   - sqlite3_db_config options, sqlite3_serialize, a resizable
//     sqlite3_deserialize and sqlite3_set_last_insert_rowid are called
//     through cgo on the connection's handle, using the SQLite that mattn
//     links into the binary.
//   - Prepare rejects text with no statement or with more than one.
package mattn
