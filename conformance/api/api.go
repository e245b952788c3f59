// Package api is the conformance catalogue for the API's semantics.
package api

import "github.com/anysqlite/anysqlite/conformance/spec"

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{Name: "API", Title: "API semantics", Doc: "Run, Get, All, Iterate, Exec and Prepare behave the same on every driver."}}
}
