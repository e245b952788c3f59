// Package api is the conformance catalogue for the API's semantics: what
// Run reports, how arguments bind, how many statements each method takes,
// where Get and All put rows, how Iterate, prepared statements, closed
// handles and cancelled contexts behave, which error codes SQLite's
// errors carry, and what backups, serialized and in-memory databases hold.
package api

import (
	"slices"

	"github.com/anysqlite/anysqlite/conformance/spec"
)

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{
		Name:  "API",
		Title: "API semantics",
		Doc:   "Run, Get, All, Iterate, Exec and Prepare behave the same on every driver.",
		Cases: slices.Concat(
			resultCases, returningCases, refusedReturningCases, endedReadCases, paramCases, bindingCases, escapeCases, batchCases, argCountCases, statementCases, explainCases, execCases,
			getCases, iterateCases, midwayCases, stmtCases, turnoverCases, closedCases, contextCases, errorCases, fts5Cases,
			databaseCases,
		),
	}}
}
