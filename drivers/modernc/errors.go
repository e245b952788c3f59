package modernc

import (
	"errors"
	"strconv"
	"strings"

	sqlite "modernc.org/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
)

// DecodeError reports the extended result code and sqlite3_errmsg carried
// by a *sqlite.Error anywhere in err's chain. modernc turns on extended
// result codes, so Code is the extended code.
func (Driver) DecodeError(err error) (code adapter.ExtendedErrorCode, msg string, ok bool) {
	var e *sqlite.Error
	if !errors.As(err, &e) || e == nil {
		return 0, "", false
	}
	return adapter.ExtendedErrorCode(e.Code()), rawMessage(e.Error(), e.Code()), true
}

// rawMessage undoes the decoration modernc's errstrForDB adds to
// sqlite3_errmsg: "<sqlite3_errstr>: <sqlite3_errmsg> (<rc>)", or
// "<sqlite3_errstr> (<rc>)" when the two are equal, followed by
// " (SQLITE_BUSY)" when rc is SQLITE_BUSY.
func rawMessage(s string, rc int) string {
	if rc == 5 {
		s = strings.TrimSuffix(s, " (SQLITE_BUSY)")
	}
	s = strings.TrimSuffix(s, " ("+strconv.Itoa(rc)+")")
	if msg, ok := strings.CutPrefix(s, sqliteErrstr(int32(rc))+": "); ok {
		return msg
	}
	return s
}
