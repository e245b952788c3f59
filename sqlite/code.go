package sqlite

import "strconv"

// Code is an SQLite primary result code. It is an error, so that
// errors.Is(err, sqlite.BUSY) tests an error for it.
type Code int

// Error returns SQLite's description of the code and its C name, for
// example "sqlite: database is locked (SQLITE_BUSY)".
func (c Code) Error() string {
	return "sqlite: " + c.Description() + " (" + c.String() + ")"
}

// String returns the C name of the code, for example "SQLITE_BUSY".
func (c Code) String() string {
	if n, ok := codeNames[c]; ok {
		return n[0]
	}
	return "SQLITE_" + strconv.Itoa(int(c))
}

// Description returns SQLite's description of the code (sqlite3_errstr),
// for example "database is locked".
func (c Code) Description() string {
	if n, ok := codeNames[c]; ok {
		return n[1]
	}
	return "result code " + strconv.Itoa(int(c))
}

// ExtendedCode is an SQLite extended result code: the primary code in the
// low 8 bits plus detail (https://sqlite.org/rescode.html#extrc).
type ExtendedCode int

// Code returns the primary result code.
func (c ExtendedCode) Code() Code { return Code(c & 0xff) }

// Error returns SQLite's description of the primary code and the C name
// of the extended one, for example "sqlite: constraint failed
// (SQLITE_CONSTRAINT_UNIQUE)".
func (c ExtendedCode) Error() string {
	return "sqlite: " + c.Code().Description() + " (" + c.String() + ")"
}

// String returns the C name of the code, for example
// "SQLITE_CONSTRAINT_UNIQUE", or the primary code's name with the detail
// number for codes without a name here ("SQLITE_IOERR_12").
func (c ExtendedCode) String() string {
	if n, ok := extendedNames[c]; ok {
		return n
	}
	if c == ExtendedCode(c.Code()) {
		return c.Code().String()
	}
	return c.Code().String() + "_" + strconv.Itoa(int(c>>8))
}

// Is reports whether target is c, or c's primary code: an extended code
// is an instance of its class.
func (c ExtendedCode) Is(target error) bool {
	switch t := target.(type) {
	case Code:
		return c.Code() == t
	case ExtendedCode:
		return c == t
	}
	return false
}
