package wal

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// synchronousCases: synchronous defaults to NORMAL (1) in WAL mode and FULL
// (2) in the rollback journal modes, on every connection
// (https://sqlite.org/pragma.html#pragma_synchronous).
func synchronousCases() []spec.Case {
	sync := func(ctx context.Context, e *spec.Env) (any, error) {
		return onTwoConnections(ctx, e.DB, "synchronous")
	}
	return []spec.Case{
		{
			Name:   "SynchronousNormalInWAL",
			Doc:    "in WAL mode synchronous defaults to NORMAL (1) on every connection",
			Action: sync,
			Want:   []any{int64(1), int64(1)},
		},
		{
			Name:    "SynchronousFullInDelete",
			Doc:     "in DELETE mode synchronous defaults to FULL (2) on every connection",
			Options: adapter.Options{JournalMode: "DELETE"},
			Action:  sync,
			Want:    []any{int64(2), int64(2)},
		},
		{
			Name:    "SynchronousOptionInWAL",
			Doc:     "Options.Synchronous FULL overrides the WAL default on every connection",
			Options: adapter.Options{Synchronous: "FULL"},
			Action:  sync,
			Want:    []any{int64(2), int64(2)},
		},
	}
}
