package driver

import "database/sql/driver"

// Result is a driver.Result for a statement's ExecContext:
// sqlite3_last_insert_rowid and sqlite3_changes64 after the statement.
type Result struct {
	InsertID int64 // sqlite3_last_insert_rowid
	Changes  int64 // sqlite3_changes64
}

var _ driver.Result = Result{}

// LastInsertId returns r.InsertID.
func (r Result) LastInsertId() (int64, error) { return r.InsertID, nil }

// RowsAffected returns r.Changes.
func (r Result) RowsAffected() (int64, error) { return r.Changes, nil }
