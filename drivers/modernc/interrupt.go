package modernc

import (
	"time"
	"unsafe"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// Interruption. The adapter runs every statement with a context that
// cannot end, so modernc's own cancellation (a progress handler, a watch
// goroutine per call, and a busy handler that gives up with the context)
// never runs: it reports the context's error for a statement that its
// context ended during the call even when SQLite completed it, and its
// progress handler can turn SQLITE_DONE into SQLITE_INTERRUPT after a
// commit. Instead the adapter calls Interrupt, which is sqlite3_interrupt;
// SQLite never checks that flag after a statement has finished.

var _ contract.Conn = (*conn)(nil)

// Interrupt stops the statement running on the connection, or its wait
// for a lock, with SQLITE_INTERRUPT (sqlite3_interrupt). It runs on its own
// libc.TLS, since the connection's may be in use by the running statement.
func (c *conn) Interrupt() {
	c.imu.Lock()
	defer c.imu.Unlock()
	if c.itls == nil {
		c.itls = libc.NewTLS()
	}
	sqlite3.Xsqlite3_interrupt(c.itls, c.db)
}

// InTransaction reports whether sqlite3_get_autocommit is 0.
func (c *conn) InTransaction() bool {
	return c.lib != nil && sqlite3.Xsqlite3_get_autocommit(c.lib.tls, c.db) == 0
}

// refuseInterrupted is the commit hook of every connection: a commit that
// starts while the connection is interrupted is turned into a rollback
// (https://sqlite.org/c3ref/commit_hook.html).
func refuseInterrupted(tls *libc.TLS, db uintptr) int32 {
	return sqlite3.Xsqlite3_is_interrupted(tls, db)
}

// gateCommits installs refuseInterrupted.
func (c *conn) gateCommits() {
	sqlite3.Xsqlite3_commit_hook(c.lib.tls, c.db, cFuncPointer(refuseInterrupted), c.db)
}

// The retry schedule of SQLite's own busy callback, sqliteDefaultBusyCallback:
// the delay before the n-th retry and the total time waited before it, in ms.
var (
	busyDelays = [...]int32{1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100}
	busyTotals = [...]int32{0, 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228}
)

// busySlice is the longest uninterrupted sleep of a wait for a lock: the
// delay between Interrupt and the end of the wait.
const busySlice = 2 * time.Millisecond

// busyHandler is sqliteDefaultBusyCallback, with one difference: it sleeps
// in slices of busySlice and gives up once the connection is interrupted,
// so Interrupt ends a wait for a lock at once instead of after
// busy_timeout.
func busyHandler(tls *libc.TLS, pArg uintptr, count int32) int32 {
	db := (*sqlite3.Tsqlite3)(unsafe.Add(nil, pArg))
	tmout := db.FbusyTimeout
	n := int32(len(busyDelays))
	var delay, prior int32
	if count < n {
		delay, prior = busyDelays[count], busyTotals[count]
	} else {
		delay = busyDelays[n-1]
		prior = busyTotals[n-1] + delay*(count-(n-1))
	}
	if prior+delay > tmout {
		if delay = tmout - prior; delay <= 0 {
			return 0
		}
	}
	end := time.Now().Add(time.Duration(delay) * time.Millisecond)
	for {
		if sqlite3.Xsqlite3_is_interrupted(tls, pArg) != 0 {
			return 0
		}
		left := time.Until(end)
		if left <= 0 {
			return 1
		}
		time.Sleep(min(left, busySlice))
	}
}

// ensureBusyHandler replaces SQLite's default busy callback, which PRAGMA
// busy_timeout installs again each time it runs, with busyHandler, keeping
// the timeout. It is checked before every statement: one comparison when
// nothing changed.
func (c *conn) ensureBusyHandler() {
	db := (*sqlite3.Tsqlite3)(unsafe.Add(nil, c.db))
	if h := db.FbusyHandler.FxBusyHandler; h == 0 || h == busyHandlerPtr || db.FbusyTimeout <= 0 {
		return
	}
	// sqlite3_busy_handler clears busyTimeout, which PRAGMA busy_timeout
	// reports and busyHandler reads; keep it.
	tmout := db.FbusyTimeout
	sqlite3.Xsqlite3_busy_handler(c.lib.tls, c.db, busyHandlerPtr, c.db)
	db.FbusyTimeout = tmout
}

var busyHandlerPtr = cFuncPointer(busyHandler)

// cFuncPointer returns the C function pointer the transpiled SQLite calls
// for f, as modernc.org/sqlite does for its own callbacks: the address of
// Go's function value (https://golang.org/s/go11func).
func cFuncPointer[T any](f T) uintptr {
	return *(*uintptr)(unsafe.Pointer(&struct{ f T }{f}))
}
