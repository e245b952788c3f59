//go:build cgo

package mattn

import (
	"net/url"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// dsn returns the URI filename that opens exactly cfg.Path, in cfg's mode,
// through the VFS named vfs (see [contract.ConnConfig.URI]). mattn passes a
// DSN starting with "file:" to sqlite3_open_v2 unchanged, with
// SQLITE_OPEN_URI, and takes the vfs and _mutex parameters from it for
// itself (SQLite ignores _mutex).
//
// _mutex=no opens the connection with SQLITE_OPEN_NOMUTEX, SQLite's
// multi-thread mode (https://sqlite.org/threadsafe.html), instead of
// mattn's default, serialized: then no SQLite call takes the connection's
// mutex, about a tenth of the instructions of a point read. That is safe
// because a connection is used by one goroutine at a time (database/sql
// hands a connection to one caller at a time, and this package's
// statements and rows run on the connection's goroutine of the moment);
// the calls made from other goroutines are sqlite3_interrupt and
// sqlite3_is_interrupted, which SQLite allows from any thread in every
// mode, without the mutex.
func dsn(cfg contract.ConnConfig, vfs string) string {
	s := cfg.URI() + "&_mutex=no"
	if vfs != "" {
		s += "&vfs=" + url.QueryEscape(vfs)
	}
	return s
}
