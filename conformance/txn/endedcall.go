package txn

import (
	"context"
	"errors"
	"fmt"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/anysqlite/anysqlite/sqlite"
)

// endedCallCases: inside a transaction, a call given a context that has
// already ended has the same answer and the same effect on every path,
// whether or not its statement was compiled before on the connection.
var endedCallCases = []spec.Case{
	{
		Name: "EndedContextRollsBackOnEveryPath",
		Doc: "inside Transaction, a call whose context has already ended (Run, Get, All, Iterate, Exec, and Get of a " +
			"Stmt prepared in the transaction; its statement new to the connection or run before) is INTERRUPT " +
			"matching context.Canceled, rolls the transaction back (the next call is ErrTxRolledBack, so is " +
			"Transaction) and commits nothing",
		Setup:    schema,
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action:   endedCallOnEveryPath,
		Want:     endedCallWant(),
	},
}

// endedCalls are the calls endedCallOnEveryPath makes with an ended
// context, by name: query is new to the connection, or was run before.
var endedCalls = []struct {
	name string
	call func(ctx context.Context, tx *adapter.Tx, query string) error
}{
	{"Run", func(ctx context.Context, tx *adapter.Tx, q string) error { _, err := tx.Run(ctx, q); return err }},
	{"Get", func(ctx context.Context, tx *adapter.Tx, q string) error { var n int64; return tx.Get(ctx, &n, q) }},
	{"All", func(ctx context.Context, tx *adapter.Tx, q string) error { var ns []int64; return tx.All(ctx, &ns, q) }},
	{"Iterate", func(ctx context.Context, tx *adapter.Tx, q string) error {
		for _, err := range tx.Iterate(ctx, q) {
			if err != nil {
				return err
			}
		}
		return nil
	}},
	{"Exec", func(ctx context.Context, tx *adapter.Tx, q string) error { return tx.Exec(ctx, q) }},
	{"Stmt.Get", func(ctx context.Context, tx *adapter.Tx, q string) error {
		st, err := tx.Prepare(context.Background(), q)
		if err != nil {
			return err
		}
		defer st.Close()
		var n int64
		return st.Get(ctx, &n)
	}},
}

// endedCallOutcome is what endedCallOnEveryPath records per call.
const endedCallOutcome = "INTERRUPT, Canceled; next: ErrTxRolledBack; Transaction: ErrTxRolledBack; rows: 0"

func endedCallWant() map[string]string {
	want := map[string]string{}
	for _, c := range endedCalls {
		for _, seen := range []string{"new", "run before"} {
			want[c.name+", "+seen] = endedCallOutcome
		}
	}
	return want
}

// endedCallOnEveryPath runs, for each call and each state of its
// statement, a transaction that inserts a row, makes the call with a
// cancelled context, inserts again and returns nil; it records the call's
// error, the next insert's, Transaction's and the rows left in t.
func endedCallOnEveryPath(ctx context.Context, e *spec.Env) (any, error) {
	ended, cancel := context.WithCancel(ctx)
	cancel()
	got := map[string]string{}
	for i, c := range endedCalls {
		for _, seen := range []string{"new", "run before"} {
			// A text of its own per call, so that "new" is new to every
			// connection.
			query := fmt.Sprintf("SELECT %d", i)
			var callErr, nextErr error
			txErr := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if seen == "run before" {
					if err := c.call(ctx, tx, query); err != nil {
						return err
					}
				}
				if err := insert(ctx, tx, 1); err != nil {
					return err
				}
				callErr = c.call(ended, tx, query)
				nextErr = insert(ctx, tx, 2)
				return nil
			})
			var rows int64
			if err := e.DB.Get(ctx, &rows, "SELECT count(*) FROM t"); err != nil {
				return nil, err
			}
			if _, err := e.DB.Run(ctx, "DELETE FROM t"); err != nil {
				return nil, err
			}
			got[c.name+", "+seen] = fmt.Sprintf("%s; next: %s; Transaction: %s; rows: %d",
				endedAnswer(callErr), endedAnswer(nextErr), endedAnswer(txErr), rows)
		}
	}
	return got, nil
}

// endedAnswer names err as endedCallOutcome does.
func endedAnswer(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, adapter.ErrTxRolledBack):
		return "ErrTxRolledBack"
	case errors.Is(err, sqlite.INTERRUPT) && errors.Is(err, context.Canceled):
		return "INTERRUPT, Canceled"
	}
	return "unexpected: " + err.Error()
}
