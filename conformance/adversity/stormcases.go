package adversity

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// allOps is every operation of the storms.
var allOps = []op{opRun, opStmt, opSQLExec, opSQLTx, opTx, opNested, opBatch, opGet, opSlow, opIterate,
	opExec, opGetReturning, opIterateReturning}

// storming returns the Action of a storm case with cfg.
func storming(cfg config) func(ctx context.Context, e *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) { return runStorm(ctx, e, e.DB, cfg) }
}

// stormCases: seeded storms of calls whose contexts end at random moments.
var stormCases = []spec.Case{
	{
		Name: "BeginCommitRaceOneConnection",
		Doc: "with MaxOpenConns 1 and busy CPUs, transactions whose deadlines land on BEGIN and COMMIT never leave the " +
			"connection inside a transaction, never lose a write that returned nil, never keep one that returned an error",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Options:  adapter.Options{MaxOpenConns: 1},
		Action:   storming(config{workers: 2, hogs: 2, deadline: 70, ops: []op{opTx, opRun}}),
		Want:     "ledger holds",
	},
	{
		Name: "DeadlinesAroundTransactions",
		Doc: "deadlines drawn around the duration of one transaction, on Run, Stmt.Run, Transaction, " +
			"ImmediateTransaction, and database/sql's Exec and Tx: nil means present exactly once, an error means absent",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action:   storming(config{workers: 8, hogs: 1, deadline: 60, ops: []op{opRun, opStmt, opTx, opSQLExec, opSQLTx}}),
		Want:     "ledger holds",
	},
	{
		Name: "NestedSavepoints",
		Doc: "transactions with one or two levels of savepoints that succeed, fail, panic or are interrupted by their " +
			"own short contexts: a savepoint's writes survive only if it and every level around it returned nil",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action:   storming(config{workers: 4, deadline: 30, ops: []op{opNested}}),
		Want:     "ledger holds",
	},
	{
		Name: "GoroutineStorm",
		Doc: "64 goroutines on one pool making every kind of call (transactions with nested savepoints that fail or " +
			"panic, Run, Get, Iterate with an early break, slow queries) under random cancellations: the ledger holds",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action:   storming(config{workers: 64, deadline: 40, ops: allOps}),
		Want:     "ledger holds",
	},
	{
		Name:     "GoroutineStormOneConnection",
		Doc:      "the same storm with 16 goroutines on a pool of one connection (MaxOpenConns 1): the ledger holds",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Options:  adapter.Options{MaxOpenConns: 1},
		Action:   storming(config{workers: 16, hogs: 1, deadline: 40, ops: allOps}),
		Want:     "ledger holds",
	},
	{
		Name: "DeadlinesAroundWrites",
		Doc: "deadlines drawn around the duration of one write, on Run, Stmt.Run, Batch, database/sql's Exec, Get, " +
			"Iterate and slow queries, from 16 goroutines, with no transaction: nil means present exactly once, an error " +
			"means absent (one wrapping ErrOutcomeUnknown, from a remote engine that could not learn the outcome: either)",
		Action: storming(config{workers: 16, hogs: 1, deadline: 60, ops: []op{opRun, opStmt, opBatch, opSQLExec, opGet, opSlow, opIterate}}),
		Want:   "ledger holds",
	},
	{
		Name: "DeadlinesAroundWritesThatReadRows",
		Doc: "deadlines drawn around the duration of one write, on writes that run as queries: Exec of one INSERT, " +
			"and Get and Iterate (breaking out after the first row) of INSERT ... RETURNING, with Run, from 8 " +
			"goroutines: nil means present exactly once, an error means absent",
		Action: storming(config{workers: 8, hogs: 1, deadline: 60, ops: []op{opExec, opGetReturning, opIterateReturning, opRun}}),
		Want:   "ledger holds",
	},
}
