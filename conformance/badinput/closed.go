package badinput

import (
	"context"
	"path/filepath"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/methods"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// closedCases: a closed DB or Stmt refuses every method with ErrClosed,
// and what was committed before is all still in the file.
var closedCases = []spec.Case{
	{
		Name:  "ClosedDBEveryMethod",
		Doc:   "after DB.Close every method returns ErrClosed, Close again returns nil, and the committed rows are all in the file",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if err := e.DB.Close(); err != nil {
				return nil, err
			}
			out := methods.Names(methods.DB(ctx, e.DB, "keep", filepath.Join(e.Dir, "backup.db")), kind)
			out["Close again"] = kind(e.DB.Close())
			return out, intact(ctx, e, nil)
		},
		Want: methods.Expect(methods.OfDB, "ErrClosed", "Close again", "nil"),
	},
	{
		Name:  "ClosedStmtEveryMethod",
		Doc:   "after Stmt.Close, Run, Get, All and Iterate return ErrClosed and Close again returns nil; the DB goes on working",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			s, err := e.DB.Prepare(ctx, "UPDATE keep SET v = ? WHERE id = ? RETURNING v")
			if err != nil {
				return nil, err
			}
			if err := s.Close(); err != nil {
				return nil, err
			}
			out := methods.Names(methods.Stmt(ctx, s, "x", 1), kind)
			out["Close again"] = kind(s.Close())
			out["DB"] = kind(e.DB.Exec(ctx, "SELECT 1"))
			return out, intact(ctx, e, nil)
		},
		Want: methods.Expect(methods.OfStmt, "ErrClosed", "Close again", "nil", "DB", "nil"),
	},
	{
		Name:  "StmtAfterDBClose",
		Doc:   "a Stmt whose DB was closed returns ErrClosed from every method, and its Close returns nil",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			s, err := e.DB.Prepare(ctx, "UPDATE keep SET v = ? WHERE id = ? RETURNING v")
			if err != nil {
				return nil, err
			}
			if err := e.DB.Close(); err != nil {
				return nil, err
			}
			out := methods.Names(methods.Stmt(ctx, s, "x", 1), kind)
			out["Close"] = kind(s.Close())
			return out, intact(ctx, e, nil)
		},
		Want: methods.Expect(methods.OfStmt, "ErrClosed", "Close", "nil"),
	},
	{
		Name:     "DBClosedInsideTransaction",
		Doc:      "closing the DB inside a transaction makes the Tx's methods fail with ErrClosed; the transaction's writes roll back and the committed rows stay",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if _, err := tx.Run(ctx, "DELETE FROM keep"); err != nil {
					return err
				}
				if err := e.DB.Close(); err != nil {
					return err
				}
				var n int64
				out["tx.Get"] = kind(tx.Get(ctx, &n, "SELECT count(*) FROM keep"))
				out["tx.Transaction"] = kind(tx.Transaction(ctx, func(*adapter.Tx) error { return nil }))
				_, err := tx.Run(ctx, "INSERT INTO keep(v) VALUES ('four')")
				out["tx.Run"] = kind(err)
				return err
			})
			out["Transaction"] = kind(err)
			return out, intact(ctx, e, nil)
		},
		Want: map[string]string{"tx.Run": "ErrClosed", "tx.Get": "ErrClosed", "tx.Transaction": "ErrClosed",
			"Transaction": "ErrClosed"},
	},
}
