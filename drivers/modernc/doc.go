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
//   - Statements are bound, stepped and read through
//     modernc.org/sqlite/lib on their sqlite3_stmt handle (see step.go):
//     values come by storage class (modernc turns TEXT values of columns
//     declared DATE, DATETIME or TIMESTAMP into time.Time, whatever the
//     DSN says), an empty BLOB as []byte{} (modernc returns nil), and
//     arguments bind by index, as the adapter passes them.
//   - Interrupt ends a statement, between rows too, and a wait for a lock
//     (see interrupt.go); a commit that starts while the connection is
//     interrupted rolls back.
//   - Prepare rejects text with no statement or with more than one (modernc
//     would run it as a script), and NumInput reports the real parameter
//     count instead of -1.
//   - sqlite3_db_config options are set on the connection's handle through
//     modernc.org/sqlite/lib, the same transpiled SQLite.
package modernc
