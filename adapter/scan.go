package adapter

import (
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/jmoiron/sqlx/reflectx"
)

var rowType = reflect.TypeFor[Row]()

// mapper maps struct fields to columns as sqlx does: the `db` tag, else the
// field name in lower case; embedded structs are flattened.
var mapper = reflectx.NewMapperFunc("db", strings.ToLower)

// fieldPaths caches, per struct type and column list, the field index path
// of each column, so reflection over the struct happens once.
var fieldPaths sync.Map // fieldKey -> [][]int

type fieldKey struct {
	t    reflect.Type
	cols string
}

// isScalar reports whether a destination of type t takes one column.
func isScalar(t reflect.Type) bool {
	switch {
	case t == timeType, reflect.PointerTo(t).Implements(scannerType):
		return true
	case t.Kind() == reflect.Struct, t == rowType:
		return false
	}
	return true
}

// scanner reads rows into destinations of one type.
type scanner struct {
	cols    []string
	t       reflect.Type
	paths   [][]int // struct destinations
	fields  []columnScanner
	targets []any
	row     Row // Row destinations: the row being filled
}

// columnScanner stores one column into dst.
type columnScanner struct {
	sc  *scanner
	i   int
	dst reflect.Value // invalid for Row destinations
}

// Scan implements sql.Scanner.
func (c *columnScanner) Scan(src any) error {
	if !c.dst.IsValid() {
		c.sc.row[c.sc.cols[c.i]] = cloneValue(src)
		return nil
	}
	if err := assign(c.dst, src); err != nil {
		return fmt.Errorf("column %q: %w", c.sc.cols[c.i], err)
	}
	return nil
}

func newScanner(rows *sql.Rows, t reflect.Type) (*scanner, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	sc := &scanner{cols: cols, t: t}
	switch {
	case t == rowType:
		seen := make(map[string]bool, len(cols))
		for _, c := range cols {
			if seen[c] {
				return nil, fmt.Errorf("%w: the result has two columns named %q; a Row needs distinct names (use AS)", ErrDestination, c)
			}
			seen[c] = true
		}
	case isScalar(t):
		if len(cols) != 1 {
			return nil, fmt.Errorf("%w: the result has %d columns; a %s takes exactly 1 (use a struct or Row)", ErrDestination, len(cols), t)
		}
	default:
		if sc.paths, err = structPaths(t, cols); err != nil {
			return nil, err
		}
	}
	sc.fields = make([]columnScanner, len(cols))
	sc.targets = make([]any, len(cols))
	for i := range sc.fields {
		sc.fields[i] = columnScanner{sc: sc, i: i}
		sc.targets[i] = &sc.fields[i]
	}
	return sc, nil
}

// structPaths maps each column to a field of struct type t.
func structPaths(t reflect.Type, cols []string) ([][]int, error) {
	key := fieldKey{t, strings.Join(cols, "\x00")}
	if v, ok := fieldPaths.Load(key); ok {
		return v.([][]int), nil
	}
	tm := mapper.TypeMap(t)
	paths := make([][]int, len(cols))
	for i, c := range cols {
		fi := tm.GetByPath(c)
		if fi == nil {
			fi = tm.GetByPath(strings.ToLower(c))
		}
		if fi == nil {
			return nil, fmt.Errorf("%w: column %q has no field in %s (tag a field `db:%q`, or alias the column)", ErrDestination, c, t, c)
		}
		paths[i] = fi.Index
	}
	fieldPaths.Store(key, paths)
	return paths, nil
}

// scanInto reads the current row into dst, a settable value of type sc.t.
func (sc *scanner) scanInto(rows *sql.Rows, dst reflect.Value) error {
	switch {
	case sc.t == rowType:
		row, err := sc.scanRow(rows)
		if err == nil {
			dst.Set(reflect.ValueOf(row))
		}
		return err
	case sc.paths == nil:
		sc.fields[0].dst = dst
	default:
		for i, p := range sc.paths {
			sc.fields[i].dst = reflectx.FieldByIndexes(dst, p)
		}
	}
	return rows.Scan(sc.targets...)
}

// scanRow reads the current row into a new Row.
func (sc *scanner) scanRow(rows *sql.Rows) (Row, error) {
	sc.row = make(Row, len(sc.cols))
	for i := range sc.fields {
		sc.fields[i].dst = reflect.Value{}
	}
	err := rows.Scan(sc.targets...)
	row := sc.row
	sc.row = nil
	return row, err
}

// newRowScanner prepares to read rows as Rows.
func newRowScanner(rows *sql.Rows) (*scanner, error) { return newScanner(rows, rowType) }

// destination checks that dest is a non-nil pointer.
func destination(dest any, method string) (reflect.Value, error) {
	v := reflect.ValueOf(dest)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return reflect.Value{}, fmt.Errorf("%w: %s needs a non-nil pointer, got %T", ErrDestination, method, dest)
	}
	return v.Elem(), nil
}

// scanOne reads the first row into dest; no row is ErrNoRows.
func scanOne(rows *sql.Rows, dest any) error {
	defer rows.Close()
	target, err := destination(dest, "Get")
	if err != nil {
		return err
	}
	sc, err := newScanner(rows, target.Type())
	if err != nil {
		return err
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return ErrNoRows
	}
	if err := sc.scanInto(rows, target); err != nil {
		return err
	}
	return rows.Close()
}

// scanAll reads every row into dest, a pointer to a slice of structs,
// scalars or Rows (or pointers to them); no rows give an empty slice.
func scanAll(rows *sql.Rows, dest any) error {
	defer rows.Close()
	target, err := destination(dest, "All")
	if err != nil {
		return err
	}
	if target.Kind() != reflect.Slice || target.Type().Elem().Kind() == reflect.Uint8 {
		return fmt.Errorf("%w: All needs a pointer to a slice, got %T", ErrDestination, dest)
	}
	elem := target.Type().Elem()
	base, byPtr := elem, false
	if elem.Kind() == reflect.Pointer && !isScalar(elem.Elem()) {
		base, byPtr = elem.Elem(), true
	}
	sc, err := newScanner(rows, base)
	if err != nil {
		return err
	}
	out := reflect.MakeSlice(target.Type(), 0, 0)
	for rows.Next() {
		v := reflect.New(base).Elem()
		if err := sc.scanInto(rows, v); err != nil {
			return err
		}
		if byPtr {
			v = v.Addr()
		}
		out = reflect.Append(out, v)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	target.Set(out)
	return nil
}
