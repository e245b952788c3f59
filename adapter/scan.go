package adapter

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
	"unsafe"

	"github.com/jmoiron/sqlx/reflectx"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

var rowType = reflect.TypeFor[Row]()

// mapper maps struct fields to columns as sqlx does: the `db` tag, else the
// field name in lower case; embedded structs are flattened.
var mapper = reflectx.NewMapperFunc("db", strings.ToLower)

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

// source is a result set being read, the values of each row as the driver
// returns them: through database/sql's Rows (sqlSource) or straight from
// the driver's rows (driverSource).
type source interface {
	// columns returns the column names; the caller must not change them.
	columns() ([]string, error)
	// next advances to the next row and returns its values, valid until
	// the next call ([]byte values belong to the driver: copy them to
	// keep them). At the end of the rows, or on an error, it returns nil.
	next() []driver.Value
	// err returns the error that ended the rows, if any.
	err() error
	// close releases the rows and returns the error of closing them.
	close() error
	// abandon makes close undo a writing statement: its rows could not
	// be stored, and the call returns err (see abandon.go).
	abandon(err error)
}

// sqlSource reads a database/sql result set.
type sqlSource struct {
	rows    *sql.Rows
	cols    []string
	vals    []driver.Value
	slots   []valueSlot
	targets []any
	scanErr error
	mark    *abandonMark // the statement's, when it writes (markWrites)
}

// valueSlot is a Scan destination that keeps the value it is given as it
// is, without database/sql's conversions or copies.
type valueSlot struct{ v any }

func (s *valueSlot) Scan(src any) error {
	s.v = src
	return nil
}

// newSQLSource reads rows; mark is the statement's (markWrites), or nil.
func newSQLSource(rows *sql.Rows, mark *abandonMark) *sqlSource {
	return &sqlSource{rows: rows, mark: mark}
}

func (s *sqlSource) columns() ([]string, error) {
	if s.cols == nil {
		cols, err := s.rows.Columns()
		if err != nil {
			return nil, err
		}
		s.cols = cols
	}
	return s.cols, nil
}

func (s *sqlSource) next() []driver.Value {
	if s.scanErr != nil || !s.rows.Next() {
		return nil
	}
	if s.targets == nil {
		cols, err := s.columns()
		if err != nil {
			s.scanErr = err
			return nil
		}
		s.vals = make([]driver.Value, len(cols))
		s.slots = make([]valueSlot, len(cols))
		s.targets = make([]any, len(cols))
		for i := range s.slots {
			s.targets[i] = &s.slots[i]
		}
	}
	if err := s.rows.Scan(s.targets...); err != nil {
		s.scanErr = err
		return nil
	}
	for i := range s.slots {
		s.vals[i], s.slots[i].v = s.slots[i].v, nil
	}
	return s.vals
}

func (s *sqlSource) err() error {
	if s.scanErr != nil {
		return s.scanErr
	}
	return s.rows.Err()
}

// close closes the rows and returns the error of closing them, or the
// error with which they were closed before, undoing their write (see
// abandonMark).
func (s *sqlSource) close() error {
	err := s.rows.Close()
	if err == nil && s.mark != nil {
		err = s.mark.get(&s.mark.undone)
	}
	return err
}

func (s *sqlSource) abandon(err error) {
	if s.mark != nil {
		s.mark.set(&s.mark.err, err)
	}
}

// driverSource reads the rows of a statement of the adapter's connection
// directly, as database/sql's Rows would (see queries.readDirect). When the
// driver's rows implement [contract.ValueRows], it reads typed values,
// which scanning stores without boxing each (nextValues).
type driverSource struct {
	rows     *stmtRows
	typed    bool
	vals     []driver.Value   // the current row's values: buf[:len(columns)]
	buf      []driver.Value   // kept for the connection's next result set
	tvals    []contract.Value // the current row's typed values: tbuf[:len(columns)]
	tbuf     []contract.Value // kept as buf
	lastErr  error
	closed   bool
	closeErr error
}

