// Package storage is the conformance catalogue for storage safety: damaged
// and foreign files, read-only files and directories, file system
// decisions.
package storage

import "github.com/anysqlite/anysqlite/conformance/spec"

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{Name: "Storage", Title: "Storage safety", Doc: "Corrupt, truncated, foreign and read-only files are reported, checked and quarantined the same way on every driver; network file systems get safe defaults."}}
}
