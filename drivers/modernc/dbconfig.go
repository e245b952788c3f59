package modernc

import (
	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

// The sqlite3_db_config options are set with sqlite3_db_config on the
// handle (clib.go) rather than with modernc's DSN parameters: _defensive
// can only switch DEFENSIVE on and _dqs only both DQS options off
// together, and there is none for ENABLE_LOAD_EXTENSION or
// TRUSTED_SCHEMA.

// checkDBConfig fails, with an error wrapping errors.ErrUnsupported, for an
// option OpenConn cannot set.
func checkDBConfig(opts map[contract.DBConfigOp]bool) error {
	return wrap.CheckDBConfig("anysqlite/modernc", opts)
}

// applyDBConfig sets the options on the connection and checks that each
// took effect.
func (c *conn) applyDBConfig(opts map[contract.DBConfigOp]bool) error {
	return wrap.ApplyDBConfig("anysqlite/modernc", opts, func(op contract.DBConfigOp, on bool) (rc, after int, err error) {
		crc, cafter, err := c.lib.dbConfigBool(int32(op), on)
		return int(crc), int(cafter), err
	})
}
