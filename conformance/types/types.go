// Package types is the conformance catalogue for value mapping: what each
// Go value is stored as, what comes back into an any or a Row, how
// declared column types and SQLite's type affinity act, and which
// conversions scanning into typed destinations makes. See the adapter
// package documentation and the README section "Values".
package types

import (
	"slices"

	"github.com/anysqlite/anysqlite/conformance/spec"
)

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{
		Name:  "Types",
		Title: "Values and types",
		Doc:   "Every Go value is stored and read back the same way on every driver.",
		Cases: slices.Concat(
			nullCases, integerCases, realCases, textCases, boolCases, timeCases,
			declaredCases, affinityCases, strictCases, scanCases, bindCases, jsonCases,
		),
	}}
}
