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
	"unsafe"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

// haveDBConfig reports whether the linked SQLite has sqlite3_db_config.
func haveDBConfig() bool { return C.anysqlite_have_db_config() != 0 }

// checkDBConfig fails, with an error wrapping errors.ErrUnsupported, for an
// option OpenConn cannot set.
func checkDBConfig(opts map[contract.DBConfigOp]bool) error {
	if err := wrap.CheckDBConfig("anysqlite/mattn", opts); err != nil {
		return err
	}
	if len(opts) > 0 && !haveDBConfig() {
		return fmt.Errorf("anysqlite/mattn: %w: the linked SQLite has no sqlite3_db_config", errors.ErrUnsupported)
	}
	return nil
}

// applyDBConfig sets the options on the connection handle db and checks
// that each took effect.
func applyDBConfig(db unsafe.Pointer, opts map[contract.DBConfigOp]bool) error {
	return wrap.ApplyDBConfig("anysqlite/mattn", opts, func(op contract.DBConfigOp, on bool) (rc, after int, err error) {
		want := C.int(0)
		if on {
			want = 1
		}
		cafter := C.int(-1)
		crc := C.anysqlite_db_config_bool(db, C.int(op), want, &cafter)
		return int(crc), int(cafter), nil
	})
}
