// Package fts5 is the conformance catalogue for FTS5 full-text search.
package fts5

import "github.com/anysqlite/anysqlite/conformance/spec"

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{Name: "FTS5", Title: "FTS5 full-text search", Doc: "Tokenizers, MATCH syntax, ranking, auxiliary functions and maintenance commands of https://sqlite.org/fts5.html."}}
}
