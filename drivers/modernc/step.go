package modernc

// The statements of this package run on their sqlite3_stmt handle through
// modernc.org/sqlite/lib, the transpiled SQLite, on the connection's own
// libc.TLS (clib.go), not through modernc's Stmt.Exec and Query. modernc's
// own path costs about twice what SQLite does for a point read: it reads
// every column's name and declared type again on every query (and upper-
// cases the type, to convert TEXT of DATE, DATETIME and TIMESTAMP columns
// to time.Time, which untyping the columns through an unexported field then
// had to undo), looks up every parameter's name on every execution, and
// allocates C memory for each TEXT or BLOB argument. Here an execution
// binds from one arena of C memory per connection, values are read by
// storage class alone, and the column names are read again only after
// SQLite re-prepared the statement. Errors are modernc's *sqlite.Error,
// with the message modernc builds. modernc still opens and closes
// connections and compiles and finalizes statements.

import (
	"database/sql/driver"
	"fmt"
	"time"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// sqliteTransient is SQLITE_TRANSIENT, the destructor that makes SQLite
// copy a bound value; 0 is SQLITE_STATIC.
const sqliteTransient = ^uintptr(0)

// maxArena is the largest arena a connection keeps between executions.
const maxArena = 1 << 20

// mem returns n bytes of C memory at p, without a copy.
func mem(p uintptr, n int) []byte {
	return unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(nil), p)), n)
}

// arena is C memory for the TEXT and BLOB arguments of one execution.
type arena struct {
	p    uintptr
	size int
	used int
}

// reset empties the arena, and gives back one that grew beyond maxArena.
func (a *arena) reset(tls *libc.TLS) {
	if a.size > maxArena {
		a.free(tls)
	}
	a.used = 0
}

// grow makes room for n more bytes. Call it once per execution, before
// any put: growing moves the arena, which would leave the values bound
// from it before pointing at freed memory.
func (a *arena) grow(tls *libc.TLS, n int) error {
	if need := a.used + n; need > a.size {
		size := max(need, 2*a.size, 256)
		p := libc.Xrealloc(tls, a.p, types.Size_t(size))
		if p == 0 {
			return errNoMem
		}
		a.p, a.size = p, size
	}
	return nil
}

// put copies v into the room grow made and returns where it starts.
func (a *arena) put(v string) uintptr {
	at := a.p + uintptr(a.used)
	a.used += copy(mem(a.p, a.size)[a.used:], v)
	return at
}

// free releases the memory.
func (a *arena) free(tls *libc.TLS) {
	if a.p != 0 {
		libc.Xfree(tls, a.p)
	}
	*a = arena{}
}

// bindAll binds args to the statement, TEXT and BLOB values from the
// connection's arena with destructor del (0, SQLITE_STATIC, when the
// execution ends before the arena is used again; else sqliteTransient).
// Arguments bind by ordinal: the adapter resolves names (see
// contract.Conn). A value is one of the types the
// adapter binds (int64, float64, string, []byte, nil), or a bool or
// time.Time that database/sql's default conversion passes on, bound as
// modernc binds them.
func (s *stmt) bindAll(args []driver.NamedValue, del uintptr) error {
	l := s.c.lib
	l.args.reset(l.tls)
	n := 0
	for _, a := range args {
		switch v := a.Value.(type) {
		case string:
			n += len(v)
		case []byte:
			n += len(v)
		case time.Time:
			n += len(v.String())
		}
	}
	if err := l.args.grow(l.tls, n); err != nil {
		return err
	}
	for _, a := range args {
		if err := s.bind(a.Ordinal, s.arg(a.Value), del); err != nil {
			return err
		}
	}
	return nil
}

// value is an argument ready to bind: v, or for TEXT and BLOB values
// their place in the arena.
type value struct {
	v    driver.Value
	p    uintptr // TEXT, BLOB: the bytes, l.empty if there are none
	n    int
	blob bool
}

