package modernc

import (
	"database/sql/driver"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

var _ contract.RowIDResetter = Driver{}

// ResetLastInsertRowID sets the last insert rowid of conn, a connection
// returned by OpenConn, to 0: sqlite3_set_last_insert_rowid on its handle,
// see clib.go. The adapter calls it before each INSERT, so that an INSERT
// that inserts no rowid row reports 0.
func (Driver) ResetLastInsertRowID(dc driver.Conn) error {
	c, err := asConn(dc)
	if err != nil {
		return err
	}
	c.lib.setLastInsertRowID(0)
	return nil
}
