package modernc

import (
	"context"
	"database/sql/driver"
	"sync"

	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

// rows is a result set whose columns were untyped by untypeColumns. It
// interrupts a step of Next when the query's context ends: modernc
// interrupts only the step Query takes, and in Next only ends waits for a
// lock.
type rows struct {
	inner driver.Rows
	ctx   context.Context
	db    uintptr
	stop  func() bool // stops the context watch; nil if ctx cannot end

	mu       sync.Mutex
	stepping bool // in inner.Next

	decltypes []string // declared column types, upper-cased
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
)

func newRows(ctx context.Context, inner driver.Rows, db uintptr) *rows {
	r := &rows{inner: inner, ctx: ctx, db: db}
	if ctx.Done() != nil {
		r.stop = context.AfterFunc(ctx, r.interrupt)
	}
	return r
}

// interrupt interrupts the step in progress, if any. The connection cannot
// be closed while Next runs, so db is valid then.
func (r *rows) interrupt() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stepping {
		interrupt(r.db)
	}
}

func (r *rows) setStepping(on bool) {
	r.mu.Lock()
	r.stepping = on
	r.mu.Unlock()
}

// Columns returns the column names.
func (r *rows) Columns() []string { return r.inner.Columns() }

// ColumnTypeDatabaseTypeName returns the declared type of column i as
// written in the schema, upper-cased, or "" for an expression.
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	if i < 0 || i >= len(r.decltypes) {
		return ""
	}
	return r.decltypes[i]
}

// Close stops watching the context and resets or finalizes the statement.
func (r *rows) Close() error {
	if r.stop != nil {
		r.stop()
	}
	return r.inner.Close()
}

// Next fills dest with the next row: int64, float64, string, []byte or
// nil, an empty BLOB as a non-nil []byte{} (modernc returns nil).
func (r *rows) Next(dest []driver.Value) error {
	if r.stop != nil {
		// stepping is set before ctx is checked: a context that ends
		// after the check finds it set and interrupts. An interrupt of
		// a statement that has started stays until the statement ends.
		r.setStepping(true)
		defer r.setStepping(false)
		if err := r.ctx.Err(); err != nil {
			return err
		}
	}
	if err := r.inner.Next(dest); err != nil {
		return err
	}
	wrap.NonNilBlobs(dest)
	return nil
}
