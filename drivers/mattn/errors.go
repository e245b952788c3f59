//go:build cgo

package mattn

import (
	"errors"
	"strings"

	"github.com/anysqlite/anysqlite/sqlite"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// DecodeError reports the extended result code and sqlite3_errmsg carried
// by a mattn error (sqlite3.Error, or a bare sqlite3.ErrNo or
// sqlite3.ErrNoExtended) anywhere in err's chain.
func (Driver) DecodeError(err error) (code sqlite.ExtendedCode, msg string, ok bool) {
	var e sqlite3.Error
	var pe *sqlite3.Error
	var ext sqlite3.ErrNoExtended
	var prim sqlite3.ErrNo
	switch {
	case errors.As(err, &e):
	case errors.As(err, &pe) && pe != nil:
		e = *pe
	case errors.As(err, &ext):
		e = sqlite3.Error{Code: sqlite3.ErrNo(ext & 0xff), ExtendedCode: ext}
	case errors.As(err, &prim):
		e = sqlite3.Error{Code: prim}
	default:
		return 0, "", false
	}
	code = sqlite.ExtendedCode(e.Code)
	if e.ExtendedCode != 0 && sqlite3.ErrNo(e.ExtendedCode&0xff) == e.Code {
		code = sqlite.ExtendedCode(e.ExtendedCode)
	}
	// Error returns sqlite3_errmsg (sqlite3_errstr if there was none),
	// followed by ": " and the OS error for SQLITE_CANTOPEN and
	// SQLITE_IOERR.
	msg = e.Error()
	if e.SystemErrno != 0 {
		msg = strings.TrimSuffix(msg, ": "+e.SystemErrno.Error())
	}
	return code, msg, true
}
