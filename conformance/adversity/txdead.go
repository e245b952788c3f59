package adversity

import (
	"context"
	"errors"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// rollbackCases: transactions rolled back behind fn's back, by an
// interrupt or by SQLite itself, are dead; no statement of fn runs outside
// its transaction, and no connection goes back to the pool inside one.
var rollbackCases = append(shapeCases, []spec.Case{
	{
		Name: "InterruptedReadEndsTransaction",
		Doc: "a query inside a transaction interrupted by its own short context rolls the transaction back: the next " +
			"call on tx and Transaction itself return ErrTxRolledBack, and nothing is committed",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    "CREATE TABLE t(x)",
		Action:   interruptedReadEndsTx,
		Want:     txOutcome{Statement: "ErrTxRolledBack", Transaction: "ErrTxRolledBack", Rows: []int64{}},
	},
	{
		Name: "InterruptedWriteInSavepointEndsTransaction",
		Doc: "a write inside a savepoint interrupted by the savepoint's own context: SQLite rolls the whole transaction " +
			"back, so the outer transaction's next write fails with ErrTxRolledBack instead of committing on its own, " +
			"and Transaction returns ErrTxRolledBack",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    "CREATE TABLE t(x)",
		Action:   interruptedSavepoint(true),
		Want:     txOutcome{Savepoint: "ErrInterrupt", Statement: "ErrTxRolledBack", Transaction: "ErrTxRolledBack", Rows: []int64{}},
	},
	{
		Name: "InterruptedReadInSavepointEndsSavepoint",
		Doc: "a query inside a savepoint interrupted by the savepoint's own context rolls back the savepoint only: " +
			"the outer transaction goes on and commits its own writes",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    "CREATE TABLE t(x)",
		Action:   interruptedSavepoint(false),
		Want:     txOutcome{Savepoint: "ErrInterrupt", Statement: "nil", Transaction: "nil", Rows: []int64{1, 3}},
	},
	{
		Name: "InterruptedStatementEndsSQLTx",
		Doc: "through DB.SQL: a statement of an sql.Tx interrupted by its context rolls the transaction back; a later " +
			"statement and Commit fail with ErrTxRolledBack",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    "CREATE TABLE t(x)",
		Action:   interruptedSQLTx,
		Want:     txOutcome{Statement: "ErrTxRolledBack", Transaction: "ErrTxRolledBack", Rows: []int64{}},
	},
	{
		Name: "BeginThroughSQLDoesNotLeakIntoPool",
		Doc: "a BEGIN run through DB.SQL and left open is rolled back when its connection returns to the pool: the " +
			"next Run on the one-connection pool commits",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Options:  adapter.Options{MaxOpenConns: 1},
		Setup:    "CREATE TABLE t(x)",
		Action:   beginThroughSQL,
		Want:     []int64{1},
	},
	{
		Name: "FullRollsBackTransaction",
		Doc: "a write that fills the database (max_page_count) and makes SQLite roll back the whole transaction: the " +
			"next write fails with ErrTxRolledBack instead of committing on its own",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    "CREATE TABLE t(x); CREATE TABLE big(b)",
		Action:   fullInTx("INSERT INTO big VALUES (zeroblob(200000))"),
		Want:     txOutcome{Statement: "ErrTxRolledBack", Transaction: "ErrTxRolledBack", Rows: []int64{}},
	},
	{
		Name: "FullRollsBackStatementOnly",
		Doc: "a multi-row write that fills the database rolls back only itself (statement journal): the transaction " +
			"goes on and commits",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    "CREATE TABLE t(x); CREATE TABLE big(b)",
		Action:   fullInTx("INSERT INTO big SELECT zeroblob(50000) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 10) SELECT x FROM c)"),
		Want:     txOutcome{Statement: "nil", Transaction: "nil", Rows: []int64{1, 3}},
	},
	{
		Name:     "FullStorm",
		Doc:      "a storm of transactions on a database limited by max_page_count, some failing with SQLITE_FULL, others freeing space: the ledger holds",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action:   fullStorm,
		Want:     "ledger holds",
	},
}...)

// txOutcome is what a transaction case reports: how the savepoint (if
// any), a later statement and the transaction ended, and t's rows.
type txOutcome struct {
	Savepoint, Statement, Transaction string
	Rows                              []int64
}

// kindOf names an error by the sentinel it matches.
func kindOf(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, adapter.ErrTxRolledBack):
		return "ErrTxRolledBack"
	case errors.Is(err, sqlite.INTERRUPT):
		return "ErrInterrupt"
	case errors.Is(err, sqlite.FULL):
		return "ErrFull"
	}
	return err.Error()
}

