package api

import (
	"context"
	"errors"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// run returns an Action that runs query with args through DB.Run and
// returns its Result.
func run(query string, args ...any) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		return e.DB.Run(ctx, query, args...)
	}
}

// runThen returns an Action that runs query with DB.Run and then reads
// check with All, returning both the Result and the rows.
func runThen(query string, args []any, check string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		res, err := e.DB.Run(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		var rows []adapter.Row
		if err := e.DB.All(ctx, &rows, check); err != nil {
			return nil, err
		}
		return ranAndRead{res, rows}, nil
	}
}

// ranAndRead is what runThen returns.
type ranAndRead struct {
	Result adapter.Result
	Rows   []adapter.Row
}

// get returns an Action that reads the first row of query into a new T.
func get[T any](query string, args ...any) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		var dst T
		err := e.DB.Get(ctx, &dst, query, args...)
		return dst, err
	}
}

// all returns an Action that reads every row of query into a new []T.
func all[T any](query string, args ...any) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		var dst []T
		err := e.DB.All(ctx, &dst, query, args...)
		return dst, err
	}
}

// iterate returns an Action that collects every row query yields through
// DB.Iterate, stopping at the first error.
func iterate(query string, args ...any) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		rows := []adapter.Row{}
		for row, err := range e.DB.Iterate(ctx, query, args...) {
			if err != nil {
				return nil, err
			}
			rows = append(rows, row)
		}
		return rows, nil
	}
}

// prepared returns an Action that prepares query and calls use with the
// statement, closing it afterwards.
func prepared(query string, use func(ctx context.Context, s *adapter.Stmt) (any, error)) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		s, err := e.DB.Prepare(ctx, query)
		if err != nil {
			return nil, err
		}
		defer s.Close()
		return use(ctx, s)
	}
}

// getThenCount returns an Action that reads the first row of query with
// Get (discarding it) and then returns the int64 that count selects.
func getThenCount(query, count string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		var first adapter.Row
		if err := e.DB.Get(ctx, &first, query); err != nil {
			return nil, err
		}
		var n int64
		err := e.DB.Get(ctx, &n, count)
		return n, err
	}
}

// isArgument reports whether err is the adapter's ErrArgument.
func isArgument(err error) bool { return errors.Is(err, adapter.ErrArgument) }

// execThenCount returns an Action that runs script with Exec; if Exec
// fails, it checks that the statements before the failure ran and the ones
// after did not (table t holds 1..5), and returns the error.
func execThenCount(script string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		execErr := e.DB.Exec(ctx, script)
		var xs []int64
		if err := e.DB.All(ctx, &xs, "SELECT x FROM t ORDER BY x"); err != nil {
			return nil, err
		}
		if execErr != nil && len(xs) != 5 {
			return nil, spec.Failf("after the failing script t holds %v, want 1..5", xs)
		}
		return xs, execErr
	}
}
