//go:build cgo && sqlite_math_functions

package mattn

import "github.com/anysqlite/anysqlite/adapter"

// mathSupport: this build compiles the math functions into mattn's SQLite
// (mattn's sqlite_math_functions build tag adds
// -DSQLITE_ENABLE_MATH_FUNCTIONS).
var mathSupport = adapter.Support{OK: true}
