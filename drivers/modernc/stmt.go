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

// ExecContext runs the statement. modernc interrupts it when ctx ends and
// ends a wait for a lock under busy_timeout.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.c.ensureBusyHandler()
	return s.inner.(driver.StmtExecContext).ExecContext(ctx, args)
}

// QueryContext runs the statement and returns rows that hold values by
// storage class only.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.c.ensureBusyHandler()
	dr, err := s.inner.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	if err := untypeColumns(dr); err != nil {
		dr.Close()
		return nil, err
	}
	return newRows(ctx, dr, s.c.db), nil
}
