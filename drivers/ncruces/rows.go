package ncruces

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"github.com/ncruces/go-sqlite3"
)

// errRowsClosed is returned by Next on rows that were closed, or whose
// statement has run again since.
var errRowsClosed = errors.New("ncruces: rows are closed")

// rows reads the result of one execution of a stmt.
type rows struct {
	s      *stmt
	ctx    context.Context
	names  []string
	loaded bool // a row was stepped to and not yet returned by Next
	done   bool // no more rows: the statement finished or failed
	closed bool
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
)

// start steps to the first row and reads the names of the columns, so
// that running out of memory for them is an error of the query.
func (r *rows) start() (err error) {
	defer r.s.c.catch(&err)
	if err := r.step(); err != nil {
		return err
	}
	st := r.s.raw
	names := make([]string, st.ColumnCount())
	for i := range names {
		names[i] = st.ColumnName(i) // panics if SQLite runs out of memory
	}
	r.names = names
	return nil
}

// step advances the statement by one row under r.ctx.
func (r *rows) step() (err error) {
	r.done = true // unless there is a row
	defer r.s.c.catch(&err)
	defer r.s.c.interruptOn(r.ctx)()
	if r.s.raw.Step() {
		r.loaded, r.done = true, false
		return nil
	}
	return r.s.raw.Err()
}

// Columns returns the names of the result columns.
func (r *rows) Columns() []string {
	return r.names
}

// ColumnTypeDatabaseTypeName returns the declared type of column i as
// written in the schema, or "" for an expression.
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	return r.s.raw.ColumnDeclType(i)
}

// Next copies the next row into dest. Each value's Go type follows its
// storage class alone: int64, float64, string, []byte or nil.
func (r *rows) Next(dest []driver.Value) (err error) {
	if r.closed || r.s.c.raw == nil {
		return errRowsClosed
	}
	if !r.s.c.usable() {
		return driver.ErrBadConn
	}
	defer r.s.c.catch(&err)
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
	st := r.s.raw
	if len(dest) != st.ColumnCount() {
		return fmt.Errorf("ncruces: Next: %d destinations for %d columns", len(dest), st.ColumnCount())
	}
	for i := range dest {
		dest[i] = columnValue(st, i)
	}
	return st.Err() // set if SQLite ran out of memory copying a value
}

// columnValue returns a copy of column i of the current row.
func columnValue(st *sqlite3.Stmt, i int) driver.Value {
	switch st.ColumnType(i) {
	case sqlite3.INTEGER:
		return st.ColumnInt64(i)
	case sqlite3.FLOAT:
		return st.ColumnFloat(i)
	case sqlite3.TEXT:
		return st.ColumnText(i)
	case sqlite3.BLOB:
		raw := st.ColumnRawBlob(i) // owned by SQLite; nil when empty
		b := make([]byte, len(raw))
		copy(b, raw)
		return b
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
	}
	return nil
}
