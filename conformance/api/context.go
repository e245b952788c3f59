package api

import (
	"context"
	"errors"
	"time"

	"github.com/anysqlite/anysqlite/conformance/spec"
)

// endless is a query that runs for minutes unless interrupted.
const endless = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5000000000) SELECT count(*) FROM c"

// contextCases: a context that ends interrupts the statement, the error
// says so, and the DB goes on working.
var contextCases = []spec.Case{
	{
		Name:    "DeadlineInterruptsQuery",
		Doc:     "a deadline during a long query ends it promptly with errors.Is(err, context.DeadlineExceeded), and the connection works afterwards",
		Options: oneConn,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			qctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			defer cancel()
			done := make(chan error, 1)
			go func() {
				var n int64
				done <- e.DB.Get(qctx, &n, endless)
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(promptly):
				return nil, spec.Failf("the query went on %v after its deadline", promptly)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				return nil, spec.Failf("error %v does not satisfy errors.Is(err, context.DeadlineExceeded)", err)
			}
			return afterInterrupt(ctx, e)
		},
		Want: int64(2),
	},
	{
		Name:    "CancelInterruptsRun",
		Doc:     "cancelling the context of a long Run ends it with errors.Is(err, context.Canceled), nothing written, and the DB works afterwards",
		Options: oneConn,
		Setup:   "CREATE TABLE t(x)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			qctx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() {
				_, err := e.DB.Run(qctx, "INSERT INTO t "+endless)
				done <- err
			}()
			time.Sleep(200 * time.Millisecond)
			cancel()
			var err error
			select {
			case err = <-done:
			case <-time.After(promptly):
				return nil, spec.Failf("the statement went on %v after cancel", promptly)
			}
			if !errors.Is(err, context.Canceled) {
				return nil, spec.Failf("error %v does not satisfy errors.Is(err, context.Canceled)", err)
			}
			var n int64
			if err := e.DB.Get(ctx, &n, "SELECT count(*) FROM t"); err != nil {
				return nil, err
			}
			if n != 0 {
				return nil, spec.Failf("%d rows written by the cancelled statement", n)
			}
			return afterInterrupt(ctx, e)
		},
		Want: int64(2),
	},
	{
		Name:    "CancelInterruptsIterate",
		Doc:     "cancelling the context inside an Iterate loop ends it with an error satisfying errors.Is(err, context.Canceled)",
		Options: oneConn,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			qctx, cancel := context.WithCancel(ctx)
			defer cancel()
			rows := 0
			var last error
			deadline := time.Now().Add(promptly)
			for _, err := range e.DB.Iterate(qctx, "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5000000000) SELECT n FROM c") {
				if err != nil {
					last = err
					break
				}
				rows++
				if rows == 10 {
					cancel()
				}
				if time.Now().After(deadline) {
					return nil, spec.Failf("still iterating %v after cancel (%d rows)", promptly, rows)
				}
			}
			if !errors.Is(last, context.Canceled) {
				return nil, spec.Failf("Iterate ended with %v after %d rows, want context.Canceled", last, rows)
			}
			return afterInterrupt(ctx, e)
		},
		Want: int64(2),
	},
	{
		Name:  "CancelledBeforeStart",
		Doc:   "an already cancelled context fails Run, Get, All and Exec with errors.Is(err, context.Canceled) and runs nothing",
		Setup: "CREATE TABLE t(x)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			out := map[string]bool{}
			_, err := e.DB.Run(cctx, "INSERT INTO t VALUES (1)")
			out["Run"] = errors.Is(err, context.Canceled)
			var n int64
			out["Get"] = errors.Is(e.DB.Get(cctx, &n, "SELECT 1"), context.Canceled)
			var xs []int64
			out["All"] = errors.Is(e.DB.All(cctx, &xs, "SELECT 1"), context.Canceled)
			out["Exec"] = errors.Is(e.DB.Exec(cctx, "INSERT INTO t VALUES (2); INSERT INTO t VALUES (3)"), context.Canceled)
			if err := e.DB.Get(ctx, &n, "SELECT count(*) FROM t"); err != nil {
				return nil, err
			}
			out["nothing written"] = n == 0
			return out, nil
		},
		Want: map[string]bool{"Run": true, "Get": true, "All": true, "Exec": true, "nothing written": true},
	},
}

// afterInterrupt checks that the DB works after an interrupted statement:
// a write and a read on the (single) connection.
func afterInterrupt(ctx context.Context, e *spec.Env) (any, error) {
	if err := e.DB.Exec(ctx, "CREATE TABLE IF NOT EXISTS after(x); INSERT INTO after VALUES (1), (1)"); err != nil {
		return nil, spec.Failf("write after the interrupt: %v", err)
	}
	var n int64
	if err := e.DB.Get(ctx, &n, "SELECT sum(x) FROM after"); err != nil {
		return nil, spec.Failf("read after the interrupt: %v", err)
	}
	return n, nil
}
