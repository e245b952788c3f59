package modernc

import (
	"errors"
	"strconv"
	"strings"

	"github.com/anysqlite/anysqlite/sqlite"

	modernc "modernc.org/sqlite"
)

// DecodeError reports the extended result code and sqlite3_errmsg carried
// by a *modernc.Error anywhere in err's chain. modernc turns on extended
// result codes, so Code is the extended code.
func (Driver) DecodeError(err error) (code sqlite.ExtendedCode, msg string, ok bool) {
	var e *modernc.Error
	if !errors.As(err, &e) || e == nil {
		return 0, "", false
	}
	return sqlite.ExtendedCode(e.Code()), rawMessage(e.Error(), e.Code()), true
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
