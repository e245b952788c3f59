package api

import (
	"context"
	"errors"
	"fmt"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// refusedReturningCases: a writing statement whose RETURNING rows cannot
// be stored into the destination returns an error, and an error means the
// call changed nothing, on every path.
var refusedReturningCases = []spec.Case{
	{
		Name: "ReturningRefusedByDestinationWritesNothing",
		Doc: "Get or All of an INSERT ... RETURNING whose rows the destination cannot take (nil, not a pointer, " +
			"not a slice, two columns into a scalar, a column without a field, NULL into a string, a Scanner's " +
			"error) is ErrDestination (or the Scanner's error), and no row is inserted, through DB and through Stmt",
		Setup:  resultTable,
		Action: refusedReturning,
		Want:   refusedWant(),
	},
	{
		Name: "ReturningRefusedByDestinationRollsBackTransaction",
		Doc: "inside Transaction, a RETURNING read the destination refuses rolls the transaction back, as an " +
			"interrupted statement does: the next call and Transaction return ErrTxRolledBack, and nothing of it is committed",
		Setup:    resultTable,
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action:   refusedInTransaction,
		Want:     refusedTxOutcome{Get: "ErrDestination", Next: "ErrTxRolledBack", Transaction: "ErrTxRolledBack", Names: 2},
	},
	{
		Name: "ReturningRefusedByDestinationRollsBackSavepoint",
		Doc: "inside a nested Transaction (a savepoint), a RETURNING read the destination refuses rolls back the " +
			"savepoint only: its next call returns ErrTxRolledBack, the outer transaction goes on and commits its own rows",
		Setup:    resultTable,
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action:   refusedInSavepoint,
		Want:     refusedTxOutcome{Get: "ErrDestination", Next: "ErrTxRolledBack", Transaction: "nil", Names: 3},
	},
	{
		Name: "WriteWithoutReturningRefusedByGetAndAll",
		Doc: "Get, or All into scalars, of an INSERT without RETURNING (it has no rows to read) is ErrDestination before it " +
			"runs, through DB and through Stmt, and nothing is inserted; All into Rows and Iterate run it and read no rows",
		Setup: resultTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			const insert = "INSERT INTO t(name) VALUES (NULL)"
			got := map[string]string{}
			for _, path := range refusedPaths {
				var q adapter.Querier = e.DB
				if path == "Stmt" {
					q = stmtQuerier{e.DB}
				}
				var n int64
				got[path+": Get"] = refusal(q.Get(ctx, &n, insert))
				var ns []int64
				got[path+": All"] = refusal(q.All(ctx, &ns, insert))
			}
			var rows []adapter.Row
			if err := e.DB.All(ctx, &rows, insert); err != nil || len(rows) != 0 {
				return nil, spec.Failf("All into Rows: %d rows, %v; want none and nil", len(rows), err)
			}
			yielded := 0
			for _, err := range e.DB.Iterate(ctx, insert) {
				if err != nil {
					return nil, err
				}
				yielded++
			}
			var n int64
			if err := e.DB.Get(ctx, &n, "SELECT count(*) FROM t"); err != nil {
				return nil, err
			}
			got["Iterate"] = fmt.Sprintf("%d rows yielded, t holds %d", yielded, n)
			return got, nil
		},
		Want: map[string]string{"DB: Get": "ErrDestination", "DB: All": "ErrDestination", "Stmt: Get": "ErrDestination",
			"Stmt: All": "ErrDestination", "Iterate": "0 rows yielded, t holds 4"},
	},
	{
		Name:   "ReturningAllIntoPointersToRows",
		Doc:    "All of an INSERT ... RETURNING into a []*Row fills one new Row per row, and the rows are inserted",
		Setup:  resultTable,
		Action: allThenCount[*adapter.Row]("INSERT INTO t(name) VALUES ('c'), ('d') RETURNING name", "SELECT count(*) FROM t"),
		Want:   refusedCount{Read: 2, Count: 4},
	},
}

// errScanner is what failingScanner's Scan returns.
var errScanner = errors.New("failingScanner refuses every value")

// failingScanner is a destination whose Scan always fails.
type failingScanner struct{}

func (*failingScanner) Scan(any) error { return errScanner }

// insertReturning inserts one row into resultTable and returns it. The
// name is NULL, which UNIQUE allows any number of times: a row that a
// defect leaves behind does not make the next read fail differently.
const insertReturning = "INSERT INTO t(name) VALUES (NULL) RETURNING id, name, NULL AS missing"

// refusedReads are the destinations refusedReturning tries, by name: each
// reads insertReturning (or a variant) through q's Get or All, or
// through a statement prepared on db.
var refusedReads = []struct {
	name string
	read func(ctx context.Context, q adapter.Querier) error
}{
	{"Get into nil", func(ctx context.Context, q adapter.Querier) error { return q.Get(ctx, nil, insertReturning) }},
	{"Get into a non-pointer", func(ctx context.Context, q adapter.Querier) error {
		return q.Get(ctx, int64(0), insertReturning)
	}},
	{"All into a pointer to a non-slice", func(ctx context.Context, q adapter.Querier) error {
		var n int64
		return q.All(ctx, &n, insertReturning)
	}},
	{"Get of three columns into an int64", func(ctx context.Context, q adapter.Querier) error {
		var n int64
		return q.Get(ctx, &n, insertReturning)
	}},
	{"All of a column without a field", func(ctx context.Context, q adapter.Querier) error {
		var us []user
		return q.All(ctx, &us, insertReturning)
	}},
	{"Get of NULL into a string", func(ctx context.Context, q adapter.Querier) error {
		var s string
		return q.Get(ctx, &s, "INSERT INTO t(name) VALUES (NULL) RETURNING NULL")
	}},
	{"Get into a Scanner that fails", func(ctx context.Context, q adapter.Querier) error {
		var f failingScanner
		return q.Get(ctx, &f, "INSERT INTO t(name) VALUES (NULL) RETURNING id")
	}},
}

