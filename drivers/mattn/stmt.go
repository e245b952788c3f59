//go:build cgo

package mattn

import (
	"context"
	"database/sql/driver"
	"unsafe"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/drivers/internal/wrap"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// stmt is a prepared statement. mattn compiled it and finalizes it; this
// package binds, steps and reads it through its handle (see step.go).
type stmt struct {
	c     *conn
	inner *sqlite3.SQLiteStmt
	h     unsafe.Pointer // *C.sqlite3_stmt of inner
	// clean is set while h is reset and has no bindings.
	clean bool
	// rows is the result set reading h, if any.
	rows *rows
	// names are the column names, read when SQLite had re-prepared the
	// statement reprep times.
	names  []string
	reprep int
	// first holds the values of the first row of rows, read by
	// QueryContext, until Next returns them; firstBytes holds their TEXT
	// and BLOB bytes (see keepFirst).
	first      []contract.Value
	firstBytes []byte
	// batch holds rows read ahead for NextValues.
	batch batch
}

var (
	_ driver.Stmt             = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

// Close finalizes the statement. Rows still open on it are ended.
func (s *stmt) Close() error {
	s.detachRows()
	s.batch.free()
	s.h = nil
	return s.inner.Close()
}

// NumInput returns sqlite3_bind_parameter_count.
func (s *stmt) NumInput() int { return s.inner.NumInput() }

// Exec is ExecContext with context.Background.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), wrap.Named(args))
}

// Query is QueryContext with context.Background.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), wrap.Named(args))
}

// ExecContext runs the statement to its end, as sqlite3_exec does, and
// resets it, in one call into C (see stmt.call). ctx is not used (see
// contract.Conn): the adapter ends a statement, or its wait for a lock
// (see busy.go), with Interrupt.
func (s *stmt) ExecContext(_ context.Context, args []driver.NamedValue) (driver.Result, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	o, err := s.call(args, callExec)
	if err != nil {
		return nil, err
	}
	s.clean = true // the call reset it
	if o.err != nil {
		return nil, o.err
	}
	return contract.Result{InsertID: o.rowid, Changes: o.changes}, nil
}

// QueryContext runs the statement up to its first row and returns the
// rows; the first row is read at once (see stmt.call). The first step is
// taken here, before the columns are read: SQLite re-prepares a statement
// that a schema change expired only inside sqlite3_step, so the columns
// describe the current schema. ctx is not used, as in ExecContext.
func (s *stmt) QueryContext(_ context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	o, err := s.call(args, callQuery)
	if err != nil {
		return nil, err
	}
	// The call reset the statement unless it stepped to a row.
	s.clean = o.rc != sqliteRow
	if o.err != nil {
		return nil, o.err
	}
	r := &rows{s: s, names: s.columns(o.ncol, o.reprep), pending: o.rc == sqliteRow, read: o.read}
	r.done = o.rc == sqliteDone
	s.rows = r
	return r, nil
}

// ready reports whether the statement can run, and ends the result set
// still reading it.
func (s *stmt) ready() error {
	if s.h == nil || s.c.db == nil {
		return driver.ErrBadConn
	}
	s.detachRows()
	return nil
}

// reset resets the statement, which releases its locks, and clears its
// bindings.
func (s *stmt) reset() {
	if s.h != nil && s.c.db != nil {
		resetStmt(s.h)
		s.clean = true
	}
}

// detachRows ends the result set still reading the statement, so that it
// cannot read the rows of a later execution.
func (s *stmt) detachRows() {
	if r := s.rows; r != nil {
		s.rows = nil
		r.end()
		r.closed = true
	}
}

// columns returns the names of the ncol result columns: those read before
// unless SQLite re-prepared the statement since, the same slice for every
// execution until then (the adapter copies them for database/sql, see
// contract.Driver).
func (s *stmt) columns(ncol, reprep int) []string {
	if s.names == nil || len(s.names) != ncol || s.reprep != reprep {
		s.names = make([]string, ncol)
		for i := range s.names {
			s.names[i] = columnName(s.h, i)
		}
		s.reprep = reprep
	}
	return s.names
}
