//go:build cgo

package mattn

import (
	"context"
	"database/sql/driver"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

// stmt is a prepared statement whose rows return values by storage class.
type stmt struct {
	inner *sqlite3.SQLiteStmt
	blank []string // one "" per result column, see untypeColumns
}

var (
	_ driver.Stmt             = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

// Close finalizes the statement.
func (s *stmt) Close() error { return s.inner.Close() }

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

// ExecContext runs the statement. mattn interrupts it (sqlite3_interrupt)
// when ctx ends; a wait for a lock then ends too, see busy.go.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	// mattn's interrupt is lost if ctx ended before sqlite3_step starts.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.inner.ExecContext(ctx, args)
}

// QueryContext runs the statement and returns rows that hold values by
// storage class only.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dr, err := s.inner.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	r := dr.(*sqlite3.SQLiteRows)
	n := len(r.Columns())
	if len(s.blank) != n {
		s.blank = make([]string, n)
	}
	untypeColumns(r, s.blank)
	return &rows{inner: r}, nil
}
