//go:build cgo

package mattn

// This file is the only place that reaches into unexported fields of
// github.com/mattn/go-sqlite3, with reflect (and unsafe for the one write).
// mattn offers no supported way to get what is needed:
//
//   - SQLiteConn.db, the *C.sqlite3 handle: for sqlite3_db_config,
//     sqlite3_serialize/deserialize and the interruptible-sleep VFS.
//   - SQLiteRows.decltype: mattn converts column values by declared type
//     (DATE, DATETIME, TIMESTAMP to time.Time, BOOLEAN to bool) and has no
//     DSN option to turn that off. It fills the slice lazily, on the first
//     Next, only while it is nil; setting it to all-"" entries right after
//     the rows are created, before the first Next, makes every column
//     untyped, so values come back by storage class.
//   - SQLiteStmt.s and SQLiteStmt.t, the sqlite3_stmt (nil for text without
//     a statement) and the text after the first statement: to reject
//     Prepare of zero or several statements. Read only.
//
// The fields are looked up once; if mattn renames or retypes one,
// OpenConn fails with internalsErr instead of misbehaving, and the tests
// fail.

import (
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	sqlite3 "github.com/mattn/go-sqlite3"
)

var (
	connDBField     = lookup[sqlite3.SQLiteConn]("db", isPointer, "a pointer")
	rowsDeclField   = lookup[sqlite3.SQLiteRows]("decltype", is[[]string], "[]string")
	stmtHandleField = lookup[sqlite3.SQLiteStmt]("s", isPointer, "a pointer")
	stmtTailField   = lookup[sqlite3.SQLiteStmt]("t", is[string], "string")

	// internalsErr is non-nil if a field is missing; OpenConn returns it.
	internalsErr = errors.Join(connDBField.err, rowsDeclField.err, stmtHandleField.err, stmtTailField.err)
)

// field locates an unexported field of a mattn type.
type field struct {
	index int
	err   error
}

func lookup[T any](name string, ok func(reflect.Type) bool, want string) field {
	t := reflect.TypeFor[T]()
	f, found := t.FieldByName(name)
	if !found || len(f.Index) != 1 || !ok(f.Type) {
		return field{err: fmt.Errorf("anysqlite/mattn: github.com/mattn/go-sqlite3 internals changed: %s.%s is missing or not %s (this package was written for mattn %s)",
			t.Name(), name, want, fallbackVersion)}
	}
	return field{index: f.Index[0]}
}

func isPointer(t reflect.Type) bool { return t.Kind() == reflect.Pointer }

func is[T any](t reflect.Type) bool { return t == reflect.TypeFor[T]() }

// connHandle returns the connection's *C.sqlite3 as an unsafe.Pointer.
func connHandle(c *sqlite3.SQLiteConn) unsafe.Pointer {
	return reflect.ValueOf(c).Elem().Field(connDBField.index).UnsafePointer()
}

// untypeColumns makes mattn treat every column of rows as undeclared, so
// it returns values by storage class. Call it before the first Next; blank
// must hold one "" per column.
func untypeColumns(rows *sqlite3.SQLiteRows, blank []string) {
	f := reflect.ValueOf(rows).Elem().Field(rowsDeclField.index)
	*(*[]string)(unsafe.Pointer(f.UnsafeAddr())) = blank
}

// stmtParts reports whether st holds a compiled statement and returns the
// SQL text that followed it (trimmed; "" if none).
func stmtParts(st *sqlite3.SQLiteStmt) (compiled bool, tail string) {
	v := reflect.ValueOf(st).Elem()
	return !v.Field(stmtHandleField.index).IsNil(), v.Field(stmtTailField.index).String()
}
