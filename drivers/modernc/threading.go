package modernc

import (
	"unsafe"

	sqlite3 "modernc.org/sqlite/lib"
)

// multiThread puts the connection in SQLite's multi-thread mode
// (https://sqlite.org/threadsafe.html), as SQLITE_OPEN_NOMUTEX would have
// opened it: modernc opens every connection with SQLITE_OPEN_FULLMUTEX and
// offers no way to ask otherwise. The connection's mutex (sqlite3.mutex,
// which sqlite3_open_v2 allocates only in the serialized mode, and which
// every API call enters and leaves) is freed and set to NULL, which SQLite
// treats as no mutex, as in a connection opened without one. Entering and
// leaving it cost about a tenth of the instructions of a point read.
//
// It is safe because a connection is used by one goroutine at a time
// (database/sql hands a connection to one caller at a time, and this
// package's statements and rows run on the connection's goroutine of the
// moment, on its own libc.TLS); the calls made from other goroutines are
// sqlite3_interrupt and sqlite3_is_interrupted, which SQLite allows from
// any thread in every mode, without the mutex. Call it right after the
// connection is opened, before any statement runs, while nothing holds
// the mutex.
func (c *conn) multiThread() {
	db := (*sqlite3.Tsqlite3)(unsafe.Add(nil, c.db))
	if m := db.Fmutex; m != 0 {
		db.Fmutex = 0
		sqlite3.Xsqlite3_mutex_free(c.lib.tls, m)
	}
}
