// Package modernc registers modernc.org/sqlite (SQLite translated from C to
// pure Go, no cgo) with the adapter under the name "modernc".
//
// Import it for its side effect, or import
// github.com/anysqlite/anysqlite/drivers/all to link every driver:
//
//	import _ "github.com/anysqlite/anysqlite/drivers/modernc"
//
// What the package adds to modernc's driver to meet the adapter's contract:
//
//   - Rows return values by storage class: modernc turns TEXT values of
//     columns declared DATE, DATETIME or TIMESTAMP into time.Time, whatever
//     the DSN says; the package switches that off per result set (see
//     internals.go). An empty BLOB, which modernc returns as a nil []byte,
//     comes back as []byte{}.
//   - A cancelled context also interrupts a statement between rows: modernc
//     watches the context only while Query runs the first step and, in
//     later steps, only while waiting for a lock.
//   - Prepare rejects text with no statement or with more than one (modernc
//     would run it as a script), and NumInput reports the real parameter
//     count instead of -1.
//   - sqlite3_db_config options are set on the connection's handle through
//     modernc.org/sqlite/lib, the same transpiled SQLite.
package modernc
