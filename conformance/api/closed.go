package api

import (
	"context"
	"path/filepath"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/methods"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// closedCases: a closed DB refuses every method with ErrClosed.
var closedCases = []spec.Case{
	{
		Name:  "DBAfterClose",
		Doc:   "every method of a closed DB returns ErrClosed, and Close is idempotent",
		Setup: "CREATE TABLE t(x)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if err := e.DB.Close(); err != nil {
				return nil, err
			}
			out := methods.Names(methods.DB(ctx, e.DB, "t", filepath.Join(e.Dir, "backup.db")), errName)
			out["Close again"] = errName(e.DB.Close())
			return out, nil
		},
		Want: methods.Expect(methods.OfDB, "ErrClosed", "Close again", "nil"),
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
