package modernc

import (
	"context"
	"database/sql/driver"

	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

// stmt is a prepared statement whose rows return values by storage class.
type stmt struct {
	c     *conn
	inner driver.Stmt // modernc's, compiled (pstmt != 0)
	pstmt uintptr
	// names holds the name of each named parameter by index, without its
	// prefix ("" for ? and ?NNN); nil if there is none. See byIndex.
	names []string
	// decltypes are the declared types of the last result's columns.
	decltypes []string
}

var (
	_ driver.Stmt             = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

// Close finalizes the statement.
func (s *stmt) Close() error { return s.inner.Close() }

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

// ExecContext runs the statement. ctx is not used (see
// contract.Conn): modernc's own cancellation, which would report ctx's
// error for a statement that completed, never runs; the adapter ends
// statements with Interrupt.
func (s *stmt) ExecContext(_ context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.c.ensureBusyHandler()
	return s.inner.(driver.StmtExecContext).ExecContext(context.Background(), s.byIndex(args))
}

// QueryContext runs the statement and returns rows that hold values by
// storage class only.
func (s *stmt) QueryContext(_ context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.c.ensureBusyHandler()
	dr, err := s.inner.(driver.StmtQueryContext).QueryContext(context.Background(), s.byIndex(args))
	if err != nil {
		return nil, err
	}
	decltypes, err := untypeColumns(dr, s.decltypes)
	if err != nil {
		dr.Close()
		return nil, err
	}
	s.decltypes = decltypes
	return &rows{inner: dr, c: s.c, decltypes: decltypes}, nil
}

// byIndex makes modernc bind args by index. modernc binds a named
// parameter only from an argument of its name: an argument given by
// position for :a gets the name "a", so that modernc finds it. (The adapter
// refuses positional arguments for a statement that uses one name with two
// prefixes, which modernc could not tell apart.)
func (s *stmt) byIndex(args []driver.NamedValue) []driver.NamedValue {
	if s.names == nil {
		return args
	}
	out := make([]driver.NamedValue, len(args))
	for i, a := range args {
		if a.Name == "" && a.Ordinal >= 1 && a.Ordinal <= len(s.names) {
			a.Name = s.names[a.Ordinal-1]
		}
		out[i] = a
	}
	return out
}
