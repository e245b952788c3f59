// Package wal is the conformance catalogue for WAL mode and checkpoints.
package wal

import (
	"slices"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{
		{Name: "WAL", Title: "WAL mode", Doc: "Write-ahead logging: persistence, files, snapshots, concurrency (https://sqlite.org/wal.html).",
			Requires: localFile, Cases: walCases()},
		{Name: "Checkpoints", Title: "Checkpoints", Doc: "PASSIVE, FULL, RESTART and TRUNCATE checkpoints report and do what https://sqlite.org/c3ref/wal_checkpoint_v2.html says.",
			Requires: localFile, Cases: checkpointCases()},
	}
}

// localFile is what both categories need: the WAL and its checkpoints are
// files beside the database, on this machine.
var localFile = []adapter.Feature{adapter.FeatureLocalFile}

// walCases is the "WAL" table, by topic.
func walCases() []spec.Case {
	return slices.Concat(persistenceCases(), fileCases(), snapshotCases(), autocheckpointCases(),
		journalSizeLimitCases(), switchCases(), journalOptionCases(), synchronousCases())
}

// checkpointCases is the "Checkpoints" table, by topic.
func checkpointCases() []spec.Case {
	return slices.Concat(modeCases(), writerLockCases(), specialStateCases(), frameCountCases(), checkpointFileCases())
}
