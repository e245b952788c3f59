package ncruces

import (
	"context"
	"database/sql/driver"

	"github.com/ncruces/go-sqlite3"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// stmt is one prepared statement of a conn.
type stmt struct {
	c    *conn
	raw  *sqlite3.Stmt
	rows *rows // the result set reading raw, if any
	// clean is set while raw is reset and has no bindings.
	clean bool
	// names are the column names, read when SQLite had re-prepared the
	// statement reprep times.
	names  []string
	reprep int
}

var (
	_ driver.Stmt             = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

// NumInput returns the number of parameters: the largest parameter index,
// named parameters included.
func (s *stmt) NumInput() int {
	return s.raw.BindCount()
}

// Close finalizes the statement; rows still open on it are ended.
func (s *stmt) Close() (err error) {
	s.detachRows()
	if !s.c.usable() {
		return nil // conn.Close finalized it, or will
	}
	defer s.c.catch(&err)
	return s.raw.Close()
}

// detachRows ends the result set still reading the statement, so that it
// cannot read the rows of a later execution.
func (s *stmt) detachRows() {
	if s.rows != nil {
		s.rows.closed = true
		s.rows = nil
	}
}

// restart makes the statement ready for a new execution with args bound.
// The caller recovers ncruces' panics (see conn.catch).
func (s *stmt) restart(args []driver.NamedValue) error {
	s.detachRows()
	if !s.c.usable() {
		return driver.ErrBadConn
	}
	if !s.clean {
		// The error of the previous execution was reported then.
		s.c.resetQuietly(s.raw)
		if !s.c.usable() {
			return driver.ErrBadConn
		}
		if err := s.raw.ClearBindings(); err != nil {
			return err
		}
	}
	s.clean = false
	return bindAll(s.raw, args)
}

// Exec runs the statement with positional arguments.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), positional(args))
}

// Query runs the statement with positional arguments.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), positional(args))
}

// ExecContext runs the statement to completion, discarding any rows.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (_ driver.Result, err error) {
	defer s.c.catch(&err)
	if err := s.restart(args); err != nil {
		return nil, err
	}
	err = s.run()
	// Drop the bound values now rather than at the next execution: they
	// may be large. (After a panic, the next execution does it.)
	s.clearBindings()
	s.clean = s.c.usable() // run reset the statement
	if err != nil {
		return nil, err
	}
	return contract.Result{InsertID: s.c.raw.LastInsertRowID(), Changes: s.c.raw.Changes()}, nil
}

// run runs the statement to its end, then resets it.
func (s *stmt) run() error {
	s.c.intr.start()
	return s.c.interruption(s.raw.Exec()) // steps to the end, then resets
}

// columns returns the names of the result columns, read again only when
// SQLite has re-prepared the statement (after a schema change) since they
// were last read. The caller must not change them.
func (s *stmt) columns() []string {
	reprep := s.raw.Status(sqlite3.STMTSTATUS_REPREPARE, false)
	if s.names == nil || s.reprep != reprep || len(s.names) != s.raw.ColumnCount() {
		names := make([]string, s.raw.ColumnCount())
		for i := range names {
			names[i] = s.raw.ColumnName(i) // panics if SQLite runs out of memory
		}
		s.names, s.reprep = names, reprep
	}
	return s.names
}

// clearBindings drops the bound values of a statement whose execution
// ended, if the connection can still be used.
func (s *stmt) clearBindings() {
	if s.c.usable() {
		_ = s.raw.ClearBindings() // always SQLITE_OK
	}
}

// QueryContext runs the statement up to its first row, so that errors
// surface here, and returns the rows. ctx also governs the later steps.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (_ driver.Rows, err error) {
	defer s.c.catch(&err)
	if err := s.restart(args); err != nil {
		return nil, err
	}
	r := &rows{s: s}
	if err := r.start(); err != nil {
		if s.c.usable() {
			s.c.resetQuietly(s.raw)
		}
		s.clearBindings()
		s.clean = s.c.usable()
		return nil, err
	}
	s.rows = r
	return r, nil
}

// positional turns the arguments of the deprecated Exec and Query into
// ordinal named values.
func positional(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, v := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return nv
}
