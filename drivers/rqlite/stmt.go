package rqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"strings"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

// stmt is a statement of a connection: rqlite has no prepared
// statements, so it keeps the text, compiled once by PrepareContext.
type stmt struct {
	c    *conn
	text string   // one statement, without the comments and semicolons around it
	st   stmtText // what scanSQL learned of text
}

var (
	_ driver.Stmt             = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

// Close does nothing: nothing is held on the cluster.
func (s *stmt) Close() error { return nil }

// NumInput returns the number of parameters as sqlite3_bind_parameter_count
// counts them.
func (s *stmt) NumInput() int { return s.st.params }

// Exec is ExecContext with context.Background.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), wrap.Named(args))
}

// Query is QueryContext with context.Background.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), wrap.Named(args))
}

// ExecContext runs the statement ([Client.Exec]): a write is applied
// exactly once or not at all, and its error means it was not applied
// unless it wraps [ErrOutcomeUnknown]. On a read-only connection it runs
// on the query endpoint, where rqlite refuses a write.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	vals, err := positional(args, s.st.params)
	if err != nil {
		return nil, err
	}
	rctx, done := s.c.request(ctx)
	defer done()
	if s.c.readOnly {
		_, err := s.readOnly(rctx, vals, false)
		return contract.Result{}, s.c.result(rctx, err)
	}
	res, err := s.c.client.Exec(rctx, s.text, vals...)
	if err != nil {
		return nil, s.c.result(rctx, err)
	}
	return contract.Result{InsertID: res.LastInsertID, Changes: res.RowsAffected}, nil
}

// QueryContext runs the statement ([Client.Query]) and returns all its
// rows: rqlite answers with the whole result.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	vals, err := positional(args, s.st.params)
	if err != nil {
		return nil, err
	}
	rctx, done := s.c.request(ctx)
	defer done()
	var r *Rows
	if s.c.readOnly {
		r, err = s.readOnly(rctx, vals, true)
	} else {
		r, err = s.c.client.Query(rctx, s.text, vals...)
	}
	if err != nil {
		return nil, s.c.result(rctx, err)
	}
	return newRows(r), nil
}

// readOnly runs the statement on the query endpoint, which refuses a
// write: SQLITE_READONLY, as SQLite reports it on a read-only connection.
func (s *stmt) readOnly(ctx context.Context, args []any, wrapped bool) (*Rows, error) {
	r, err := s.c.client.queryRead(ctx, s.text, s.st, args, wrapped)
	if errors.Is(err, errNotQuery) {
		return nil, errReadOnly()
	}
	return r, err
}

// rows is a complete result set.
type rows struct {
	r *Rows
	i int
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
)

func newRows(r *Rows) *rows {
	if r == nil {
		r = &Rows{}
	}
	return &rows{r: r}
}

// Columns returns the column names.
func (r *rows) Columns() []string { return r.r.Columns }

// Close does nothing: the rows are in memory.
func (r *rows) Close() error { return nil }

// Next fills dest with the next row: int64, float64, string, []byte
// (non-nil) or nil, by storage class.
func (r *rows) Next(dest []driver.Value) error {
	if r.i >= len(r.r.Values) {
		return io.EOF
	}
	for j, v := range r.r.Values[r.i] {
		if j < len(dest) {
			dest[j] = v
		}
	}
	r.i++
	return nil
}

// ColumnTypeDatabaseTypeName returns the declared type of column i, upper
// case, or "" for an expression.
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	if i < 0 || i >= len(r.r.DeclTypes) {
		return ""
	}
	return strings.ToUpper(r.r.DeclTypes[i])
}
