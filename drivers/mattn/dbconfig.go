//go:build cgo

package mattn

/*
#include "sqlite3_api.h"

static int anysqlite_have_db_config(void) { return sqlite3_db_config != NULL; }

// anysqlite_db_config_bool sets a boolean sqlite3_db_config option and
// stores the value in effect afterwards in *after.
static int anysqlite_db_config_bool(void *db, int op, int on, int *after) {
	if (!sqlite3_db_config) {
		return ANYSQLITE_SQLITE_MISUSE;
	}
	return sqlite3_db_config((sqlite3 *)db, op, on, after);
}
*/
import "C"

import (
	"errors"
	"fmt"
	"slices"
	"unsafe"

	"github.com/anysqlite/anysqlite/adapter"
)

// supportedDBConfig lists the sqlite3_db_config options OpenConn can set.
var supportedDBConfig = []adapter.DBConfigOp{
	adapter.DBConfigEnableLoadExtension,
	adapter.DBConfigDefensive,
	adapter.DBConfigDQSDML,
	adapter.DBConfigDQSDDL,
	adapter.DBConfigTrustedSchema,
}

// haveDBConfig reports whether the linked SQLite has sqlite3_db_config.
func haveDBConfig() bool { return C.anysqlite_have_db_config() != 0 }

// checkDBConfig fails, with an error wrapping errors.ErrUnsupported, for an
// option OpenConn cannot set.
func checkDBConfig(opts map[adapter.DBConfigOp]bool) error {
	for op := range opts {
		if !slices.Contains(supportedDBConfig, op) {
			return fmt.Errorf("anysqlite/mattn: %w: sqlite3_db_config option %d", errors.ErrUnsupported, op)
		}
		if !haveDBConfig() {
			return fmt.Errorf("anysqlite/mattn: %w: the linked SQLite has no sqlite3_db_config", errors.ErrUnsupported)
		}
	}
	return nil
}

// applyDBConfig sets the options on the connection handle db and checks
// that each took effect.
func applyDBConfig(db unsafe.Pointer, opts map[adapter.DBConfigOp]bool) error {
	for _, op := range supportedDBConfig { // a fixed order
		on, ok := opts[op]
		if !ok {
			continue
		}
		want := C.int(0)
		if on {
			want = 1
		}
		var after C.int = -1
		if rc := C.anysqlite_db_config_bool(db, C.int(op), want, &after); rc != C.ANYSQLITE_SQLITE_OK {
			return fmt.Errorf("anysqlite/mattn: %w: sqlite3_db_config(%d, %d) returned %d", errors.ErrUnsupported, op, want, rc)
		}
		if after != want {
			return fmt.Errorf("anysqlite/mattn: %w: sqlite3_db_config(%d, %d) left the option at %d", errors.ErrUnsupported, op, want, after)
		}
	}
	return nil
}
