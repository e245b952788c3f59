// Package pragma is the conformance catalogue for pragmas.
package pragma

import "github.com/anysqlite/anysqlite/conformance/spec"

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{Name: "Pragmas", Title: "Pragmas", Doc: "Pragma reads and writes, and per-connection settings on every pool connection."}}
}
