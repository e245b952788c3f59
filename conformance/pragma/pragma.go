// Package pragma is the conformance catalogue for pragmas.
package pragma

import "github.com/anysqlite/anysqlite/conformance/spec"

// Categories returns this package's case tables.
func Categories() []spec.Category {
	var cases []spec.Case
	for _, part := range [][]spec.Case{
		valueCases, persistCases, everyConnCases, settingCases, mmapCases,
		introspectCases, validationCases, perConnCases, throughSQLCases, secureCases,
	} {
		cases = append(cases, part...)
	}
	return []spec.Category{{Name: "Pragmas", Title: "Pragmas", Doc: "Pragma reads and writes, and per-connection settings on every pool connection.", Cases: cases}}
}
