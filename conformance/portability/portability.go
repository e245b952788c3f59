// Package portability is the conformance catalogue for cross-driver files.
package portability

import "github.com/anysqlite/anysqlite/conformance/spec"

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{Name: "Portability", Title: "Files written by one driver, read by another", Doc: "A database written through the adapter with one driver reads back identically with every other."}}
}
