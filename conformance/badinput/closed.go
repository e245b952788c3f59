package badinput

import (
	"context"
	"path/filepath"

	"github.com/anysqlite/anysqlite/adapter"
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
			out := useDB(ctx, e.DB, e.Dir)
			out["Close again"] = kind(e.DB.Close())
			return out, intact(ctx, e, nil)
		},
		Want: map[string]string{"Run": "ErrClosed", "Get": "ErrClosed", "All": "ErrClosed", "Iterate": "ErrClosed",
			"Exec": "ErrClosed", "Prepare": "ErrClosed", "Pragma": "ErrClosed", "PragmaValue": "ErrClosed",
			"Transaction": "ErrClosed", "ImmediateTransaction": "ErrClosed", "ExclusiveTransaction": "ErrClosed",
			"Checkpoint": "ErrClosed", "Backup": "ErrClosed", "Close again": "nil"},
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
			out := useStmt(ctx, s, "x", 1)
			out["Close again"] = kind(s.Close())
			out["DB"] = kind(e.DB.Exec(ctx, "SELECT 1"))
			return out, intact(ctx, e, nil)
		},
		Want: map[string]string{"Run": "ErrClosed", "Get": "ErrClosed", "All": "ErrClosed", "Iterate": "ErrClosed",
			"Close again": "nil", "DB": "nil"},
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
			out := useStmt(ctx, s, "x", 1)
			out["Close"] = kind(s.Close())
			return out, intact(ctx, e, nil)
		},
		Want: map[string]string{"Run": "ErrClosed", "Get": "ErrClosed", "All": "ErrClosed", "Iterate": "ErrClosed",
			"Close": "nil"},
	},
	{
		Name:  "DBClosedInsideTransaction",
		Doc:   "closing the DB inside a transaction makes the Tx's methods fail with ErrClosed; the transaction's writes roll back and the committed rows stay",
		Setup: keep,
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

// useDB calls every query method of db and names the error of each.
func useDB(ctx context.Context, db *adapter.DB, dir string) map[string]string {
	noop := func(*adapter.Tx) error { return nil }
	out := map[string]string{}
	_, err := db.Run(ctx, "DELETE FROM keep")
	out["Run"] = kind(err)
	var n int64
	out["Get"] = kind(db.Get(ctx, &n, "SELECT count(*) FROM keep"))
	var vs []string
	out["All"] = kind(db.All(ctx, &vs, "SELECT v FROM keep"))
	out["Iterate"] = kind(drain(db.Iterate(ctx, "SELECT v FROM keep")))
	out["Exec"] = kind(db.Exec(ctx, "DROP TABLE keep"))
	_, err = db.Prepare(ctx, "SELECT 1")
	out["Prepare"] = kind(err)
	_, err = db.Pragma(ctx, "user_version = 7")
	out["Pragma"] = kind(err)
	_, err = db.PragmaValue(ctx, "user_version")
	out["PragmaValue"] = kind(err)
	out["Transaction"] = kind(db.Transaction(ctx, noop))
	out["ImmediateTransaction"] = kind(db.ImmediateTransaction(ctx, noop))
	out["ExclusiveTransaction"] = kind(db.ExclusiveTransaction(ctx, noop))
	_, err = db.Checkpoint(ctx, adapter.CheckpointTruncate)
	out["Checkpoint"] = kind(err)
	out["Backup"] = kind(db.Backup(ctx, filepath.Join(dir, "backup.db")))
	return out
}

// useStmt calls every query method of s with args and names the error of
// each.
func useStmt(ctx context.Context, s *adapter.Stmt, args ...any) map[string]string {
	out := map[string]string{}
	_, err := s.Run(ctx, args...)
	out["Run"] = kind(err)
	var v string
	out["Get"] = kind(s.Get(ctx, &v, args...))
	var vs []string
	out["All"] = kind(s.All(ctx, &vs, args...))
	out["Iterate"] = kind(drain(s.Iterate(ctx, args...)))
	return out
}
