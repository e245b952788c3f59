package api

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// turnoverCases: a prepared statement outlives the connection's statement
// cache turning over many times.
var turnoverCases = []spec.Case{
	{
		Name: "StmtSurvivesStatementCacheTurnover",
		Doc: "a Stmt that has read rows (Get, All, Iterate) keeps working after many other statements went " +
			"through its connection's statement cache (one connection, a cache of 4): its answers stay right, " +
			"its statement is never finalized or shared under it",
		Action: stmtCacheTurnover,
		Want:   "every answer right",
	},
}

// stmtCacheTurnover reads through a prepared statement, runs 20 other
// statements on the only connection, and reads again, five times over.
func stmtCacheTurnover(ctx context.Context, e *spec.Env) (any, error) {
	db, err := e.Open(ctx, filepath.Join(e.Dir, "turnover.db"), adapter.Options{MaxOpenConns: 1, StmtCacheSize: 4})
	if err != nil {
		return nil, err
	}
	if err := db.Exec(ctx, "CREATE TABLE t(id INTEGER PRIMARY KEY); INSERT INTO t SELECT value FROM json_each('[1,2,3,4,5,6,7,8,9,10]')"); err != nil {
		return nil, err
	}
	st, err := db.Prepare(ctx, "SELECT id FROM t WHERE id > ? ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer st.Close()
	for round := range 5 {
		above := int64(round + 1)
		if err := readAbove(ctx, st, above); err != nil {
			return fmt.Sprintf("round %d: %v", round, err), nil
		}
		for i := range 20 {
			var n int64
			if err := db.Get(ctx, &n, fmt.Sprintf("SELECT %d + ?", i), round); err != nil {
				return nil, err
			}
		}
	}
	return "every answer right", nil
}

// readAbove reads the ids above n through st with Get, All and Iterate,
// and reports the first wrong answer.
func readAbove(ctx context.Context, st *adapter.Stmt, n int64) error {
	var first int64
	if err := st.Get(ctx, &first, n); err != nil || first != n+1 {
		return fmt.Errorf("Get: %d, %v; want %d", first, err, n+1)
	}
	var all []int64
	if err := st.All(ctx, &all, n); err != nil || len(all) != int(10-n) {
		return fmt.Errorf("All: %v, %v; want %d rows", all, err, 10-n)
	}
	count := int64(0)
	for _, err := range st.Iterate(ctx, n) {
		if err != nil {
			return fmt.Errorf("Iterate: %v", err)
		}
		count++
	}
	if count != 10-n {
		return fmt.Errorf("Iterate: %d rows, want %d", count, 10-n)
	}
	return nil
}
