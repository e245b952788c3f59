package ncruces

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/ncruces/go-sqlite3"
)

// ncruces panics, instead of returning an error, in two situations the
// other drivers report as SQLite errors:
//
//   - Out of memory. Its Conn.error panics with "sqlite3: out of memory"
//     whenever SQLite returns SQLITE_NOMEM or SQLITE_IOERR_NOMEM, and its
//     allocator panics the same way when sqlite3_malloc fails (binding a
//     value, passing SQL text) or sqlite3_column_name returns NULL.
//     PRAGMA hard_heap_limit, or the 256 MiB its wasm memory may grow to,
//     get there.
//   - A file name longer than its VFS's mxPathname (1024 bytes): the VFS
//     reads names with a 1024-byte bound and panics with "sqlite3:
//     missing NUL terminator".
//
// The texts are those of internal/errutil (OOMErr and NoNulErr), which
// cannot be imported; the driver matches them.
const (
	oomPanic   = "sqlite3: out of memory"
	noNulPanic = "sqlite3: missing NUL terminator"
)

// wasmPackage starts the names of the functions of SQLite compiled to
// Go (github.com/ncruces/go-sqlite3-wasm/v6).
const wasmPackage = "github.com/ncruces/go-sqlite3-wasm/"

// ownPackage starts the names of this package's functions.
const ownPackage = "github.com/anysqlite/anysqlite/drivers/ncruces."

// recovered turns the value of a recovered panic into the error the other
// drivers return: SQLITE_NOMEM for running out of memory, and
// SQLITE_CANTOPEN for a file name the VFS cannot hold (SQLite's unix VFS
// fails such names with SQLITE_CANTOPEN too). midSQLite reports whether
// the panic unwound through SQLite's own code, which it abandoned in the
// middle of a function: the connection's state is then unknown. Any other
// panic is a bug, not a condition SQLite reports, and goes on.
//
// It must be called from a deferred function, which recover()ed r, before
// that function returns: it reads the panicking goroutine's stack.
func recovered(r any) (err error, midSQLite bool) {
	e, ok := r.(error)
	if !ok {
		panic(r)
	}
	if _, ok := r.(runtime.Error); ok {
		panic(r)
	}
	midSQLite = unwoundThroughSQLite()
	switch e.Error() {
	case oomPanic:
		return fmt.Errorf("ncruces: %w", sqlite3.NOMEM), midSQLite
	case noNulPanic:
		if midSQLite { // the VFS read a file name
			return fmt.Errorf("ncruces: a file name longer than the VFS's %d bytes: %w", maxPathname, sqlite3.CANTOPEN), true
		}
	}
	panic(r)
}

// unwoundThroughSQLite reports whether the panic being recovered passed
// through SQLite's code (a Go callback of SQLite, such as a VFS method,
// panicked), rather than starting in ncruces' Go code before or after a
// call into SQLite (where its Conn.error checks the result code). Called
// from the deferred function, the stack still holds the panicking frames:
// those between runtime.gopanic and the function of this package that
// deferred the recovery. Nothing calls this package from inside SQLite, so
// should runtime.gopanic not be found, any SQLite frame on the stack is
// the panic's; and a stack too deep to read whole counts as one.
func unwoundThroughSQLite() bool {
	pcs := make([]uintptr, 1024)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	panicking := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			panicking = true
		case strings.HasPrefix(f.Function, wasmPackage):
			return true
		case panicking && strings.HasPrefix(f.Function, ownPackage):
			return false // back in the driver, which recovers
		}
		if !more {
			return n == len(pcs)
		}
	}
}