// columns returns the driver's names, not stmtRows' copy: the adapter
// does not change them.
func (s *driverSource) columns() ([]string, error) { return s.rows.Rows.Columns(), nil }

func (s *driverSource) next() []driver.Value {
	if s.vals == nil {
		s.vals = grown(&s.buf, len(s.rows.Rows.Columns()))
	}
	if s.typed {
		tvals := s.nextValues()
		if tvals == nil {
			return nil
		}
		for i := range tvals {
			s.vals[i] = tvals[i].Any()
		}
		return s.vals
	}
	if s.lastErr != nil || s.closed {
		return nil
	}
	if err := s.rows.Next(s.vals); err != nil {
		s.lastErr = err
		return nil
	}
	return s.vals
}

// nextValues advances to the next row and returns its typed values, valid
// until the next call (Bytes belong to the driver), or nil at the end of
// the rows or on an error. Only a typed source has them.
func (s *driverSource) nextValues() []contract.Value {
	if s.lastErr != nil || s.closed {
		return nil
	}
	if s.tvals == nil {
		s.tvals = grown(&s.tbuf, len(s.rows.Rows.Columns()))
	}
	if err := s.rows.NextValues(s.tvals); err != nil {
		s.lastErr = err
		return nil
	}
	return s.tvals
}

// grown returns (*buf)[:n], reallocating *buf if it is too short.
func grown[T any](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
	}
	return (*buf)[:n]
}

// source returns the connection's driverSource, reset to read rows. The
// adapter reads one result set at a time on a connection it holds (see
// queries.readDirect), so one is enough; release clears it after use.
func (cn *conn) source(rows *stmtRows) *driverSource {
	s := &cn.src
	_, typed := rows.Rows.(contract.ValueRows)
	*s = driverSource{rows: rows, typed: typed, buf: s.buf, tbuf: s.tbuf}
	return s
}

// release drops the references s holds, keeping its value buffers.
func (s *driverSource) release() {
	clear(s.vals)
	clear(s.tvals)
	*s = driverSource{buf: s.buf, tbuf: s.tbuf}
}

func (s *driverSource) err() error {
	if s.lastErr == io.EOF {
		return nil
	}
	return s.lastErr
}

func (s *driverSource) abandon(err error) { s.rows.abandon(err) }

func (s *driverSource) close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	s.closeErr = s.rows.Close()
	return s.closeErr
}

// scanPlan says how the columns of a result go into a destination type.
// Plans are worked out once per type and column list and cached.
type scanPlan struct {
	t      reflect.Type
	cols   []string
	row    bool        // Row destinations
	scalar bool        // one column into the whole destination
	kind   assignKind  // scalar destinations
	fields []fieldPlan // struct destinations: one per column
	err    error       // the destination cannot take these columns
	next   *scanPlan   // the plan for another column list, same type
}

// fieldPlan stores one column into a field of a struct destination.
type fieldPlan struct {
	index []int // reflectx field index path
	kind  assignKind
	// fast and offset let a typed value of the storage class the field's
	// type takes as it is be stored at the field's offset in the struct
	// without reflection (storeFast); fast is 0 for other fields.
	fast   fastKind
	offset uintptr
}

// fastKind is the memory layout of a field that storeFast writes.
type fastKind uint8

const (
	fastNone    fastKind = iota
	fastInt64            // int64 or int of 8 bytes (or a type defined on them): INTEGER
	fastFloat64          // float64 kinds: REAL
	fastString           // string kinds: TEXT
	fastBytes            // []byte kinds: BLOB
	fastBool             // bool kinds: INTEGER, non-zero is true
)

