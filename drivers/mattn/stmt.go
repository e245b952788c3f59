//go:build cgo

package mattn

import (
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"time"
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
// resets it. A ctx that ends interrupts it (sqlite3_interrupt), and ends a
// wait for a lock too, see busy.go.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.start(args); err != nil {
		return nil, err
	}
	w := newWatch(ctx, s.c.db)
	defer w.release()
	if err := w.begin(); err != nil {
		s.reset()
		return nil, err
	}
	rc, rowid, changes := execStmt(s.h)
	w.end()
	if rc != sqliteDone {
		err := stepError(s.c.db, w, rc)
		s.reset()
		return nil, err
	}
	s.clean = true // execStmt reset it
	return result{id: rowid, changes: changes}, nil
}

// QueryContext runs the statement up to its first row and returns the
// rows. The first step is taken here, before the columns are read: SQLite
// re-prepares a statement that a schema change expired only inside
// sqlite3_step, so the columns describe the current schema. ctx also
// governs the steps of Next.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.start(args); err != nil {
		return nil, err
	}
	w := newWatch(ctx, s.c.db)
	if err := w.begin(); err != nil {
		w.release()
		s.reset()
		return nil, err
	}
	rc, ncol, reprep := firstStep(s.h)
	w.end()
	if rc != sqliteRow && rc != sqliteDone {
		err := stepError(s.c.db, w, rc)
		w.release()
		s.reset()
		return nil, err
	}
	if err := w.err(); err != nil { // ended just as the step returned
		w.release()
		s.reset()
		return nil, err
	}
	r := &rows{s: s, w: w, names: s.columns(ncol, reprep), pending: rc == sqliteRow}
	if rc == sqliteDone { // firstStep reset it
		s.clean = true
		r.done = true
		w.release()
	}
	s.rows = r
	return r, nil
}

// start makes the statement ready for a new execution with args bound.
func (s *stmt) start(args []driver.NamedValue) error {
	if s.h == nil || s.c.db == nil {
		return driver.ErrBadConn
	}
	s.detachRows()
	if !s.clean {
		resetStmt(s.h) // its error, if any, was reported before
	}
	s.clean = false
	for _, a := range args {
		if a.Name == "" {
			if err := s.bind(a.Ordinal, a.Value); err != nil {
				s.reset()
				return err
			}
			continue
		}
		for _, i := range s.namedIndexes(a.Name) {
			if i == 0 {
				continue
			}
			if err := s.bind(i, a.Value); err != nil {
				s.reset()
				return err
			}
		}
	}
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

// bind binds v to parameter i. v is one of the types the adapter binds
// (int64, float64, string, []byte, nil), or a bool or time.Time that
// database/sql's default conversion passes on, bound as mattn binds them.
func (s *stmt) bind(i int, v driver.Value) error {
	var rc int
	switch v := v.(type) {
	case nil:
		rc = bindNull(s.h, i)
	case int64:
		rc = bindInt64(s.h, i, v)
	case float64:
		rc = bindDouble(s.h, i, v)
	case string:
		rc = bindText(s.h, i, v)
	case []byte:
		if v == nil {
			rc = bindNull(s.h, i)
		} else {
			rc = bindBlob(s.h, i, v)
		}
	case bool:
		var n int64
		if v {
			n = 1
		}
		rc = bindInt64(s.h, i, n)
	case time.Time:
		rc = bindText(s.h, i, v.Format(sqlite3.SQLiteTimestampFormats[0]))
	default:
		return fmt.Errorf("anysqlite/mattn: unsupported argument type %T", v)
	}
	if rc != sqliteOK {
		return resultError(s.c.db, rc)
	}
	return nil
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
