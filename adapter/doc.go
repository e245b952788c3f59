// Package adapter is one API over three SQLite drivers for Go:
// github.com/mattn/go-sqlite3 (C SQLite through cgo), modernc.org/sqlite
// (SQLite transpiled to Go) and github.com/ncruces/go-sqlite3 (SQLite
// compiled to Wasm, translated to Go). An application picks the driver with
// [Options.Driver] or $ANYSQLITE_DRIVER and changes nothing else.
//
// Import the drivers to link, usually all of them:
//
//	import _ "github.com/anysqlite/anysqlite/drivers/all"
//
//	db, err := adapter.Open(ctx, "app.db", nil)
//	...
//	err = db.Get(ctx, &user, "SELECT id, name FROM users WHERE id = ?", id)
//
// # Same behaviour on every driver
//
// The drivers differ in their defaults and conversions; the adapter makes
// them agree:
//
//   - Settings: the defaults listed at [Options] are set with PRAGMA
//     statements on every connection of the pool when it opens, not through
//     three DSN dialects, so none of them is lost on the second connection.
//     [DB.Pragma] changes a per-connection setting on every connection.
//   - Values read are int64, float64, string, []byte or nil by storage
//     class; a declared type (DATETIME, BOOLEAN) never changes what a [Row]
//     or an any holds, while scanning into *time.Time or *bool converts.
//     An empty BLOB is []byte{}, distinct from NULL.
//   - Values bound are stored the same way: []byte(nil) as NULL, []byte{}
//     as an empty BLOB, bool as 0/1, time.Time as TEXT in [TimeFormat];
//     uint64 above math.MaxInt64 and NaN are errors, not silent changes.
//   - Statements: Prepare, Run, Get and All take exactly one statement;
//     Exec takes a script. BEGIN, COMMIT and the like are refused: use
//     [DB.Transaction], which rolls back on error, panic and cancelled
//     contexts, and nests as savepoints.
//   - Errors from SQLite are [*Error] values with the same codes on every
//     driver (errors.Is(err, adapter.ErrBusy)); an operation ended by its
//     context also satisfies errors.Is(err, ctx.Err()), including while it
//     waits for a lock.
//   - Secure defaults: trusted_schema=OFF, defensive mode, and
//     double-quoted string literals refused, wherever the driver allows
//     setting them ([DriverInfo.Features] tells).
//
// # One file, one SQLite copy per process
//
// The three drivers are three copies of SQLite. Two copies in one process
// must not open the same file: POSIX locks belong to the process, and a
// copy closing its descriptor releases the other copy's locks
// (https://sqlite.org/howtocorrupt.html#_multiple_copies_of_sqlite_linked_into_the_same_application).
// [Open] therefore refuses, with [ErrDriverConflict], a file this process
// already has open through another driver. Separate processes may use
// different drivers on one file.
package adapter
