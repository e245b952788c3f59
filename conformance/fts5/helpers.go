package fts5

import (
	"context"
	"errors"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// needFTS5 is the Requires list of the cases that need nothing but FTS5.
var needFTS5 = []adapter.Feature{adapter.FeatureFTS5}

// rowids is the expected result of a query selecting only rowid: one row
// per id, in order. With no ids it is an empty (not nil) result, as All
// returns.
func rowids(ids ...int64) []adapter.Row {
	return column("rowid", toAny(ids)...)
}

// column is the expected result of a query selecting the single column
// name: one row per value, in order.
func column(name string, vals ...any) []adapter.Row {
	rows := []adapter.Row{}
	for _, v := range vals {
		rows = append(rows, adapter.Row{name: v})
	}
	return rows
}

func toAny[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// queryInt returns the single integer the query returns.
func queryInt(ctx context.Context, q adapter.Querier, query string, args ...any) (int64, error) {
	var n int64
	err := q.Get(ctx, &n, query, args...)
	return n, err
}

// queryIDs returns the first column of every row of query as integers:
// the rowids of a full-text query.
func queryIDs(ctx context.Context, q adapter.Querier, query string, args ...any) ([]int64, error) {
	ids := []int64{}
	err := q.All(ctx, &ids, query, args...)
	return ids, err
}

// sqliteError describes err as "SQLITE_CODE: message" if it is an
// *adapter.Error, and fails the case otherwise: every driver must report
// SQLite's errors as adapter errors.
func sqliteError(what string, err error) (string, error) {
	if err == nil {
		return "", spec.Failf("%s succeeded, want an error", what)
	}
	var se *adapter.Error
	if !errors.As(err, &se) {
		return "", spec.Failf("%s: error %v (%T), want an *adapter.Error", what, err, err)
	}
	return se.ExtendedCode().String() + ": " + se.Message(), nil
}

// runError returns an Action that runs query with Run and describes its
// error as sqliteError does, naming it what.
func runError(what, query string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		_, err := e.DB.Run(ctx, query)
		return sqliteError(what, err)
	}
}

// sqlQuote quotes s as an SQL string literal.
func sqlQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
