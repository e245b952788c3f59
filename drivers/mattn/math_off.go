//go:build cgo && !sqlite_math_functions

package mattn

import (
	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// mathSupport: mattn compiles the math functions only with its
// sqlite_math_functions build tag.
var mathSupport = contract.Support{
	Reason: "mattn built without build tag sqlite_math_functions: rebuild with go build -tags sqlite_math_functions",
}
