package badinput

import (
	"context"
	"errors"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/methods"
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/google/go-cmp/cmp"
)

// errBoom is an application error returned from transaction functions.
var errBoom = errors.New("boom")

// txMisuseCases: transaction control written by hand, and a Tx used
// outside its function, are refused without disturbing the transaction
// that is in progress or the data committed before.
var txMisuseCases = []spec.Case{
	{
		Name:  "RawTxControlRefused",
		Doc:   "BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT and RELEASE in any spelling are ErrTxControl from Run and Exec, outside and inside a transaction",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for _, q := range rawTxControl {
				_, err := e.DB.Run(ctx, q)
				out["Run "+q] = kind(err)
			}
			if lacked := e.Lacks(adapter.FeatureTransactions); lacked != "" {
				out["tx.Exec"] = lacked
			} else if err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				for _, q := range rawTxControl {
					out["tx.Exec "+q] = kind(tx.Exec(ctx, q))
				}
				return nil
			}); err != nil {
				return nil, err
			}
			for k, v := range out {
				if v == "ErrTxControl" {
					delete(out, k)
				}
			}
			return out, intact(ctx, e, nil)
		},
		Want: map[string]string{},
		Cmp:  []cmp.Option{spec.IgnoreLackedPaths},
	},
	{
		Name:  "ScriptWithTxControlRunsNothing",
		Doc:   "Exec of a script holding BEGIN/COMMIT/ROLLBACK anywhere is ErrTxControl before any of its statements runs",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"BEGIN first":    execs("BEGIN; DELETE FROM keep; COMMIT"),
			"ROLLBACK last":  execs("DELETE FROM keep; ROLLBACK"),
			"COMMIT between": execs("DELETE FROM keep WHERE id = 1; COMMIT; DELETE FROM keep"),
			"in tx": func(ctx context.Context, e *spec.Env) error {
				if err := e.LackedPath(adapter.FeatureTransactions); err != nil {
					return err
				}
				return e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
					return tx.Exec(ctx, "DELETE FROM keep; END")
				})
			},
		}),
		Want: map[string]string{"BEGIN first": "ErrTxControl", "ROLLBACK last": "ErrTxControl",
			"COMMIT between": "ErrTxControl", "in tx": "ErrTxControl"},
		Cmp: []cmp.Option{spec.IgnoreLackedPaths},
	},
	{
		Name:     "RawCommitInsideFnCommitsNothing",
		Doc:      "a COMMIT written inside fn is refused and the transaction stays open: when fn then fails, its writes roll back",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    keep,
		Action: guard(func(ctx context.Context, e *spec.Env) error {
			return e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if _, err := tx.Run(ctx, "DELETE FROM keep"); err != nil {
					return err
				}
				_, err := tx.Run(ctx, "COMMIT")
				if !errors.Is(err, adapter.ErrTxControl) {
					return spec.Failf("COMMIT inside fn: %v, want ErrTxControl", err)
				}
				return errBoom
			})
		}),
		WantErr: errBoom,
	},
	{
		Name:     "TxAfterCommit",
		Doc:      "every method of a Tx kept after its commit returns ErrTxDone, and changes nothing",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    keep,
		Action:   usedAfter(committedTx),
		Want:     txDone,
	},
	{
		Name:     "TxAfterRollback",
		Doc:      "every method of a Tx kept after its rollback returns ErrTxDone, and changes nothing",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    keep,
		Action:   usedAfter(rolledBackTx(false)),
		Want:     txDone,
	},
	{
		Name:     "SavepointAfterOuterEnded",
		Doc:      "tx.Transaction on a Tx whose transaction ended is ErrTxDone, and its fn is never called",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			saved, err := committedTx(ctx, e)
			if err != nil {
				return nil, err
			}
			called := false
			err = saved.Transaction(ctx, func(sp *adapter.Tx) error {
				called = true
				_, err := sp.Run(ctx, "DELETE FROM keep")
				return err
			})
			if called {
				return nil, spec.Failf("fn was called")
			}
			return kind(err), intact(ctx, e, nil)
		},
		Want: "ErrTxDone",
	},
	{
		Name:     "SavepointUsedAfterItsFn",
		Doc:      "a savepoint's Tx kept after its fn returned gives ErrTxDone from every method, while the enclosing transaction goes on and commits",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var out map[string]string
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				var saved *adapter.Tx
				if err := tx.Transaction(ctx, func(sp *adapter.Tx) error { saved = sp; return nil }); err != nil {
					return err
				}
				out = useTx(ctx, saved)
				_, err := tx.Run(ctx, "INSERT INTO keep(v) VALUES ('four')")
				return err
			})
			if err != nil {
				return nil, err
			}
			return out, intact(ctx, e, append(append([]string{}, keepRows...), "4=four"))
		},
		Want: txDone,
	},
	{
		Name:     "SavepointUsedAfterOuterRolledBack",
		Doc:      "a savepoint's Tx kept past the rollback of its enclosing transaction gives ErrTxDone, and the savepoint's writes are gone",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    keep,
		Action:   usedAfter(rolledBackTx(true)),
		Want:     txDone,
	},
	{
		Name:     "TxUsedFromAnotherGoroutineAfterEnd",
		Doc:      "a Tx handed to a goroutine that uses it after the transaction ended gets ErrTxDone, never a write outside the transaction",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			got := make(chan error, 1)
			start := make(chan struct{})
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				go func() {
					<-start
					got <- safely(func() error {
						_, err := tx.Run(ctx, "DELETE FROM keep")
						return err
					})
				}()
				return nil
			})
			if err != nil {
				return nil, err
			}
			close(start)
			return kind(<-got), intact(ctx, e, nil)
		},
		Want: "ErrTxDone",
	},
	{
		Name:     "DBUsedInsideTransactionWithOneConnection",
		Doc:      "using db instead of tx inside fn with MaxOpenConns 1 waits for a connection until the context ends (typed: errors.Is(err, ctx.Err())), and the transaction rolls back",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Options:  adapter.Options{MaxOpenConns: 1},
		Setup:    keep,
		Action: guard(func(ctx context.Context, e *spec.Env) error {
			return e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if _, err := tx.Run(ctx, "DELETE FROM keep"); err != nil {
					return err
				}
				short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
				defer cancel()
				_, err := e.DB.Run(short, "INSERT INTO keep(v) VALUES ('four')")
				return err
			})
		}),
		WantErr: context.DeadlineExceeded,
	},
}