// rowsOf returns t's rows.
func rowsOf(ctx context.Context, e *spec.Env) ([]int64, error) {
	xs := []int64{}
	err := e.DB.All(ctx, &xs, "SELECT x FROM t ORDER BY x")
	return xs, err
}

func interruptedReadEndsTx(ctx context.Context, e *spec.Env) (any, error) {
	var out txOutcome
	err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
		if _, err := tx.Run(ctx, "INSERT INTO t VALUES (1)"); err != nil {
			return err
		}
		sctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		var n int
		if err := tx.Get(sctx, &n, longQuery); !errors.Is(err, sqlite.INTERRUPT) {
			return spec.Failf("the long query returned %v, want ErrInterrupt", err)
		}
		_, err := tx.Run(ctx, "INSERT INTO t VALUES (2)")
		out.Statement = kindOf(err)
		return nil // as careless code would: commit anyway
	})
	if spec.IsFailure(err) {
		return nil, err
	}
	out.Transaction = kindOf(err)
	var rerr error
	out.Rows, rerr = rowsOf(ctx, e)
	return out, rerr
}

// interruptedSavepoint runs a savepoint whose own context ends during a
// write (write) or a query, then writes 3 in the outer transaction.
func interruptedSavepoint(write bool) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		var out txOutcome
		err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
			if _, err := tx.Run(ctx, "INSERT INTO t VALUES (1)"); err != nil {
				return err
			}
			sctx, cancel := context.WithTimeout(ctx, 150*time.Millisecond)
			defer cancel()
			out.Savepoint = kindOf(tx.Transaction(sctx, func(sp *adapter.Tx) error {
				if _, err := sp.Run(sctx, "INSERT INTO t VALUES (2)"); err != nil {
					return err
				}
				if write {
					_, err := sp.Run(sctx, "INSERT INTO t SELECT 100 FROM ("+longQuery+")")
					return err
				}
				var n int
				return sp.Get(sctx, &n, longQuery)
			}))
			_, err := tx.Run(ctx, "INSERT INTO t VALUES (3)")
			out.Statement = kindOf(err)
			return err
		})
		out.Transaction = kindOf(err)
		var rerr error
		out.Rows, rerr = rowsOf(ctx, e)
		return out, rerr
	}
}

func interruptedSQLTx(ctx context.Context, e *spec.Env) (any, error) {
	var out txOutcome
	tx, err := e.DB.SQL().BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO t VALUES (1)"); err != nil {
		tx.Rollback()
		return nil, err
	}
	sctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	var n int
	if err := tx.QueryRowContext(sctx, longQuery).Scan(&n); err == nil {
		tx.Rollback()
		return nil, spec.Failf("the long query succeeded")
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO t VALUES (2)")
	out.Statement = kindOf(err)
	out.Transaction = kindOf(tx.Commit())
	var rerr error
	out.Rows, rerr = rowsOf(ctx, e)
	return out, rerr
}

func beginThroughSQL(ctx context.Context, e *spec.Env) (any, error) {
	if _, err := e.DB.SQL().ExecContext(ctx, "BEGIN"); err != nil {
		return nil, err
	}
	if _, err := e.DB.Run(ctx, "INSERT INTO t VALUES (1)"); err != nil {
		return nil, err
	}
	other, err := e.Open(ctx, e.Path, adapter.Options{})
	if err != nil {
		return nil, err
	}
	xs := []int64{}
	err = other.All(ctx, &xs, "SELECT x FROM t")
	return xs, err
}

// fullInTx writes 1, runs big (which fails with SQLITE_FULL under
// max_page_count 20), writes 3 and commits.
func fullInTx(big string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		if _, err := e.DB.Pragma(ctx, "max_page_count = 20"); err != nil {
			return nil, err
		}
		var out txOutcome
		err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
			if _, err := tx.Run(ctx, "INSERT INTO t VALUES (1)"); err != nil {
				return err
			}
			if _, err := tx.Run(ctx, big); !errors.Is(err, sqlite.FULL) {
				return spec.Failf("the big write returned %v, want SQLITE_FULL", err)
			}
			_, err := tx.Run(ctx, "INSERT INTO t VALUES (3)")
			out.Statement = kindOf(err)
			return err
		})
		if spec.IsFailure(err) {
			return nil, err
		}
		out.Transaction = kindOf(err)
		var rerr error
		out.Rows, rerr = rowsOf(ctx, e)
		return out, rerr
	}
}
