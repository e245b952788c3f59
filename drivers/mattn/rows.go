//go:build cgo

package mattn

import (
	"database/sql/driver"
	"errors"
	"io"
	"strings"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// errRowsClosed is returned by Next on rows that were closed, or whose
// statement has run again or was closed since.
var errRowsClosed = errors.New("anysqlite/mattn: rows are closed")

// rows reads the result of one execution of a stmt.
type rows struct {
	s       *stmt
	names   []string
	pending bool // QueryContext stepped to a row that Next has not returned
	read    bool // and read that row's values into s.first
	done    bool // no more rows: the statement finished or failed, and was reset
	closed  bool
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ contract.ValueRows                    = (*rows)(nil)
)

// ColumnTypeDatabaseTypeName returns the declared type of column i as
// written in the schema (sqlite3_column_decltype), upper-cased, or "" for
// an expression.
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	if r.closed || r.s.h == nil || i < 0 || i >= len(r.names) {
		return ""
	}
	return strings.ToUpper(columnDeclType(r.s.h, i))
}

// Columns returns the column names, as they are after the first step.
func (r *rows) Columns() []string { return r.names }

// Close resets the statement, which ends the execution early if it has
// not finished and releases its locks. Its error, if any, was returned by
// Next.
func (r *rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	if r.s.rows == r {
		r.s.rows = nil
		r.end()
	}
	return nil
}

// end stops reading: the statement is reset unless it was already.
func (r *rows) end() {
	r.pending = false
	if r.s.batch.rows == r {
		r.s.batch.drop()
	}
	if r.read {
		r.read = false
		clear(r.s.first)
	}
	if !r.done {
		r.done = true
		r.s.reset()
	}
}

// Next fills dest with the next row: int64, float64, string, []byte or
// nil by storage class, an empty BLOB as a non-nil []byte{}. A step that
// the adapter interrupts (see conn.Interrupt) fails with SQLITE_INTERRUPT.
func (r *rows) Next(dest []driver.Value) error {
	if r.pending && r.read && !r.closed && r.s.c.db != nil {
		r.takeFirst(func(i int, v *contract.Value) { dest[i] = v.Any() }, len(dest))
		return nil
	}
	cols, err := r.advance(len(dest))
	if err == nil {
		readRow(dest, cols)
	}
	return err
}

// NextValues is Next with typed values (contract.ValueRows): TEXT and BLOB
// bytes stay in SQLite's memory, valid until the rows move on.
func (r *rows) NextValues(dest []contract.Value) error {
	if r.pending && r.read && !r.closed && r.s.c.db != nil {
		r.takeFirst(func(i int, v *contract.Value) { dest[i] = *v }, len(dest))
		return nil
	}
	cols, err := r.advanceBatch(len(dest))
	if err == nil {
		readValues(dest, cols)
	}
	return err
}

// advanceBatch is advance through the statement's batch: rows are read
// ahead, many per call into C, and handed out one at a time; the end of
// the rows, or the error that ended them, comes after the last.
func (r *rows) advanceBatch(n int) ([]colDesc, error) {
	bt := &r.s.batch
	if bt.rows == r {
		if cols, ok := bt.next(r); ok {
			return cols, nil
		}
		end := bt.end
		bt.drop()
		switch {
		case end == io.EOF: // anysqlite_next_batch reset the statement
			r.s.clean = true
			r.done = true
			return nil, io.EOF
		case end != nil:
			r.end()
			return nil, end
		}
	}
	if r.closed || r.done || r.pending || r.s.c.db == nil {
		return r.advance(n) // the end, an error, or a row already stepped to
	}
	if err := bt.fill(r, r.s.h, len(r.names)); err != nil {
		r.end()
		return nil, err
	}
	return r.advanceBatch(n)
}

// takeFirst hands the values of the first row, which QueryContext read
// into s.first, to set, for n columns (NULL beyond the row's).
func (r *rows) takeFirst(set func(i int, v *contract.Value), n int) {
	r.pending, r.read = false, false
	first := r.s.first
	for i := range n {
		if i < len(first) {
			set(i, &first[i])
		} else {
			set(i, &contract.Value{})
		}
	}
}

// advance moves to the next row and returns the description of its first
// n columns (at most the result's), or io.EOF after the last row.
func (r *rows) advance(n int) ([]colDesc, error) {
	if r.s.batch.rows == r { // NextValues read rows ahead: those come first
		return r.advanceBatch(n)
	}
	if r.closed {
		return nil, errRowsClosed
	}
	if r.done {
		return nil, io.EOF
	}
	s := r.s
	c := s.c
	if c.db == nil {
		return nil, driver.ErrBadConn
	}
	step := !r.pending
	r.pending = false
	cols, rc, err := nextCols(s.h, &c.cols, min(len(r.names), n), step)
	switch {
	case err != nil:
		r.end()
		return nil, err
	case rc == sqliteRow:
		return cols, nil
	case rc == sqliteDone: // nextCols reset it
		s.clean = true
		r.done = true
		return nil, io.EOF
	default:
		err := resultError(c.db, rc)
		r.end()
		return nil, err
	}
}