// rawTxControl are transaction control statements as a user might write
// them.
var rawTxControl = []string{
	"BEGIN", "begin immediate", "BEGIN EXCLUSIVE TRANSACTION", "/* c */ COMMIT", "END TRANSACTION", "end",
	"ROLLBACK", "rollback to x", "SAVEPOINT x", "RELEASE SAVEPOINT x", "release x", "  -- c\n BEGIN DEFERRED",
}

// txDone is what useTx returns for a finished Tx.
var txDone = methods.Expect(methods.OfQuerier, "ErrTxDone")

// usedAfter returns an Action that gets a Tx whose transaction ended from
// end, names the error each of its methods returns (see useTx) and checks
// keep is intact.
func usedAfter(end func(context.Context, *spec.Env) (*adapter.Tx, error)) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		tx, err := end(ctx, e)
		if err != nil {
			return nil, err
		}
		return useTx(ctx, tx), intact(ctx, e, nil)
	}
}

// committedTx returns the Tx of a transaction that committed without
// doing anything.
func committedTx(ctx context.Context, e *spec.Env) (*adapter.Tx, error) {
	var saved *adapter.Tx
	err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error { saved = tx; return nil })
	return saved, err
}

// rolledBackTx returns a function that runs a transaction which deletes
// the rows of keep (in a savepoint, with inSavepoint) and then fails with
// errBoom, and returns the Tx that deleted them, now rolled back.
func rolledBackTx(inSavepoint bool) func(context.Context, *spec.Env) (*adapter.Tx, error) {
	return func(ctx context.Context, e *spec.Env) (*adapter.Tx, error) {
		var saved *adapter.Tx
		deleteKeep := func(tx *adapter.Tx) error {
			saved = tx
			_, err := tx.Run(ctx, "DELETE FROM keep")
			return err
		}
		err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
			var err error
			if inSavepoint {
				err = tx.Transaction(ctx, deleteKeep)
			} else {
				err = deleteKeep(tx)
			}
			if err != nil {
				return err
			}
			return errBoom
		})
		if err != errBoom {
			return nil, spec.Failf("Transaction: %v, want errBoom", err)
		}
		return saved, nil
	}
}

// useTx calls every method of tx, each trying to change keep, and names
// the error of each.
func useTx(ctx context.Context, tx *adapter.Tx) map[string]string {
	return methods.Names(methods.Querier(ctx, tx, "keep"), kind)
}