// unexportedEmbeddedPointer returns the embedded pointer to an unexported
// struct type that the reflectx index path in struct type t goes through,
// if any: reflection cannot set it, so a nil one cannot be allocated (as
// encoding/json refuses it).
func unexportedEmbeddedPointer(t reflect.Type, index []int) *reflect.StructField {
	for _, i := range index[:len(index)-1] {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		f := t.Field(i)
		if f.Anonymous && !f.IsExported() && f.Type.Kind() == reflect.Pointer {
			return &f
		}
		t = f.Type
	}
	return nil
}

// newFieldPlan plans storing into the field of type ft at the reflectx
// index path in struct type t.
func newFieldPlan(t reflect.Type, index []int, ft reflect.Type) fieldPlan {
	fp := fieldPlan{index: index, kind: kindOf(ft)}
	for _, i := range index {
		if t.Kind() != reflect.Struct {
			return fp // through an embedded pointer, which may be nil: no fast path
		}
		f := t.Field(i)
		fp.offset += f.Offset
		t = f.Type
	}
	fp.fast = fastKindOf(ft, fp.kind)
	return fp
}

// fastKindOf returns how storeFast writes a field of type t and
// assignKind k, if it can.
func fastKindOf(t reflect.Type, k assignKind) fastKind {
	switch {
	case k == assignInt && (t.Kind() == reflect.Int64 || t.Kind() == reflect.Int && t.Size() == 8):
		return fastInt64
	case k == assignFloat && t.Kind() == reflect.Float64:
		return fastFloat64
	case k == assignString:
		return fastString
	case k == assignBytes:
		return fastBytes
	case k == assignBool:
		return fastBool
	}
	return fastNone
}

// storeFast writes v into the field at p, of layout k, and reports true,
// if v has the storage class that the field takes as it is: the same
// result as assignTyped, without reflection.
func storeFast(p unsafe.Pointer, k fastKind, v *contract.Value) bool {
	switch {
	case k == fastInt64 && v.Kind == contract.Integer:
		*(*int64)(p) = v.Int
	case k == fastFloat64 && v.Kind == contract.Float:
		*(*float64)(p) = v.Float
	case k == fastString && v.Kind == contract.Text:
		*(*string)(p) = string(v.Bytes)
	case k == fastBytes && v.Kind == contract.Blob:
		*(*[]byte)(p) = append([]byte{}, v.Bytes...)
	case k == fastBool && v.Kind == contract.Integer:
		*(*bool)(p) = v.Int != 0
	default:
		return false
	}
	return true
}

// plans caches scan plans by destination type: reflect.Type -> *scanPlan,
// the head of a list of plans for different column lists.
var plans sync.Map

// maxPlansPerType bounds the column lists remembered for one type.
const maxPlansPerType = 32

// planFor returns the plan for reading cols into t.
func planFor(t reflect.Type, cols []string) *scanPlan {
	head, _ := plans.Load(t)
	n := 0
	for p, _ := head.(*scanPlan); p != nil; p = p.next {
		if sameColumns(p.cols, cols) {
			return p
		}
		n++
	}
	p := newPlan(t, cols)
	if n < maxPlansPerType {
		// Lists are immutable once published: a new plan goes in front.
		// Two goroutines may add the same plan; either wins.
		p.next, _ = head.(*scanPlan)
		plans.Store(t, p)
	}
	return p
}

