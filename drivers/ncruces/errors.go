package ncruces

import (
	"errors"
	"strings"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/ncruces/go-sqlite3"
)

// ncrucesPrefix starts every message ncruces formats.
const ncrucesPrefix = "sqlite3: "

// DecodeError returns the extended result code and SQLite's message for an
// error of ncruces: a *sqlite3.Error, or a bare sqlite3.ErrorCode or
// sqlite3.ExtendedErrorCode (which ncruces returns when SQLite left no
// message, for example for an interrupt). ok is false for other errors.
func (Driver) DecodeError(err error) (code sqlite.ExtendedCode, msg string, ok bool) {
	var e *sqlite3.Error
	if errors.As(err, &e) {
		return sqlite.ExtendedCode(e.ExtendedCode()), message(e), true
	}
	// An ErrorCode converts itself to an ExtendedErrorCode through errors.As.
	var x sqlite3.ExtendedErrorCode
	if errors.As(err, &x) {
		return sqlite.ExtendedCode(x), codeText(x), true
	}
	return 0, "", false
}

// message recovers sqlite3_errmsg from e, which ncruces keeps unexported
// and formats as "sqlite3: <code text>: <errmsg>: <OS error>". ncruces drops
// an errmsg equal to the code's text; the code's text is returned then.
func message(e *sqlite3.Error) string {
	s := e.Error()
	if sys := e.Unwrap(); sys != nil {
		s = strings.TrimSuffix(s, ": "+sys.Error())
	}
	s = strings.TrimPrefix(s, e.ExtendedCode().Error())
	s = strings.TrimPrefix(s, ": ")
	if s == "" {
		return codeText(e.ExtendedCode())
	}
	return s
}

// codeText returns sqlite3_errstr for code as ncruces spells it, or "" when
// ncruces has no text for it (the adapter then supplies its own).
func codeText(code sqlite3.ExtendedErrorCode) string {
	s := strings.TrimPrefix(code.Error(), ncrucesPrefix)
	if s == "unknown error" {
		return ""
	}
	return s
}
