package modernc

import (
	"database/sql/driver"
	"errors"
	"io"
	"strings"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// errRowsClosed is returned by Next on rows that were closed, or whose
// statement has run again or was closed since.
var errRowsClosed = errors.New("anysqlite/modernc: rows are closed")

// rows reads the result of one execution of a stmt.
type rows struct {
	s       *stmt
	names   []string
	pending bool // QueryContext stepped to a row that Next has not returned
	done    bool // no more rows: the statement finished or failed, and was reset
	closed  bool
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ contract.ValueRows                    = (*rows)(nil)
)

// Columns returns the column names, as they are after the first step.
func (r *rows) Columns() []string { return r.names }

// ColumnTypeDatabaseTypeName returns the declared type of column i as
// written in the schema (https://sqlite.org/c3ref/column_decltype.html),
// upper-cased, or "" for an expression.
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	l := r.s.c.lib
	if r.closed || l == nil || i < 0 || i >= len(r.names) {
		return ""
	}
	return strings.ToUpper(libc.GoString(sqlite3.Xsqlite3_column_decltype(l.tls, r.s.pstmt, int32(i))))
}

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
	if !r.done {
		r.done = true
		r.s.reset()
	}
}

// Next fills dest with the next row: int64, float64, string, []byte or
// nil by storage class, an empty BLOB as a non-nil []byte{}. A step that
// the adapter interrupts (see conn.Interrupt) fails with SQLITE_INTERRUPT.
func (r *rows) Next(dest []driver.Value) error {
	if err := r.advance(); err != nil {
		return err
	}
	if err := r.s.readRow(dest, len(r.names)); err != nil {
		r.end()
		return err
	}
	return nil
}

// NextValues is Next with typed values (contract.ValueRows): TEXT and BLOB
// bytes stay in SQLite's memory, valid until the rows move on.
func (r *rows) NextValues(dest []contract.Value) error {
	if err := r.advance(); err != nil {
		return err
	}
	if err := r.s.readValues(dest, len(r.names)); err != nil {
		r.end()
		return err
	}
	return nil
}

// advance moves the statement to the next row, or returns io.EOF after
// the last row.
func (r *rows) advance() error {
	if r.closed {
		return errRowsClosed
	}
	if r.done {
		return io.EOF
	}
	s := r.s
	l := s.c.lib
	if l == nil {
		return driver.ErrBadConn
	}
	if r.pending {
		r.pending = false
		return nil
	}
	s.c.ensureBusyHandler() // another statement may have run PRAGMA busy_timeout
	switch rc := sqlite3.Xsqlite3_step(l.tls, s.pstmt); rc {
	case sqlite3.SQLITE_ROW:
		return nil
	case sqlite3.SQLITE_DONE:
		r.end()
		return io.EOF
	default:
		err := l.errorFor(rc)
		r.end()
		return err
	}
}
