//go:build cgo && sqlite_math_functions

package mattn

import (
	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// mathSupport: this build compiles the math functions into mattn's SQLite
// (mattn's sqlite_math_functions build tag adds
// -DSQLITE_ENABLE_MATH_FUNCTIONS).
var mathSupport = contract.Support{OK: true}
