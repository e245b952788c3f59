// Package txn is the conformance catalogue for transactions.
package txn

import "github.com/anysqlite/anysqlite/conformance/spec"

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{Name: "Transactions", Title: "Transactions", Doc: "Commit, rollback on error, panic and cancellation, savepoints, locking modes."}}
}