// arg copies the bytes of a TEXT or BLOB value into the arena.
func (s *stmt) arg(v driver.Value) value {
	l := s.c.lib
	var b string
	blob := false
	switch v := v.(type) {
	case string:
		b = v
	case []byte:
		if v == nil {
			return value{v: nil}
		}
		b, blob = unsafe.String(unsafe.SliceData(v), len(v)), true
	case time.Time:
		b = v.String() // modernc's format without a _time_format
	default:
		return value{v: v}
	}
	if len(b) == 0 {
		return value{v: v, p: l.empty, blob: blob}
	}
	return value{v: v, p: l.args.put(b), n: len(b), blob: blob}
}

// bind binds v to parameter i.
func (s *stmt) bind(i int, v value, del uintptr) error {
	l := s.c.lib
	idx := int32(i)
	var rc int32
	switch x := v.v.(type) {
	case nil:
		rc = sqlite3.Xsqlite3_bind_null(l.tls, s.pstmt, idx)
	case int64:
		rc = sqlite3.Xsqlite3_bind_int64(l.tls, s.pstmt, idx, x)
	case float64:
		rc = sqlite3.Xsqlite3_bind_double(l.tls, s.pstmt, idx, x)
	case bool:
		var n int64
		if x {
			n = 1
		}
		rc = sqlite3.Xsqlite3_bind_int64(l.tls, s.pstmt, idx, n)
	case string, []byte, time.Time:
		if v.n == 0 {
			del = 0 // l.empty
		}
		if v.blob {
			rc = sqlite3.Xsqlite3_bind_blob64(l.tls, s.pstmt, idx, v.p, uint64(v.n), del)
		} else {
			rc = sqlite3.Xsqlite3_bind_text64(l.tls, s.pstmt, idx, v.p, uint64(v.n), del, sqlite3.SQLITE_UTF8)
		}
	default:
		return fmt.Errorf("anysqlite/modernc: unsupported argument type %T", x)
	}
	if rc != sqlite3.SQLITE_OK {
		return l.errorFor(rc)
	}
	return nil
}

// reset resets the statement, which releases its locks, and clears its
// bindings.
func (s *stmt) reset() {
	if s.c.lib != nil {
		sqlite3.Xsqlite3_reset(s.c.lib.tls, s.pstmt)
		sqlite3.Xsqlite3_clear_bindings(s.c.lib.tls, s.pstmt)
		s.clean = true
	}
}

// columns returns the names of the result columns: those read before
// unless SQLite re-prepared the statement since (after a schema change).
// The slice is shared by the statement's result sets and never changed:
// the adapter copies it for database/sql, whose callers may change it.
func (s *stmt) columns() []string {
	l := s.c.lib
	n := int(sqlite3.Xsqlite3_column_count(l.tls, s.pstmt))
	reprep := sqlite3.Xsqlite3_stmt_status(l.tls, s.pstmt, sqlite3.SQLITE_STMTSTATUS_REPREPARE, 0)
	if s.names == nil || len(s.names) != n || s.reprep != reprep {
		names := make([]string, n)
		for i := range names {
			names[i] = libc.GoString(sqlite3.Xsqlite3_column_name(l.tls, s.pstmt, int32(i)))
		}
		s.names, s.reprep = names, reprep
	}
	return s.names
}

// readRow copies the values of the row the statement is on into dest by
// storage class: int64, float64, string, []byte (a non-nil []byte{} for
// an empty BLOB) or nil (see contract.Value.Any). Columns of dest beyond
// ncol are nil. It fails as readValues does.
func (s *stmt) readRow(dest []driver.Value, ncol int) error {
	var v contract.Value
	for i := range dest {
		if err := s.value(i, ncol, &v); err != nil {
			return err
		}
		dest[i] = v.Any()
	}
	return nil
}

// readValues sets dest to the values of the row the statement is on, TEXT
// and BLOB bytes in SQLite's memory until the statement moves on. Columns
// of dest beyond ncol are NULL. It fails with SQLITE_NOMEM if SQLite could
// not produce a TEXT or BLOB value.
func (s *stmt) readValues(dest []contract.Value, ncol int) error {
	for i := range dest {
		if err := s.value(i, ncol, &dest[i]); err != nil {
			return err
		}
	}
	return nil
}

