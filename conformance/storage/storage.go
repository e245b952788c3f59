// Package storage is the conformance catalogue for storage safety: damaged
// and foreign files, read-only files, directories, mounts and file
// systems, a full disk, a database file moved while open, file system
// decisions.
//
// The storage faults are made for real where the machine allows (Linux,
// root, loop devices: package conformance/internal/mount): a 2 MiB tmpfs
// that fills up, an ext4 loop device switched to read-only, a read-only
// bind mount. Where one cannot be made, its case is reported unsupported
// with the reason.
//
// The damaged files are real: sample databases written by the driver under
// test, then cut short, overwritten with pseudo-random bytes (a fixed
// sequence, the same on every run) or replaced, and opened with defaults,
// with CheckOnOpen and with CorruptQuarantine. Quarantine is checked by
// checksums: the files moved aside must hold their original bytes.
package storage

import (
	"slices"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{
		Name:  "Storage",
		Title: "Storage safety",
		Doc:   "Corrupt, truncated, foreign and read-only files are reported, checked and quarantined the same way on every driver; network file systems get safe defaults.",
		// Every case handles the database's files on this machine.
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Cases: slices.Concat(damagedCases(), companionCases, foreignWALCases, readOnlyCases, readOnlyMountCases, readOnlyFSCases,
			directoryCases, diskFullCases, movedCases, networkCases),
	}}
}