func sameColumns(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func newPlan(t reflect.Type, cols []string) *scanPlan {
	p := &scanPlan{t: t, cols: append([]string(nil), cols...)}
	switch {
	case t == rowType:
		p.row = true
		seen := make(map[string]bool, len(cols))
		for _, c := range cols {
			if seen[c] {
				p.err = fmt.Errorf("%w: the result has two columns named %q; a Row needs distinct names (use AS)", ErrDestination, c)
				break
			}
			seen[c] = true
		}
	case isScalar(t):
		p.scalar = true
		p.kind = kindOf(t)
		if len(cols) != 1 {
			p.err = fmt.Errorf("%w: the result has %d columns; a %s takes exactly 1 (use a struct or Row)", ErrDestination, len(cols), t)
		}
	default:
		tm := mapper.TypeMap(t)
		p.fields = make([]fieldPlan, len(cols))
		for i, c := range cols {
			fi := tm.GetByPath(c)
			if fi == nil {
				fi = tm.GetByPath(strings.ToLower(c))
			}
			if fi == nil {
				p.err = fmt.Errorf("%w: column %q has no field in %s (tag a field `db:%q`, or alias the column)", ErrDestination, c, t, c)
				break
			}
			if e := unexportedEmbeddedPointer(t, fi.Index); e != nil {
				p.err = fmt.Errorf("%w: column %q maps to a field of %s, which %s embeds through a pointer to an unexported type that the adapter cannot allocate (embed it by value, or export the type)", ErrDestination, c, e.Type, t)
				break
			}
			p.fields[i] = newFieldPlan(t, fi.Index, fi.Field.Type)
		}
	}
	return p
}

// record is one row as a source returned it for scanning into a struct or
// scalar: typed values from a typed driverSource, else boxed ones.
type record struct {
	vals  []driver.Value
	tvals []contract.Value
}

// nextRecord advances src to its next row; false at the end of the rows or
// on an error (src.err tells which).
func nextRecord(src source) (record, bool) {
	if ds, ok := src.(*driverSource); ok && ds.typed {
		tvals := ds.nextValues()
		return record{tvals: tvals}, tvals != nil
	}
	vals := src.next()
	return record{vals: vals}, vals != nil
}

// store stores the row r into dst, a settable value of the plan's type
// (not a Row). Errors name the column as database/sql's Scan did.
func (p *scanPlan) store(r record, dst reflect.Value) error {
	if p.scalar {
		return p.storeColumn(r, 0, p.kind, dst)
	}
	var base unsafe.Pointer // the struct's memory, for storeFast
	if r.tvals != nil && dst.CanAddr() {
		base = dst.Addr().UnsafePointer()
	}
	for i := range p.fields {
		f := &p.fields[i]
		if base != nil && f.fast != fastNone && storeFast(unsafe.Add(base, f.offset), f.fast, &r.tvals[i]) {
			continue
		}
		var fv reflect.Value
		if len(f.index) == 1 {
			fv = dst.Field(f.index[0])
		} else {
			fv = reflectx.FieldByIndexes(dst, f.index)
		}
		if err := p.storeColumn(r, i, f.kind, fv); err != nil {
			return err
		}
	}
	return nil
}

// storeColumn stores column i of r into dst, of kind k.
func (p *scanPlan) storeColumn(r record, i int, k assignKind, dst reflect.Value) error {
	var err error
	if r.tvals != nil {
		err = assignTyped(k, dst, &r.tvals[i])
	} else {
		err = assignAs(k, dst, r.vals[i])
	}
	if err != nil {
		return p.columnErr(i, err)
	}
	return nil
}

// columnErr describes a failure to store column i.
func (p *scanPlan) columnErr(i int, err error) error {
	return fmt.Errorf("sql: Scan error on column index %d, name %q: column %q: %w", i, p.cols[i], p.cols[i], err)
}

// rowOf returns the row vals as a new Row.
func (p *scanPlan) rowOf(vals []driver.Value) Row {
	row := make(Row, len(p.cols))
	for i, c := range p.cols {
		row[c] = cloneValue(vals[i])
	}
	return row
}

// destTarget returns what Get (all false) or All (all true) stores into:
// dest's pointee, which for All must be a slice (not []byte). The
// adapter checks it before it runs the statement, so that a destination
// that can take no row is refused before anything is written.
func destTarget(dest any, all bool) (reflect.Value, error) {
	return destTargetFor(dest, all, nil)
}

// destTargetFor is destTarget for statement st, if known: a write without
// RETURNING has no rows to read, and is refused before it runs, unless All
// reads it into Rows (an empty slice; the write done).
func destTargetFor(dest any, all bool, st *statement) (reflect.Value, error) {
	method := "Get"
	if all {
		method = "All"
	}
	v := reflect.ValueOf(dest)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return reflect.Value{}, fmt.Errorf("%w: %s needs a non-nil pointer, got %T", ErrDestination, method, dest)
	}
	t := v.Elem()
	if all && (t.Kind() != reflect.Slice || t.Type().Elem().Kind() == reflect.Uint8) {
		return reflect.Value{}, fmt.Errorf("%w: All needs a pointer to a slice, got %T", ErrDestination, dest)
	}
	if st != nil && st.returnsNoRows() && !(all && rowsOnly(t.Type().Elem())) {
		return reflect.Value{}, fmt.Errorf("%w: %s reads the rows of a statement, and %.40q has no RETURNING clause; use Run", ErrDestination, method, st.sql)
	}
	return t, nil
}

