//go:build cgo

package mattn

// This file is the only place that reaches into unexported fields of
// github.com/mattn/go-sqlite3, with reflect (and unsafe for the one write).
// mattn offers no supported way to get what is needed:
//
//   - SQLiteConn.db, the *C.sqlite3 handle: for sqlite3_db_config,
//     sqlite3_serialize/deserialize, sqlite3_set_last_insert_rowid,
//     sqlite3_interrupt and the interruptible-sleep VFS. Read only.
//   - SQLiteStmt.s and SQLiteStmt.t, the *C.sqlite3_stmt (nil for text
//     without a statement) and the text after the first statement: to
//     reject Prepare of zero or several statements, and to bind, step and
//     read the statement with this package's own C code (see step.go).
//     Read only.
//   - Error.err, the sqlite3_errmsg text of an error: errors of the steps
//     this package takes are built as mattn's lastError builds them, so
//     they are the same sqlite3.Error values mattn would return. Written
//     only in a new Error value, before it is returned.
//
// The fields are looked up once; if mattn renames or retypes one,
// OpenConn fails with internalsErr instead of misbehaving, and the tests
// fail.

import (
	"errors"
	"fmt"
	"reflect"
	"syscall"
	"unsafe"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

var (
	connDBField     = lookup[sqlite3.SQLiteConn]("db", isPointer, "a pointer")
	stmtHandleField = lookup[sqlite3.SQLiteStmt]("s", isPointer, "a pointer")
	stmtTailField   = lookup[sqlite3.SQLiteStmt]("t", is[string], "string")
	errMsgField     = lookup[sqlite3.Error]("err", is[string], "string")

	// internalsErr is non-nil if a field is missing; OpenConn returns it.
	internalsErr = errors.Join(connDBField.err, stmtHandleField.err, stmtTailField.err, errMsgField.err)
)

// field locates an unexported field of a mattn type.
type field struct {
	index  int
	offset uintptr
	err    error
}

func lookup[T any](name string, ok func(reflect.Type) bool, want string) field {
	t := reflect.TypeFor[T]()
	f, found := t.FieldByName(name)
	if !found || len(f.Index) != 1 || !ok(f.Type) {
		return field{err: fmt.Errorf("anysqlite/mattn: github.com/mattn/go-sqlite3 internals changed: %s.%s is missing or not %s (this package is tested with mattn %s)",
			t.Name(), name, want, wrap.TestedVersion(modulePath))}
	}
	return field{index: f.Index[0], offset: f.Offset}
}

func isPointer(t reflect.Type) bool { return t.Kind() == reflect.Pointer }

func is[T any](t reflect.Type) bool { return t == reflect.TypeFor[T]() }

// connHandle returns the connection's *C.sqlite3 as an unsafe.Pointer.
func connHandle(c *sqlite3.SQLiteConn) unsafe.Pointer {
	return reflect.ValueOf(c).Elem().Field(connDBField.index).UnsafePointer()
}

// stmtParts returns the *C.sqlite3_stmt of st (nil if the text held no
// statement) and the SQL text that followed the statement (trimmed; "" if
// none).
func stmtParts(st *sqlite3.SQLiteStmt) (handle unsafe.Pointer, tail string) {
	v := reflect.ValueOf(st).Elem()
	return v.Field(stmtHandleField.index).UnsafePointer(), v.Field(stmtTailField.index).String()
}

// newError returns the sqlite3.Error mattn's lastError builds for these
// result codes, OS error and sqlite3_errmsg text.
func newError(code, extended int, sys syscall.Errno, msg string) error {
	e := sqlite3.Error{Code: sqlite3.ErrNo(code & 0xff), ExtendedCode: sqlite3.ErrNoExtended(extended), SystemErrno: sys}
	*(*string)(unsafe.Add(unsafe.Pointer(&e), errMsgField.offset)) = msg
	return e
}
