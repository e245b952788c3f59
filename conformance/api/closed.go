package api

import (
	"context"
	"path/filepath"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// closedCases: a closed DB refuses every method with ErrClosed.
var closedCases = []spec.Case{
	{
		Name:  "DBAfterClose",
		Doc:   "every method of a closed DB returns ErrClosed, and Close is idempotent",
		Setup: "CREATE TABLE t(x)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			db := e.DB
			if err := db.Close(); err != nil {
				return nil, err
			}
			noop := func(*adapter.Tx) error { return nil }
			out := map[string]string{}
			_, err := db.Run(ctx, "INSERT INTO t VALUES (1)")
			out["Run"] = errName(err)
			var n int64
			out["Get"] = errName(db.Get(ctx, &n, "SELECT count(*) FROM t"))
			var xs []int64
			out["All"] = errName(db.All(ctx, &xs, "SELECT x FROM t"))
			out["Iterate"] = "no yield"
			for _, err := range db.Iterate(ctx, "SELECT x FROM t") {
				out["Iterate"] = errName(err)
				break
			}
			out["Exec"] = errName(db.Exec(ctx, "INSERT INTO t VALUES (1)"))
			_, err = db.Prepare(ctx, "SELECT 1")
			out["Prepare"] = errName(err)
			_, err = db.Pragma(ctx, "user_version")
			out["Pragma"] = errName(err)
			_, err = db.PragmaValue(ctx, "user_version")
			out["PragmaValue"] = errName(err)
			out["Transaction"] = errName(db.Transaction(ctx, noop))
			out["ImmediateTransaction"] = errName(db.ImmediateTransaction(ctx, noop))
			out["ExclusiveTransaction"] = errName(db.ExclusiveTransaction(ctx, noop))
			_, err = db.Checkpoint(ctx, adapter.CheckpointPassive)
			out["Checkpoint"] = errName(err)
			out["Backup"] = errName(db.Backup(ctx, filepath.Join(e.Dir, "backup.db")))
			_, err = db.Serialize(ctx)
			out["Serialize"] = errName(err)
			out["Close again"] = errName(db.Close())
			return out, nil
		},
		Want: map[string]string{
			"Run": "ErrClosed", "Get": "ErrClosed", "All": "ErrClosed", "Iterate": "ErrClosed",
			"Exec": "ErrClosed", "Prepare": "ErrClosed", "Pragma": "ErrClosed", "PragmaValue": "ErrClosed",
			"Transaction": "ErrClosed", "ImmediateTransaction": "ErrClosed", "ExclusiveTransaction": "ErrClosed",
			"Checkpoint": "ErrClosed", "Backup": "ErrClosed", "Serialize": "ErrClosed", "Close again": "nil",
		},
	},
	{
		Name:  "CloseDuringIterate",
		Doc:   "closing the DB inside an Iterate loop ends the loop with ErrClosed or after the rows already read, never a panic or hang",
		Setup: "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			db, err := e.Open(ctx, e.Path, adapter.Options{})
			if err != nil {
				return nil, err
			}
			ctx2, cancel := context.WithTimeout(ctx, promptly)
			defer cancel()
			for _, err := range db.Iterate(ctx2, "SELECT x FROM t ORDER BY x") {
				if err != nil {
					return nil, err
				}
				if err := db.Close(); err != nil {
					return nil, err
				}
			}
			if ctx2.Err() != nil {
				return nil, spec.Failf("Close inside Iterate took %v or more", promptly)
			}
			var n int64
			err = db.Get(ctx, &n, "SELECT count(*) FROM t")
			return nil, err
		},
		WantErr: adapter.ErrClosed,
	},
}
