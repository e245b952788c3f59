package modernc

import (
	"errors"
	"fmt"
	"slices"

	"github.com/anysqlite/anysqlite/adapter"
)

// supportedDBConfig lists the sqlite3_db_config options OpenConn can set.
//
// They are set with sqlite3_db_config on the handle (clib.go) rather than
// with modernc's DSN parameters: _defensive can only switch DEFENSIVE on
// and _dqs only both DQS options off together, and there is none for
// ENABLE_LOAD_EXTENSION or TRUSTED_SCHEMA.
var supportedDBConfig = []adapter.DBConfigOp{
	adapter.DBConfigEnableLoadExtension,
	adapter.DBConfigDefensive,
	adapter.DBConfigDQSDML,
	adapter.DBConfigDQSDDL,
	adapter.DBConfigTrustedSchema,
}

// checkDBConfig fails, with an error wrapping errors.ErrUnsupported, for an
// option OpenConn cannot set.
func checkDBConfig(opts map[adapter.DBConfigOp]bool) error {
	for op := range opts {
		if !slices.Contains(supportedDBConfig, op) {
			return fmt.Errorf("anysqlite/modernc: %w: sqlite3_db_config option %d", errors.ErrUnsupported, op)
		}
	}
	return nil
}

// applyDBConfig sets the options on the connection and checks that each
// took effect.
func (c *conn) applyDBConfig(opts map[adapter.DBConfigOp]bool) error {
	for _, op := range supportedDBConfig { // a fixed order
		on, ok := opts[op]
		if !ok {
			continue
		}
		want := int32(0)
		if on {
			want = 1
		}
		rc, after, err := c.lib.dbConfigBool(int32(op), on)
		switch {
		case err != nil:
			return err
		case rc != 0:
			return fmt.Errorf("anysqlite/modernc: %w: sqlite3_db_config(%d, %d) returned %d", errors.ErrUnsupported, op, want, rc)
		case after != want:
			return fmt.Errorf("anysqlite/modernc: %w: sqlite3_db_config(%d, %d) left the option at %d", errors.ErrUnsupported, op, want, after)
		}
	}
	return nil
}
