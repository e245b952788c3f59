package modernc

import (
	"database/sql/driver"

	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

// rows is a result set whose columns were untyped by untypeColumns.
type rows struct {
	inner     driver.Rows
	c         *conn
	decltypes []string // declared column types, upper-cased
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
)

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

// Close resets or finalizes the statement.
func (r *rows) Close() error { return r.inner.Close() }

// Next fills dest with the next row: int64, float64, string, []byte or
// nil, an empty BLOB as a non-nil []byte{} (modernc returns nil).
func (r *rows) Next(dest []driver.Value) error {
	r.c.ensureBusyHandler()
	if err := r.inner.Next(dest); err != nil {
		return err
	}
	wrap.NonNilBlobs(dest)
	return nil
}
