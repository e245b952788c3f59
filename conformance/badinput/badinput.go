// Package badinput is the conformance catalogue for bad input: every
// misuse gives a typed, clear error on every driver, never a panic, and
// loses no data.
//
// Most cases start from the table keep (three known rows) and end by
// checking, through a new handle on the file, that keep still holds
// exactly those rows and that PRAGMA integrity_check is ok.
package badinput

import (
	"slices"

	"github.com/anysqlite/anysqlite/conformance/spec"
)

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{
		Name:  "Errors",
		Title: "Bad input and misuse",
		Doc:   "Malformed SQL, wrong arguments, misuse of closed handles and transactions, injection attempts: each gives a typed error, no panic, no data lost.",
		Cases: slices.Concat(sqlCases, argCases, pragmaCases, closedCases, txMisuseCases, concurrentCases,
			openCases, journalOffCases, destCases, iterateCases, operationCases),
	}}
}
