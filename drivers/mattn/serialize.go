//go:build cgo

package mattn

/*
#include <stdlib.h>
#include <string.h>
#include "sqlite3_api.h"

static int anysqlite_have_serialize(void) {
	return sqlite3_serialize && sqlite3_deserialize && sqlite3_malloc64 && sqlite3_free;
}

// anysqlite_serialize returns sqlite3_serialize's copy of the schema's
// database, to be freed with anysqlite_free, and its size in *size: -1 if
// there is no such schema; NULL with *size 0 for an empty database.
static unsigned char *anysqlite_serialize(void *db, const char *schema, sqlite3_int64 *size) {
	*size = -1;
	return sqlite3_serialize((sqlite3 *)db, schema, size, 0);
}

static void anysqlite_free(void *p) { sqlite3_free(p); }

// anysqlite_deserialize replaces the schema's database with a resizable
// in-memory copy of data[0:n] that the connection owns.
static int anysqlite_deserialize(void *db, const char *schema, const void *data, sqlite3_int64 n) {
	unsigned char *buf = sqlite3_malloc64(n > 0 ? (sqlite3_uint64)n : 1);
	if (buf == NULL) {
		return ANYSQLITE_SQLITE_NOMEM;
	}
	if (n > 0) {
		memcpy(buf, data, (size_t)n);
	}
	// On failure sqlite3_deserialize frees buf itself (FREEONCLOSE).
	return sqlite3_deserialize((sqlite3 *)db, schema, buf, n, n,
		ANYSQLITE_SQLITE_DESERIALIZE_FREEONCLOSE | ANYSQLITE_SQLITE_DESERIALIZE_RESIZEABLE);
}
*/
import "C"

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"unsafe"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// haveSerialize reports whether the linked SQLite has sqlite3_serialize and
// sqlite3_deserialize (mattn's libsqlite3 build tag can link one without).
func haveSerialize() bool { return C.anysqlite_have_serialize() != 0 }

// Serialize returns a copy of the database called schema ("" means
// "main") of conn, a connection returned by OpenConn
// (https://sqlite.org/c3ref/serialize.html).
func (Driver) Serialize(dc driver.Conn, schema string) ([]byte, error) {
	c, err := asConn(dc)
	if err != nil {
		return nil, err
	}
	if !haveSerialize() {
		return nil, fmt.Errorf("anysqlite/mattn: %w: the linked SQLite has no sqlite3_serialize", errors.ErrUnsupported)
	}
	if schema == "" {
		schema = "main"
	}
	cs := C.CString(schema)
	defer C.free(unsafe.Pointer(cs))
	var size C.sqlite3_int64
	p := C.anysqlite_serialize(c.db, cs, &size)
	if p == nil {
		switch {
		case size < 0:
			return nil, fmt.Errorf("anysqlite/mattn: serialize: %w", sqliteError(1, "unknown database "+schema))
		case size == 0:
			return []byte{}, nil
		default:
			return nil, fmt.Errorf("anysqlite/mattn: serialize: %w", sqliteError(7, ""))
		}
	}
	defer C.anysqlite_free(unsafe.Pointer(p))
	return append([]byte{}, unsafe.Slice((*byte)(unsafe.Pointer(p)), int(size))...), nil
}

// Deserialize replaces the database called schema ("" means "main") of
// conn with a resizable in-memory copy of data that the connection owns
// (https://sqlite.org/c3ref/deserialize.html). mattn's own
// SQLiteConn.Deserialize makes a database that cannot grow.
func (Driver) Deserialize(dc driver.Conn, schema string, data []byte) error {
	c, err := asConn(dc)
	if err != nil {
		return err
	}
	if !haveSerialize() {
		return fmt.Errorf("anysqlite/mattn: %w: the linked SQLite has no sqlite3_deserialize", errors.ErrUnsupported)
	}
	if schema == "" {
		schema = "main"
	}
	cs := C.CString(schema)
	defer C.free(unsafe.Pointer(cs))
	var p unsafe.Pointer
	if len(data) > 0 {
		p = unsafe.Pointer(&data[0])
	}
	if rc := C.anysqlite_deserialize(c.db, cs, p, C.sqlite3_int64(len(data))); rc != C.ANYSQLITE_SQLITE_OK {
		return fmt.Errorf("anysqlite/mattn: deserialize %s: %w", schema, sqliteError(int(rc), ""))
	}
	return nil
}

// sqliteError builds a mattn error for a result code SQLite returned
// without a message on the connection. Its Error method gives
// sqlite3_errstr(code); msg, if set, is added by the caller's wrapping.
func sqliteError(code int, msg string) error {
	e := sqlite3.Error{Code: sqlite3.ErrNo(code & 0xff), ExtendedCode: sqlite3.ErrNoExtended(code)}
	if msg != "" {
		return fmt.Errorf("%s: %w", msg, e)
	}
	return e
}
