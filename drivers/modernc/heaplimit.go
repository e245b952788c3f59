package modernc

import (
	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

var _ contract.HeapLimiter = Driver{}

// SetHardHeapLimit calls sqlite3_hard_heap_limit64(n) of modernc's
// SQLite, whose limit holds for every connection of the process
// (https://sqlite.org/c3ref/hard_heap_limit64.html), and returns the limit
// before the call. modernc's SQLite records the limit but, built with
// SQLITE_DEFAULT_MEMSTATUS=0, does not enforce it.
func (Driver) SetHardHeapLimit(n int64) int64 {
	tls := libc.NewTLS()
	defer tls.Close()
	return sqlite3.Xsqlite3_hard_heap_limit64(tls, n)
}
