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
//   - Rows return values by storage class: mattn turns values of columns
//     declared DATE, DATETIME or TIMESTAMP into time.Time and BOOLEAN
//     integers into bool; the package switches that off per result set
//     (see internals.go).
//   - A cancelled context ends a wait for a lock under busy_timeout: each
//     connection opens through its own copy of the default VFS whose xSleep
//     returns early once the connection is interrupted (see busy.go).
//   - sqlite3_db_config options, sqlite3_serialize and a resizable
//     sqlite3_deserialize are called through cgo on the connection's handle,
//     using the SQLite that mattn links into the binary.
//   - Prepare rejects text with no statement or with more than one.
package mattn
