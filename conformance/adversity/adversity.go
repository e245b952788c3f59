// Package adversity is the conformance catalogue of calls under
// adversity: contexts that end at random moments (on BEGIN, on a
// statement, on COMMIT, during a wait for a lock), many goroutines on one
// pool, nested savepoints that fail, panic or are interrupted, Close
// during work, and transactions that SQLite rolls back on its own.
//
// Each storm case runs for a fixed time (spec.Env.Storm, a few seconds by
// default) with a seeded random choice of calls, and checks a ledger:
// every write gets a unique id; afterwards, read through a fresh handle,
// every write whose call (and every transaction and savepoint around it)
// returned nil is present exactly once, and every write whose call
// returned an error is absent. It also checks that no pooled connection
// is left in use or inside a transaction, that errors caused by ended
// contexts have the adapter's documented shape, and that goroutines and
// file descriptors return to their level once the database is closed. A
// failure names the seed, to repeat the storm's choices.
package adversity

import (
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// Categories returns the catalogue.
func Categories() []spec.Category {
	return []spec.Category{{
		Name:  "Adversity",
		Title: "Adversity: cancellation, concurrency and Close against a ledger",
		Doc:   "Nil means committed exactly once and an error means nothing changed, while contexts end at random moments, many goroutines share a pool, savepoints fail, panic or are interrupted, the disk fills and Close interrupts work.",
		Cases: cases,
	}}
}

var cases = append(append(stormCases, closeCases...), rollbackCases...)
