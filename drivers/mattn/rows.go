//go:build cgo

package mattn

import (
	"database/sql/driver"
	"errors"
	"io"
	"strings"
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
	if r.closed {
		return errRowsClosed
	}
	if r.done {
		return io.EOF
	}
	s := r.s
	c := s.c
	if c.db == nil {
		return driver.ErrBadConn
	}
	var rc int
	var err error
	if r.pending && r.read {
		r.pending, r.read = false, false
		for i := range dest {
			dest[i] = nil
			if i < len(s.first) {
				dest[i] = s.first[i]
			}
		}
		clear(s.first)
		return nil
	}
	if r.pending {
		r.pending = false
		rc, err = currentRow(s.h, &c.cols, len(r.names), dest)
	} else {
		rc, err = stepRow(s.h, &c.cols, len(r.names), dest)
	}
	switch {
	case err != nil:
		r.end()
		return err
	case rc == sqliteRow:
		return nil
	case rc == sqliteDone: // stepRow reset it
		s.clean = true
		r.done = true
		return io.EOF
	default:
		err := resultError(c.db, rc)
		r.end()
		return err
	}
}
