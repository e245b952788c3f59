// Package types is the conformance catalogue for value mapping.
package types

import "github.com/anysqlite/anysqlite/conformance/spec"

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{Name: "Types", Title: "Values and types", Doc: "Every Go value is stored and read back the same way on every driver."}}
}
