//go:build cgo

package mattn

import (
	"context"
	"database/sql/driver"
	"slices"
	"unsafe"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

// stmt is a prepared statement. mattn compiled it and finalizes it; this
// package binds, steps and reads it through its handle (see step.go).
type stmt struct {
	c     *conn
	inner *sqlite3.SQLiteStmt
	h     unsafe.Pointer // *C.sqlite3_stmt of inner
	// clean is set while h is reset and has no bindings.
	clean bool
	// named caches the indexes of the parameters :name, @name and $name.
	named map[string][3]int
	// rows is the result set reading h, if any.
	rows *rows
	// names are the column names, read when SQLite had re-prepared the
	// statement reprep times.
	names  []string
	reprep int
	// first holds the values of the first row of rows, read by
	// QueryContext, until Next returns them.
	first []driver.Value
}

var (
	_ driver.Stmt             = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

// Close finalizes the statement. Rows still open on it are ended.
func (s *stmt) Close() error {
	s.detachRows()
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
// resets it, in one call into C (see stmt.call). A ctx that ends
// interrupts it (sqlite3_interrupt), and ends a wait for a lock too, see
// busy.go.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	w := newWatch(ctx, s.c.db)
	defer w.release()
	if err := w.begin(); err != nil {
		return nil, err
	}
	o, err := s.call(w, args, callExec)
	w.end()
	if err != nil {
		return nil, err
	}
	s.clean = true // the call reset it
	if o.err != nil {
		return nil, o.err
	}
	return result{id: o.rowid, changes: o.changes}, nil
}

// QueryContext runs the statement up to its first row and returns the
// rows; the first row is read at once (see stmt.call). The first step is
// taken here, before the columns are read: SQLite re-prepares a statement
// that a schema change expired only inside sqlite3_step, so the columns
// describe the current schema. ctx also governs the steps of Next.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	w := newWatch(ctx, s.c.db)
	if err := w.begin(); err != nil {
		w.release()
		return nil, err
	}
	o, err := s.call(w, args, callQuery)
	w.end()
	if err != nil {
		w.release()
		return nil, err
	}
	// The call reset the statement unless it stepped to a row.
	s.clean = o.rc != sqliteRow
	if o.err != nil {
		w.release()
		return nil, o.err
	}
	if err := w.err(); err != nil { // ended just as the step returned
		w.release()
		s.reset()
		return nil, err
	}
	r := &rows{s: s, w: w, names: s.columns(o.ncol, o.reprep), pending: o.rc == sqliteRow, read: o.read}
	if o.rc == sqliteDone {
		r.done = true
		w.release()
	}
	s.rows = r
	return r, nil
}

// ready reports whether the statement can run under ctx, and ends the
// result set still reading it.
func (s *stmt) ready(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
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

// namedIndexes returns the indexes of the parameters :name, @name and
// $name, 0 for those the statement does not have.
func (s *stmt) namedIndexes(name string) [3]int {
	if idx, ok := s.named[name]; ok {
		return idx
	}
	buf := make([]byte, len(name)+2) // prefix, name, NUL
	copy(buf[1:], name)
	var idx [3]int
	for j, prefix := range [3]byte{':', '@', '$'} {
		buf[0] = prefix
		idx[j] = bindParameterIndex(s.h, buf)
	}
	if s.named == nil {
		s.named = map[string][3]int{}
	}
	s.named[name] = idx
	return idx
}

// columns returns the names of the ncol result columns, a copy of those
// read before unless SQLite re-prepared the statement since.
func (s *stmt) columns(ncol, reprep int) []string {
	if s.names == nil || len(s.names) != ncol || s.reprep != reprep {
		s.names = make([]string, ncol)
		for i := range s.names {
			s.names[i] = columnName(s.h, i)
		}
		s.reprep = reprep
	}
	return slices.Clone(s.names)
}

// result is what an execution changed, read as soon as it finished.
type result struct {
	id      int64 // sqlite3_last_insert_rowid
	changes int64 // sqlite3_changes64
}

var _ driver.Result = result{}

// LastInsertId returns the connection's last insert rowid after the
// execution.
func (r result) LastInsertId() (int64, error) { return r.id, nil }

// RowsAffected returns the rows the execution changed.
func (r result) RowsAffected() (int64, error) { return r.changes, nil }
