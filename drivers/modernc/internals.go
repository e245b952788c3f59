package modernc

// This file is the only place that reaches into unexported fields of
// modernc.org/sqlite, with reflect (and unsafe for the writes).
// modernc offers no supported way to get what is needed:
//
//   - conn.db, the sqlite3* handle (a uintptr into modernc's C memory):
//     for sqlite3_db_config, sqlite3_interrupt,
//     sqlite3_set_last_insert_rowid and statement counting through
//     modernc.org/sqlite/lib, see clib.go.
//   - stmt.pstmt, the compiled sqlite3_stmt: 0 when modernc kept the text
//     as a script (no statement, or more than one); and for NumInput.
//   - Error.msg and Error.code: errors of the steps this package takes
//     itself (step.go) are modernc's *sqlite.Error, with the message
//     modernc would build, so that they read and decode as modernc's own.
//     Written only in a new Error value, before it is returned.
//
// Each field is looked up by name and type the first time a value of its
// type is seen; if modernc renames or retypes one, OpenConn, Prepare or
// Query fails with an error naming it instead of misbehaving, and the
// tests fail.

import (
	"fmt"
	"reflect"
	"sync"
	"unsafe"

	sqlite "modernc.org/sqlite"

	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

// fieldKey identifies a field of one of modernc's types.
type fieldKey struct {
	typ  reflect.Type
	name string
}

// fieldIndexes caches fieldKey -> int (the field index) or error.
var fieldIndexes sync.Map

// structField returns field name of the struct v points to, checking that
// it has type want.
func structField(v any, name string, want reflect.Type) (reflect.Value, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, fmt.Errorf("anysqlite/modernc: modernc.org/sqlite internals changed: %T is not a pointer to a struct", v)
	}
	key := fieldKey{rv.Type(), name}
	cached, ok := fieldIndexes.Load(key)
	if !ok {
		f, found := rv.Type().Elem().FieldByName(name)
		if !found || len(f.Index) != 1 || f.Type != want {
			cached = fmt.Errorf("anysqlite/modernc: modernc.org/sqlite internals changed: %T has no field %s of type %s (this package is tested with modernc %s)",
				v, name, want, wrap.TestedVersion(modulePath))
		} else {
			cached = f.Index[0]
		}
		fieldIndexes.Store(key, cached)
	}
	if err, ok := cached.(error); ok {
		return reflect.Value{}, err
	}
	return rv.Elem().Field(cached.(int)), nil
}

var (
	uintptrType = reflect.TypeFor[uintptr]()
	stringType  = reflect.TypeFor[string]()
	intType     = reflect.TypeFor[int]()
)

// connHandle returns the sqlite3* of a modernc connection.
func connHandle(c any) (uintptr, error) {
	f, err := structField(c, "db", uintptrType)
	if err != nil {
		return 0, err
	}
	return uintptr(f.Uint()), nil
}

// stmtHandle returns the sqlite3_stmt* of a modernc statement, 0 if
// modernc keeps the text as a script.
func stmtHandle(s any) (uintptr, error) {
	f, err := structField(s, "pstmt", uintptrType)
	if err != nil {
		return 0, err
	}
	return uintptr(f.Uint()), nil
}

// errorFields are the indexes of Error.msg and Error.code; errorFieldsErr
// is set if the fields are not as this package expects, and OpenConn
// returns it.
var errorFields, errorFieldsErr = func() (idx [2]int, err error) {
	e := new(sqlite.Error)
	for i, f := range []struct {
		name string
		typ  reflect.Type
	}{{"msg", stringType}, {"code", intType}} {
		if _, err := structField(e, f.name, f.typ); err != nil {
			return idx, err
		}
		sf, _ := reflect.TypeFor[sqlite.Error]().FieldByName(f.name)
		idx[i] = sf.Index[0]
	}
	return idx, nil
}()

// newError returns a modernc *sqlite.Error with message msg and result
// code code, as modernc makes them.
func newError(msg string, code int) error {
	if errorFieldsErr != nil {
		return fmt.Errorf("%s: %w", msg, errorFieldsErr)
	}
	e := new(sqlite.Error)
	v := reflect.ValueOf(e).Elem()
	field := func(i int) reflect.Value {
		f := v.Field(errorFields[i])
		return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
	}
	field(0).SetString(msg)
	field(1).SetInt(int64(code))
	return e
}
