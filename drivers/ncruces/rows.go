package ncruces

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"unsafe"

	"github.com/ncruces/go-sqlite3"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// errRowsClosed is returned by Next on rows that were closed, or whose
// statement has run again since.
var errRowsClosed = errors.New("ncruces: rows are closed")

// rows reads the result of one execution of a stmt.
type rows struct {
	s      *stmt
	names  []string
	loaded bool // a row was stepped to and not yet returned by Next
	done   bool // no more rows: the statement finished or failed
	closed bool
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ contract.ValueRows                    = (*rows)(nil)
)

// start steps to the first row and reads the names of the columns, so
// that running out of memory for them is an error of the query.
func (r *rows) start() (err error) {
	defer r.s.c.catch(&err)
	if err := r.step(); err != nil {
		return err
	}
	r.names = r.s.columns()
	return nil
}

// step advances the statement by one row.
func (r *rows) step() (err error) {
	r.done = true // unless there is a row
	defer r.s.c.catch(&err)
	r.s.c.intr.start()
	if r.s.raw.Step() {
		r.loaded, r.done = true, false
		return nil
	}
	return r.s.c.interruption(r.s.raw.Err())
}

// Columns returns the names of the result columns: the same slice for
// every execution until a schema change, which the adapter does not change
// and copies for database/sql (see contract.Driver).
func (r *rows) Columns() []string {
	return r.names
}

// ColumnTypeDatabaseTypeName returns the declared type of column i as
// written in the schema, upper-cased, or "" for an expression.
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	if r.closed || !r.s.c.usable() {
		return ""
	}
	return strings.ToUpper(r.s.raw.ColumnDeclType(i))
}

// Next copies the next row into dest. Each value's Go type follows its
// storage class alone: int64, float64, string, []byte or nil.
func (r *rows) Next(dest []driver.Value) (err error) {
	if err := r.ready(); err != nil {
		return err
	}
	defer r.s.c.catch(&err)
	if err := r.advance(len(dest)); err != nil {
		return err
	}
	return readRow(r.s.raw, dest)
}

// NextValues is Next with typed values (contract.ValueRows): TEXT and BLOB
// bytes stay in SQLite's memory, valid until the rows move on.
func (r *rows) NextValues(dest []contract.Value) (err error) {
	if err := r.ready(); err != nil {
		return err
	}
	defer r.s.c.catch(&err)
	if err := r.advance(len(dest)); err != nil {
		return err
	}
	return readValues(r.s.raw, dest)
}

// ready reports whether the rows can be read.
func (r *rows) ready() error {
	if r.closed || r.s.c.raw == nil {
		return errRowsClosed
	}
	if !r.s.c.usable() {
		return driver.ErrBadConn
	}
	return nil
}

// advance moves to the next row, to be read into n values, or returns
// io.EOF after the last row.
func (r *rows) advance(n int) error {
	if !r.loaded {
		if r.done {
			return io.EOF
		}
		if err := r.step(); err != nil {
			return err
		}
		if !r.loaded {
			return io.EOF
		}
	}
	r.loaded = false
	if n != len(r.names) {
		return fmt.Errorf("ncruces: Next: %d destinations for %d columns", n, len(r.names))
	}
	return nil
}

// readValues sets dest, one element per column, to the current row of st,
// TEXT and BLOB bytes in SQLite's memory. It fails if SQLite ran out of
// memory producing a TEXT or BLOB value (ncruces then records the error
// on st).
//
// Each value is read through sqlite3_column_value, then the sqlite3_value
// functions, as drivers/mattn and drivers/modernc do: one call per column
// into the statement's bookkeeping and the connection's mutex, rather than
// two (sqlite3_column_type, then sqlite3_column_int64 or another). A TEXT
// or BLOB value SQLite could not produce is read again through
// sqlite3_column_text or sqlite3_column_blob, which record running out of
// memory on st.
func readValues(st *sqlite3.Stmt, dest []contract.Value) error {
	for i := range dest {
		v := &dest[i]
		sv := st.ColumnValue(i)
		switch sv.Type() {
		case sqlite3.INTEGER:
			*v = contract.Value{Kind: contract.Integer, Int: sv.Int64()}
		case sqlite3.FLOAT:
			*v = contract.Value{Kind: contract.Float, Float: sv.Float()}
		case sqlite3.TEXT:
			b := sv.RawText()
			if b == nil {
				b = st.ColumnRawText(i)
			}
			*v = contract.Value{Kind: contract.Text, Bytes: b}
		case sqlite3.BLOB:
			b := sv.RawBlob() // nil for an empty BLOB
			if b == nil {
				b = st.ColumnRawBlob(i)
			}
			*v = contract.Value{Kind: contract.Blob, Bytes: b}
		default:
			*v = contract.Value{}
		}
	}
	return st.Err() // nil after a step to a row, unless a value failed
}

// readRow copies the current row of st into dest, which has one element
// per column: all columns in one call into SQLite (Stmt.Columns), which
// fails if SQLite ran out of memory copying a value.
func readRow(st *sqlite3.Stmt, dest []driver.Value) error {
	// Columns appends a BLOB to a []byte already in dest: start afresh,
	// so no value handed out before is overwritten.
	clear(dest)
	// driver.Value is defined as any: a []driver.Value is a []any.
	if err := st.Columns(unsafe.Slice((*any)(unsafe.SliceData(dest)), len(dest))...); err != nil {
		return err
	}
	for i, v := range dest {
		if b, ok := v.([]byte); ok && b == nil {
			dest[i] = []byte{} // an empty BLOB, not NULL
		}
	}
	return nil
}

// Close resets the statement, ending the execution early if it has not
// finished. Its error was already returned by Next, so it is not repeated.
func (r *rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	if r.s.rows == r && r.s.c.usable() {
		r.s.rows = nil
		r.s.c.resetQuietly(r.s.raw)
		r.s.clearBindings()
		r.s.clean = r.s.c.usable()
	}
	return nil
}
