// Package txn is the conformance catalogue for transactions.
package txn

import (
	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// Categories returns this package's case tables.
func Categories() []spec.Category {
	var cases []spec.Case
	for _, part := range [][]spec.Case{
		commitCases, panicCases, savepointCases, lockingCases, contextCases, endedCallCases,
		controlCases, doneCases, readOnlyCases, deferredCases,
	} {
		cases = append(cases, part...)
	}
	return []spec.Category{{Name: "Transactions", Title: "Transactions", Doc: "Commit, rollback on error, panic and cancellation, savepoints, locking modes.",
		Requires: []adapter.Feature{adapter.FeatureTransactions}, Cases: cases}}
}
