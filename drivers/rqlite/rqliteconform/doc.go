// Package rqliteconform runs the conformance suite and the failover
// ledger on an rqlite cluster started with package rqlitetest: what the
// driver's tests and cmd/conform share.
package rqliteconform
