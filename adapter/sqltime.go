package adapter

import (
	"database/sql/driver"
	"strings"
)

// Times through DB.SQL.
//
// The adapter's own API never lets a declared column type change a value:
// a DATETIME column holding TEXT reads as a string into an any or a Row,
// and converts only when scanned into a time.Time. database/sql cannot do
// that conversion (it scans a string into *time.Time with "unsupported
// Scan"), and code written for the raw drivers, which all return time.Time
// for such columns, scans them into *time.Time through database/sql and
// sqlx. So on the database/sql path of DB.SQL and DB.SQLX, and only there,
// the values of columns declared DATE, DATETIME or TIMESTAMP are returned
// as time.Time: TEXT in any SQLite time format, INTEGER as Unix seconds,
// REAL as a Julian day (see toTime); a value that is none of these stays
// as it is. The adapter's own calls through database/sql carry ownMarker
// so that their rows are left alone.

// ownMarker starts the text of every statement the adapter itself sends
// through database/sql: a comment, which SQLite ignores.
const ownMarker = "/*anysqlite*/"

// ownText returns the text the adapter sends through database/sql for a
// statement whose text is sql.
func ownText(sql string) string { return ownMarker + sql }

// isTimeDeclType reports whether a declared column type is one of those
// the raw drivers read as time.Time: DATE, DATETIME or TIMESTAMP.
func isTimeDeclType(t string) bool {
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = t[:i]
	}
	switch strings.ToUpper(strings.TrimSpace(t)) {
	case "DATE", "DATETIME", "TIMESTAMP":
		return true
	}
	return false
}

// timeColumns returns which columns of r hold times for database/sql, or
// nil if none does or the rows are the adapter's own.
func (r *stmtRows) timeColumns() []bool {
	if r.s.own || r.direct {
		return nil
	}
	t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName)
	if !ok {
		return nil
	}
	var cols []bool
	n := len(r.Rows.Columns())
	for i := range n {
		if isTimeDeclType(t.ColumnTypeDatabaseTypeName(i)) {
			if cols == nil {
				cols = make([]bool, n)
			}
			cols[i] = true
		}
	}
	return cols
}

// convertTimes replaces the values of time columns in a row by time.Time
// where they parse.
func convertTimes(cols []bool, row []driver.Value) {
	for i, isTime := range cols {
		if !isTime || i >= len(row) || row[i] == nil {
			continue
		}
		if t, err := toTime(row[i]); err == nil {
			row[i] = t
		}
	}
}