// value sets v to column i of the current row (NULL from ncol on).
//
// Each value is read through sqlite3_column_value, then the sqlite3_value
// functions: one call per column into the connection's mutex and its
// bookkeeping rather than two or three (sqlite3_column_type, then
// sqlite3_column_int64 or sqlite3_column_text and sqlite3_column_bytes).
// SQLite calls the value unprotected, safe to read only while no other
// thread uses the connection, as none does here. A TEXT or BLOB value it
// could not produce is read again through sqlite3_column_text or
// sqlite3_column_blob, which report running out of memory on the
// connection.
func (s *stmt) value(i, ncol int, v *contract.Value) error {
	*v = contract.Value{}
	if i >= ncol {
		return nil
	}
	l := s.c.lib
	sv := sqlite3.Xsqlite3_column_value(l.tls, s.pstmt, int32(i))
	switch sqlite3.Xsqlite3_value_type(l.tls, sv) {
	case sqlite3.SQLITE_INTEGER:
		v.Kind, v.Int = contract.Integer, sqlite3.Xsqlite3_value_int64(l.tls, sv)
	case sqlite3.SQLITE_FLOAT:
		v.Kind, v.Float = contract.Float, sqlite3.Xsqlite3_value_double(l.tls, sv)
	case sqlite3.SQLITE_TEXT:
		v.Kind = contract.Text
		p := sqlite3.Xsqlite3_value_text(l.tls, sv)
		n := int(sqlite3.Xsqlite3_value_bytes(l.tls, sv))
		if p == 0 {
			p = sqlite3.Xsqlite3_column_text(l.tls, s.pstmt, int32(i))
			n = int(sqlite3.Xsqlite3_column_bytes(l.tls, s.pstmt, int32(i)))
			if p == 0 {
				if sqlite3.Xsqlite3_errcode(l.tls, l.db) == sqlite3.SQLITE_NOMEM {
					return l.errorFor(sqlite3.SQLITE_NOMEM)
				}
				n = 0
			}
		}
		if n > 0 {
			v.Bytes = mem(p, n)
		}
	case sqlite3.SQLITE_BLOB:
		v.Kind = contract.Blob
		p := sqlite3.Xsqlite3_value_blob(l.tls, sv) // 0 for an empty BLOB
		n := int(sqlite3.Xsqlite3_value_bytes(l.tls, sv))
		if p == 0 && n > 0 {
			p = sqlite3.Xsqlite3_column_blob(l.tls, s.pstmt, int32(i))
			n = int(sqlite3.Xsqlite3_column_bytes(l.tls, s.pstmt, int32(i)))
			if p == 0 && n > 0 {
				return l.errorFor(sqlite3.SQLITE_NOMEM)
			}
		}
		if n > 0 {
			v.Bytes = mem(p, n)
		}
	}
	return nil
}

// errorFor returns modernc's error for the failed result rc of a call on
// the connection: sqlite3_errstr(rc) and sqlite3_errmsg, as modernc's
// errstrForDB builds them (without its _error_rc_mode).
func (l *clib) errorFor(rc int32) error {
	str := libc.GoString(sqlite3.Xsqlite3_errstr(l.tls, rc))
	busy := ""
	if rc == sqlite3.SQLITE_BUSY {
		busy = " (SQLITE_BUSY)"
	}
	if msg := libc.GoString(sqlite3.Xsqlite3_errmsg(l.tls, l.db)); msg != str {
		return newError(fmt.Sprintf("%s: %s (%v)%s", str, msg, rc, busy), int(rc))
	}
	return newError(fmt.Sprintf("%s (%v)%s", str, rc, busy), int(rc))
}

// errNoMem is the error of running out of C memory for arguments.
var errNoMem = newError(fmt.Sprintf("out of memory (%d)", sqlite3.SQLITE_NOMEM), sqlite3.SQLITE_NOMEM)
