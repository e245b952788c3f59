package modernc

// This file is the only place that reaches into unexported fields of
// modernc.org/sqlite, with reflect (and unsafe for the one write).
// modernc offers no supported way to get what is needed:
//
//   - conn.db, the sqlite3* handle (a uintptr into modernc's C memory):
//     for sqlite3_db_config, sqlite3_interrupt,
//     sqlite3_set_last_insert_rowid and statement counting through
//     modernc.org/sqlite/lib, see clib.go.
//   - stmt.pstmt, the compiled sqlite3_stmt: 0 when modernc kept the text
//     as a script (no statement, or more than one); and for NumInput.
//   - rows.decltypes: modernc turns TEXT values of columns declared DATE,
//     DATETIME or TIMESTAMP into time.Time, with no DSN option to stop it
//     (_texttotime and _inttotime only add conversions). newRows fills
//     the slice before Query returns and Next reads it for every value;
//     setting it to all-"" entries right after Query, before the first
//     Next, makes every column untyped, so values come back by storage
//     class.
//
// Each field is looked up by name and type the first time a value of its
// type is seen; if modernc renames or retypes one, OpenConn, Prepare or
// Query fails with an error naming it instead of misbehaving, and the
// tests fail.

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unsafe"

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
	uintptrType     = reflect.TypeFor[uintptr]()
	stringSliceType = reflect.TypeFor[[]string]()
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

// untypeColumns makes modernc treat every column of rows as undeclared,
// so it returns values by storage class. Call it before the first Next.
func untypeColumns(rows any, last []string) (decltypes []string, err error) {
	f, err := structField(rows, "decltypes", stringSliceType)
	if err != nil {
		return nil, err
	}
	// The slice is the rows' own (modernc makes one per result set); keep
	// its upper-cased copy, the last one if nothing changed.
	p := (*[]string)(unsafe.Pointer(f.UnsafeAddr()))
	decltypes = last
	if !sameFold(*p, last) {
		decltypes = make([]string, len(*p))
		for i, t := range *p {
			decltypes[i] = strings.ToUpper(t)
		}
	}
	clear(*p)
	return decltypes, nil
}

// sameFold reports whether a and b hold the same strings, ignoring case.
func sameFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}
