// Package wal is the conformance catalogue for WAL mode and checkpoints.
package wal

import "github.com/anysqlite/anysqlite/conformance/spec"

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{Name: "WAL", Title: "WAL mode", Doc: "Write-ahead logging: persistence, files, snapshots, concurrency (https://sqlite.org/wal.html)."}, {Name: "Checkpoints", Title: "Checkpoints", Doc: "PASSIVE, FULL, RESTART and TRUNCATE checkpoints report and do what https://sqlite.org/c3ref/wal_checkpoint_v2.html says."}}
}
