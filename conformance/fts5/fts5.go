// Package fts5 is the conformance catalogue for FTS5 full-text search.
//
// Every case requires [adapter.FeatureFTS5]; on a driver built without
// FTS5 (mattn without the sqlite_fts5 tag) the cases are reported
// unsupported with the driver's reason. The cases are split by topic:
// tokenizers, query syntax, ranking, auxiliary functions, content
// options, special commands, fts5vocab, table options and the interplay
// with the adapter's transactions and pool.
package fts5

import "github.com/anysqlite/anysqlite/conformance/spec"

// Categories returns this package's case tables.
func Categories() []spec.Category {
	return []spec.Category{{
		Name:  "FTS5",
		Title: "FTS5 full-text search",
		Doc:   "Tokenizers, MATCH syntax, ranking, auxiliary functions and maintenance commands of https://sqlite.org/fts5.html.",
		Cases: cases(),
	}}
}

// cases is the whole table, in matrix order.
func cases() []spec.Case {
	var all []spec.Case
	for _, f := range []func() []spec.Case{
		tokenizerCases, queryCases, queryErrorCases, rankingCases, auxiliaryCases,
		contentCases, commandCases, vocabCases, optionCases, integrationCases,
	} {
		all = append(all, f()...)
	}
	return all
}