// rowsOnly reports whether All can store a result without columns in
// slices of elem: Rows (or pointers to them), of which it has none.
func rowsOnly(elem reflect.Type) bool {
	return elem == rowType || elem.Kind() == reflect.Pointer && elem.Elem() == rowType
}

// sourcePlan returns the plan for reading src into t.
func sourcePlan(src source, t reflect.Type) (*scanPlan, error) {
	cols, err := src.columns()
	if err != nil {
		return nil, err
	}
	p := planFor(t, cols)
	if p.err != nil {
		return nil, refused(src, p.err)
	}
	return p, nil
}

// scanOne reads the first row of src into dest; no row is ErrNoRows. It
// closes src and returns the error of closing it.
func scanOne(src source, dest any) error {
	defer src.close()
	target, err := destTarget(dest, false)
	if err != nil {
		return refused(src, err)
	}
	p, err := sourcePlan(src, target.Type())
	if err != nil {
		return err
	}
	if p.row {
		vals := src.next()
		if vals == nil {
			return noRow(src)
		}
		target.Set(reflect.ValueOf(p.rowOf(vals)))
		return src.close()
	}
	r, ok := nextRecord(src)
	if !ok {
		return noRow(src)
	}
	if err := p.store(r, target); err != nil {
		return refused(src, err)
	}
	return src.close()
}

// noRow is Get's error when src has no row: its error, or ErrNoRows.
func noRow(src source) error {
	if err := src.err(); err != nil {
		return err
	}
	return ErrNoRows
}

// scanAll reads every row of src into dest, a pointer to a slice of
// structs, scalars or Rows (or pointers to them); no rows give an empty
// slice. It closes src.
func scanAll(src source, dest any) error {
	defer src.close()
	target, err := destTarget(dest, true)
	if err != nil {
		return refused(src, err)
	}
	elem := target.Type().Elem()
	base, byPtr := elem, false
	if elem.Kind() == reflect.Pointer && !isScalar(elem.Elem()) {
		base, byPtr = elem.Elem(), true
	}
	p, err := sourcePlan(src, base)
	if err != nil {
		return err
	}
	// Rows are read straight into the elements of a new slice, grown as
	// append grows slices.
	out := reflect.New(target.Type()).Elem()
	for {
		var vals []driver.Value
		var r record
		var ok bool
		if p.row {
			vals = src.next()
			ok = vals != nil
		} else {
			r, ok = nextRecord(src)
		}
		if !ok {
			break
		}
		n := out.Len()
		if n == out.Cap() {
			out.Grow(1)
		}
		out.SetLen(n + 1)
		v := out.Index(n)
		if byPtr {
			pv := reflect.New(base)
			v.Set(pv)
			v = pv.Elem()
		}
		if p.row {
			v.Set(reflect.ValueOf(p.rowOf(vals)))
		} else if err := p.store(r, v); err != nil {
			return refused(src, err)
		}
	}
	if err := src.err(); err != nil {
		return err
	}
	if out.IsNil() {
		out = reflect.MakeSlice(target.Type(), 0, 0) // empty, not nil
	}
	target.Set(out)
	return nil
}
