// Package all links every local driver into the binary: import it for its
// side effect when the driver is chosen at run time (Options.Driver or
// $ANYSQLITE_DRIVER) rather than in code. The remote driver rqlite, which
// opens a cluster's node URLs rather than a file, is not among them:
// import github.com/anysqlite/anysqlite/drivers/rqlite to link it.
//
//	import _ "github.com/anysqlite/anysqlite/drivers/all"
//
// The three drivers live together in one binary: mattn (cgo), modernc and
// ncruces (pure Go). Built with CGO_ENABLED=0, mattn is linked only as a
// stand-in that reports itself unavailable. Build with -tags 'sqlite_fts5
// sqlite_math_functions' to have FTS5 and the math functions in mattn too.
// Do not open one database file through two drivers in the same process:
// each links its own copy of SQLite, and two copies drop each other's
// POSIX locks (the adapter refuses with ErrDriverConflict).
package all

import (
	_ "github.com/anysqlite/anysqlite/drivers/mattn"   // github.com/mattn/go-sqlite3
	_ "github.com/anysqlite/anysqlite/drivers/modernc" // modernc.org/sqlite
	_ "github.com/anysqlite/anysqlite/drivers/ncruces" // github.com/ncruces/go-sqlite3
)
