// Package badinput is the conformance catalogue for bad input: every
// misuse gives a typed, clear error on every driver, never a panic, and
// loses no data.
package badinput

import "github.com/anysqlite/anysqlite/conformance/spec"

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{Name: "Errors", Title: "Bad input and misuse", Doc: "Malformed SQL, wrong arguments, misuse of closed handles and transactions, injection attempts: each gives a typed error, no panic, no data lost."}}
}
