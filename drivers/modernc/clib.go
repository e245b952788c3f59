package modernc

// Calls into modernc.org/sqlite/lib, the transpiled SQLite that modernc's
// driver runs on, with the handles internals.go finds. Memory is read
// through libc.GoBytes rather than by converting uintptrs to pointers.

import (
	"encoding/binary"
	"fmt"
	"sync"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// clib calls SQLite on one connection's handle. Its TLS is its own, not
// modernc's (a libc.TLS is not safe for concurrent use), and is used only
// by the goroutine using the connection.
type clib struct {
	tls *libc.TLS
	db  uintptr // sqlite3*
	// args holds the TEXT and BLOB arguments of an execution (step.go).
	args arena
	// empty is one byte of C memory, the address an empty TEXT or BLOB
	// is bound at (a NULL pointer would bind NULL).
	empty uintptr
}

func newCLib(db uintptr) (*clib, error) {
	l := &clib{tls: libc.NewTLS(), db: db}
	if l.empty = libc.Xcalloc(l.tls, 1, 1); l.empty == 0 {
		l.close()
		return nil, errNoMem
	}
	return l, nil
}

// close releases the C memory and the TLS.
func (l *clib) close() {
	if l.tls != nil {
		l.args.free(l.tls)
		if l.empty != 0 {
			libc.Xfree(l.tls, l.empty)
			l.empty = 0
		}
		l.tls.Close()
		l.tls = nil
	}
}

// readWord reads a pointer-sized word of C memory.
func readWord(p uintptr) uintptr {
	b := libc.GoBytes(p, int(unsafe.Sizeof(p)))
	if len(b) == 8 {
		return uintptr(binary.NativeEndian.Uint64(b))
	}
	return uintptr(binary.NativeEndian.Uint32(b))
}

// readInt32 reads a C int.
func readInt32(p uintptr) int32 { return int32(binary.NativeEndian.Uint32(libc.GoBytes(p, 4))) }

// dbConfigBool calls sqlite3_db_config(db, op, on, &after) and returns
// SQLite's result code and the option's value afterwards.
func (l *clib) dbConfigBool(op int32, on bool) (rc, after int32, err error) {
	// The vararg list holds an int and an int*, 8 bytes each in libc's ABI,
	// followed by the int the pointer points to.
	p := libc.Xmalloc(l.tls, types.Size_t(24))
	if p == 0 {
		return 0, 0, fmt.Errorf("anysqlite/modernc: out of memory")
	}
	defer libc.Xfree(l.tls, p)
	pAfter := p + 16
	libc.VaList(pAfter, int32(-1)) // *pAfter = -1 (written as 8 bytes, little end first)
	v := int32(0)
	if on {
		v = 1
	}
	rc = sqlite3.Xsqlite3_db_config(l.tls, l.db, op, libc.VaList(p, v, pAfter))
	return rc, readInt32(pAfter), nil
}

// bindParameterCount returns sqlite3_bind_parameter_count(pstmt).
func (l *clib) bindParameterCount(pstmt uintptr) int {
	return int(sqlite3.Xsqlite3_bind_parameter_count(l.tls, pstmt))
}

// setLastInsertRowID calls sqlite3_set_last_insert_rowid(db, id).
func (l *clib) setLastInsertRowID(id int64) {
	sqlite3.Xsqlite3_set_last_insert_rowid(l.tls, l.db, id)
}

// statements compiles query statement by statement, as sqlite3_prepare_v2
// would, and reports how many statements it holds (counting stops at 2)
// and the byte range [start, end) of the first. A statement after the
// first that does not compile counts, with its error in err; a first
// statement that does not compile is only an error.
func (l *clib) statements(query string) (n, start, end int, err error) {
	zSQL, cerr := libc.CString(query)
	if cerr != nil {
		return 0, 0, 0, cerr
	}
	defer libc.Xfree(l.tls, zSQL)
	out := libc.Xmalloc(l.tls, types.Size_t(2*unsafe.Sizeof(uintptr(0)))) // sqlite3_stmt*, const char* tail
	if out == 0 {
		return 0, 0, 0, fmt.Errorf("anysqlite/modernc: out of memory")
	}
	defer libc.Xfree(l.tls, out)
	ppStmt, pzTail := out, out+unsafe.Sizeof(uintptr(0))

	for pos, stop := zSQL, zSQL+uintptr(len(query)); pos < stop && n < 2; {
		rc := sqlite3.Xsqlite3_prepare_v2(l.tls, l.db, pos, int32(stop-pos), ppStmt, pzTail)
		if rc != sqlite3.SQLITE_OK {
			return n + 1, start, end, fmt.Errorf("anysqlite/modernc: %s", libc.GoString(sqlite3.Xsqlite3_errmsg(l.tls, l.db)))
		}
		pstmt, tail := readWord(ppStmt), readWord(pzTail)
		if pstmt != 0 {
			sqlite3.Xsqlite3_finalize(l.tls, pstmt)
			if n == 0 {
				start, end = int(pos-zSQL), int(tail-zSQL)
			}
			n++
		}
		if tail <= pos {
			break
		}
		pos = tail
	}
	return n, start, end, nil
}

var errstrTLS struct {
	sync.Mutex
	tls *libc.TLS
}

// sqliteErrstr returns sqlite3_errstr(rc).
func sqliteErrstr(rc int32) string {
	errstrTLS.Lock()
	defer errstrTLS.Unlock()
	if errstrTLS.tls == nil {
		errstrTLS.tls = libc.NewTLS()
	}
	return libc.GoString(sqlite3.Xsqlite3_errstr(errstrTLS.tls, rc))
}