// refusedPaths are the ways refusedReturning runs each read: on the
// database, and through a prepared statement whose Get and All stand in
// for the Querier's.
var refusedPaths = []string{"DB", "Stmt"}

// refusedWant is what refusedReturning returns when every read is refused
// and nothing is inserted.
func refusedWant() map[string]string {
	want := map[string]string{}
	for _, path := range refusedPaths {
		for _, r := range refusedReads {
			want[path+": "+r.name] = "ErrDestination, 2 rows"
		}
	}
	return want
}

// refusedReturning runs every read of refusedReads on every path and
// reports, for each, whether it was refused and how many rows t holds.
func refusedReturning(ctx context.Context, e *spec.Env) (any, error) {
	got := map[string]string{}
	for _, path := range refusedPaths {
		for _, r := range refusedReads {
			var q adapter.Querier = e.DB
			if path == "Stmt" {
				q = stmtQuerier{e.DB}
			}
			outcome := refusal(r.read(ctx, q))
			var n int64
			if err := e.DB.Get(ctx, &n, "SELECT count(*) FROM t"); err != nil {
				return nil, err
			}
			got[path+": "+r.name] = fmt.Sprintf("%s, %d rows", outcome, n)
		}
	}
	return got, nil
}

// refusal names the outcome of a read the destination should refuse: a
// Scanner's error counts as ErrDestination.
func refusal(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, adapter.ErrDestination), errors.Is(err, errScanner):
		return "ErrDestination"
	}
	return "unexpected error: " + err.Error()
}

// stmtQuerier reads through statements prepared on db: its Get and All
// prepare the query, read with the statement's Get or All, and close it.
// Its other methods are db's.
type stmtQuerier struct{ *adapter.DB }

func (s stmtQuerier) Get(ctx context.Context, dest any, query string, args ...any) error {
	st, err := s.DB.Prepare(ctx, query)
	if err != nil {
		return err
	}
	defer st.Close()
	return st.Get(ctx, dest, args...)
}

func (s stmtQuerier) All(ctx context.Context, dest any, query string, args ...any) error {
	st, err := s.DB.Prepare(ctx, query)
	if err != nil {
		return err
	}
	defer st.Close()
	return st.All(ctx, dest, args...)
}

// refusedTxOutcome is what a refused RETURNING read inside a transaction
// leads to: the read's outcome, the next call's in the same transaction
// (or savepoint), Transaction's, and the rows t holds after it.
type refusedTxOutcome struct {
	Get, Next, Transaction string
	Names                  int64
}

// txOutcome names err for refusedTxOutcome.
func txOutcome(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, adapter.ErrTxRolledBack):
		return "ErrTxRolledBack"
	}
	return refusal(err)
}

// refusedIn runs, in tx, an insert that must be undone with the refused
// read, then the read, then the next call, recording their outcomes.
func refusedIn(ctx context.Context, tx *adapter.Tx, out *refusedTxOutcome) error {
	if _, err := tx.Run(ctx, "INSERT INTO t(name) VALUES ('undone')"); err != nil {
		return err
	}
	var n int64
	out.Get = refusal(tx.Get(ctx, &n, insertReturning))
	_, err := tx.Run(ctx, "INSERT INTO t(name) VALUES ('after')")
	out.Next = txOutcome(err)
	return nil // as a caller who ignores the errors would
}

// count stores in out how many rows t holds.
func (out *refusedTxOutcome) count(ctx context.Context, db *adapter.DB) error {
	return db.Get(ctx, &out.Names, "SELECT count(*) FROM t")
}

func refusedInTransaction(ctx context.Context, e *spec.Env) (any, error) {
	var out refusedTxOutcome
	err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error { return refusedIn(ctx, tx, &out) })
	out.Transaction = txOutcome(err)
	return out, out.count(ctx, e.DB)
}

func refusedInSavepoint(ctx context.Context, e *spec.Env) (any, error) {
	var out refusedTxOutcome
	err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
		if _, err := tx.Run(ctx, "INSERT INTO t(name) VALUES ('kept')"); err != nil {
			return err
		}
		tx.Transaction(ctx, func(sp *adapter.Tx) error { return refusedIn(ctx, sp, &out) })
		return nil
	})
	out.Transaction = txOutcome(err)
	return out, out.count(ctx, e.DB)
}

// refusedCount is what allThenCount returns.
type refusedCount struct{ Read, Count int }

// allThenCount returns an Action that reads query into a new []T with All
// and then counts with count, returning both numbers.
func allThenCount[T any](query, count string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		var dst []T
		if err := e.DB.All(ctx, &dst, query); err != nil {
			return nil, err
		}
		var n int
		err := e.DB.Get(ctx, &n, count)
		return refusedCount{Read: len(dst), Count: n}, err
	}
}
