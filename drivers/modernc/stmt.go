package modernc

import (
	"context"
	"database/sql/driver"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/drivers/internal/wrap"

	sqlite3 "modernc.org/sqlite/lib"
)

// stmt is a prepared statement. modernc compiled it and finalizes it; this
// package binds, steps and reads it through its handle (see step.go).
type stmt struct {
	c     *conn
	inner driver.Stmt // modernc's, compiled (pstmt != 0)
	pstmt uintptr
	// clean is set while pstmt is reset and has no bindings.
	clean bool
	// rows is the result set reading pstmt, if any.
	rows *rows
	// names are the column names, read when SQLite had re-prepared the
	// statement reprep times.
	names  []string
	reprep int32
}

var (
	_ driver.Stmt             = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

// Close finalizes the statement. Rows still open on it are ended.
func (s *stmt) Close() error {
	s.detachRows()
	return s.inner.Close()
}

// NumInput returns sqlite3_bind_parameter_count (modernc reports -1), or
// -1 once the connection is closed.
func (s *stmt) NumInput() int {
	if s.c.lib == nil {
		return -1
	}
	return s.c.lib.bindParameterCount(s.pstmt)
}

// Exec is ExecContext with context.Background.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), wrap.Named(args))
}

// Query is QueryContext with context.Background.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), wrap.Named(args))
}

// start makes the statement ready for a new execution with args bound,
// TEXT and BLOB values with destructor del (see bindAll).
func (s *stmt) start(args []driver.NamedValue, del uintptr) error {
	if s.c.lib == nil {
		return driver.ErrBadConn
	}
	s.c.ensureBusyHandler()
	s.detachRows()
	if !s.clean {
		s.reset() // its error, if any, was reported before
	}
	s.clean = false
	if err := s.bindAll(args, del); err != nil {
		s.reset()
		return err
	}
	return nil
}

// ExecContext runs the statement to its end, as sqlite3_exec does, and
// resets it. TEXT and BLOB arguments are bound from the connection's
// arena without a copy: the statement's bindings are cleared before it
// returns. ctx is not used (see contract.Conn): the adapter ends a
// statement, or its wait for a lock (see busyHandler), with Interrupt.
func (s *stmt) ExecContext(_ context.Context, args []driver.NamedValue) (driver.Result, error) {
	if err := s.start(args, 0); err != nil {
		return nil, err
	}
	defer s.reset()
	l := s.c.lib
	rc := sqlite3.Xsqlite3_step(l.tls, s.pstmt)
	for rc == sqlite3.SQLITE_ROW {
		rc = sqlite3.Xsqlite3_step(l.tls, s.pstmt)
	}
	if rc != sqlite3.SQLITE_DONE {
		return nil, l.errorFor(rc)
	}
	return contract.Result{InsertID: sqlite3.Xsqlite3_last_insert_rowid(l.tls, s.c.db), Changes: sqlite3.Xsqlite3_changes64(l.tls, s.c.db)}, nil
}

// QueryContext runs the statement up to its first row and returns the
// rows. The first step is taken here, before the columns are read: SQLite
// re-prepares a statement that a schema change expired only inside
// sqlite3_step, so the columns describe the current schema. ctx is not
// used, as in ExecContext.
func (s *stmt) QueryContext(_ context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if err := s.start(args, sqliteTransient); err != nil {
		return nil, err
	}
	l := s.c.lib
	rc := sqlite3.Xsqlite3_step(l.tls, s.pstmt)
	if rc != sqlite3.SQLITE_ROW && rc != sqlite3.SQLITE_DONE {
		err := l.errorFor(rc)
		s.reset()
		return nil, err
	}
	r := &rows{s: s, names: s.columns(), pending: rc == sqlite3.SQLITE_ROW}
	if rc == sqlite3.SQLITE_DONE {
		r.end()
	}
	s.rows = r
	return r, nil
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
