//go:build cgo

package mattn

import (
	"database/sql/driver"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

// rows is a result set whose columns were untyped by untypeColumns.
type rows struct {
	inner *sqlite3.SQLiteRows
}

var _ driver.Rows = (*rows)(nil)

// Columns returns the column names.
func (r *rows) Columns() []string { return r.inner.Columns() }

// Close resets the statement.
func (r *rows) Close() error { return r.inner.Close() }

// Next fills dest with the next row: int64, float64, string, []byte or
// nil, an empty BLOB as a non-nil []byte{}.
func (r *rows) Next(dest []driver.Value) error {
	if err := r.inner.Next(dest); err != nil {
		return err
	}
	wrap.NonNilBlobs(dest)
	return nil
}
