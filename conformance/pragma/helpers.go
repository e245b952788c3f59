package pragma

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/google/go-cmp/cmp"
)

// conns is how many pool connections the every-connection cases hold at
// once: enough that a setting applied to one connection only shows.
const conns = 8

// onConns holds n pool connections at once (so they are n different
// connections), reads each pragma on each through database/sql, checks
// that all connections agree and returns the values.
func onConns(ctx context.Context, db *adapter.DB, n int, names ...string) (map[string]any, error) {
	var held []*sql.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	var first map[string]any
	for i := range n {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			return nil, err
		}
		held = append(held, c)
		got := map[string]any{}
		for _, name := range names {
			var v any
			if err := c.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
				return nil, fmt.Errorf("connection %d: PRAGMA %s: %w", i, name, err)
			}
			got[name] = v
		}
		if i == 0 {
			first = got
		} else if diff := cmp.Diff(first, got); diff != "" {
			return nil, spec.Failf("connection %d differs from connection 0 (-conn0 +conn%d):\n%s", i, i, diff)
		}
	}
	return first, nil
}

// onEveryConn returns an Action that reads each pragma on conns pool
// connections at once (see onConns).
func onEveryConn(names ...string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) { return onConns(ctx, e.DB, conns, names...) }
}

// warm opens n pool connections at once and returns them to the pool, so
// that the pool has idle connections opened before what follows.
func warm(ctx context.Context, db *adapter.DB, n int) error {
	_, err := onConns(ctx, db, n, "user_version")
	return err
}

// pragmaReaches returns an Action that warms the pool (see warm), runs
// each of texts with DB.Pragma and returns the pragmas names as read on
// conns+4 connections at once: the setting must reach the idle
// connections as well as new ones (see onConns).
func pragmaReaches(texts []string, names ...string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		if err := warm(ctx, e.DB, conns); err != nil {
			return nil, err
		}
		for _, text := range texts {
			if _, err := e.DB.Pragma(ctx, text); err != nil {
				return nil, err
			}
		}
		return onConns(ctx, e.DB, conns+4, names...)
	}
}

// inTxs runs n transactions on db at the same time (each holds its own
// connection until all have started), calls fn in each, and returns the
// errors fn returned, in order.
func inTxs(ctx context.Context, db *adapter.DB, n int, fn func(i int, tx *adapter.Tx) error) ([]error, error) {
	var started, wg sync.WaitGroup
	started.Add(n)
	all := make(chan struct{})
	fnErrs := make([]error, n)
	txErrs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			begun := false
			txErrs[i] = db.Transaction(ctx, func(tx *adapter.Tx) error {
				begun = true
				started.Done()
				select {
				case <-all:
				case <-ctx.Done():
					return ctx.Err()
				}
				fnErrs[i] = fn(i, tx)
				return fnErrs[i]
			})
			if !begun {
				started.Done()
			}
		}()
	}
	started.Wait()
	close(all)
	wg.Wait()
	for i, err := range txErrs {
		if err != nil && err != fnErrs[i] { // the transaction itself failed, not fn
			return nil, fmt.Errorf("transaction %d: %w", i, err)
		}
	}
	return fnErrs, nil
}

// pragmasInTxs reads each pragma with tx.PragmaValue in n concurrent
// transactions, checks that all agree and returns the values.
func pragmasInTxs(ctx context.Context, db *adapter.DB, n int, names ...string) (map[string]any, error) {
	got := make([]map[string]any, n)
	errs, err := inTxs(ctx, db, n, func(i int, tx *adapter.Tx) error {
		got[i] = map[string]any{}
		for _, name := range names {
			v, err := tx.PragmaValue(ctx, name)
			if err != nil {
				return err
			}
			got[i][name] = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range n {
		if errs[i] != nil {
			return nil, fmt.Errorf("transaction %d: %w", i, errs[i])
		}
		if diff := cmp.Diff(got[0], got[i]); diff != "" {
			return nil, spec.Failf("transaction %d differs from transaction 0 (-tx0 +tx%d):\n%s", i, i, diff)
		}
	}
	return got[0], nil
}

// inEveryTx returns an Action that reads each pragma in conns concurrent
// transactions (see pragmasInTxs).
func inEveryTx(names ...string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) { return pragmasInTxs(ctx, e.DB, conns, names...) }
}

// tableSQL returns the schema SQL of table name, to check it is unchanged.
func tableSQL(ctx context.Context, q adapter.Querier, name string) (string, error) {
	var s string
	err := q.Get(ctx, &s, "SELECT sql FROM sqlite_schema WHERE name = ?", name)
	return s, err
}

// pragmaRows returns an Action that runs text with DB.Pragma and returns
// its rows.
func pragmaRows(text string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) { return e.DB.Pragma(ctx, text) }
}

// pragmaValue returns an Action that runs text with DB.PragmaValue and
// returns its value.
func pragmaValue(text string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) { return e.DB.PragmaValue(ctx, text) }
}
