package adversity

import (
	"context"
	"errors"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/hold"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// The adapter's rule for a call its context ended, the same on every
// driver and every kind of wait: the error satisfies errors.Is(err,
// ctx.Err()) and errors.Is(err, sqlite.INTERRUPT), never
// errors.Is(err, sqlite.BUSY), and nothing of the call was committed.

// shape is what a case reports of an error.
type shape struct {
	IsContextErr bool // errors.Is(err, ctx.Err())
	IsInterrupt  bool // errors.Is(err, sqlite.INTERRUPT)
	IsBusy       bool // errors.Is(err, sqlite.BUSY)
	Rows         int  // rows of t committed
}

// wantShape is the rule.
var wantShape = shape{IsContextErr: true, IsInterrupt: true}

// shapeOf describes err of a call under ctx and counts t's rows.
func shapeOf(ctx, cctx context.Context, e *spec.Env, err error) (shape, error) {
	if err == nil {
		return shape{}, spec.Failf("the call succeeded; its context was meant to end it")
	}
	s := shape{IsContextErr: errors.Is(err, cctx.Err()), IsInterrupt: errors.Is(err, sqlite.INTERRUPT), IsBusy: errors.Is(err, sqlite.BUSY)}
	if err := e.DB.Get(ctx, &s.Rows, "SELECT count(*) FROM t"); err != nil {
		return s, err
	}
	return s, nil
}

// longQuery computes for minutes unless interrupted.
const longQuery = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"

// slowSecondRow returns its first row at once and its second much later.
const slowSecondRow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c WHERE x = 1 OR x > 1e12"

// shapeCases: the error of a call that its context ended, per kind of wait.
var shapeCases = []spec.Case{
	{
		Name:   "EndedBeforeTheCall",
		Doc:    "a context that has ended before Run starts: nothing runs, and the error has the documented shape",
		Setup:  "CREATE TABLE t(x)",
		Action: endedBefore,
		Want:   wantShape,
	},
	{
		Name: "EndedDuringComputation",
		Doc: "a deadline during a query that computes: the error has the documented shape, and the query does not run on " +
			"(the next call, given 5 s, is served: a server that ran it on would hold its connection until its own timeout)",
		Setup:  "CREATE TABLE t(x)",
		Action: endedDuringComputation,
		Want:   endedComputation{Error: wantShape, NextCallServed: true},
	},
	{
		Name:   "EndedWaitingForARow",
		Doc:    "a context cancelled while Iterate waits for its next row: the error has the documented shape",
		Setup:  "CREATE TABLE t(x)",
		Action: endedWaitingForRow,
		Want:   wantShape,
	},
	{
		Name:   "EndedWaitingForARowOfAll",
		Doc:    "a deadline while All, which reads its rows straight from the driver, waits for its second row: the error has the documented shape, and the connection serves the next call",
		Setup:  "CREATE TABLE t(x)",
		Action: endedWaitingForRowOfAll,
		Want:   wantShape,
	},
	{
		Name:     "EndedWaitingForTheWriteLock",
		Doc:      "a deadline while BEGIN IMMEDIATE waits for another handle's write lock (busy_timeout 60 s): the error has the documented shape, not SQLITE_BUSY",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Options:  adapter.Options{BusyTimeout: time.Minute},
		Setup:    "CREATE TABLE t(x)",
		Action:   endedWaitingForWriteLock,
		Want:     wantShape,
	},
	{
		Name:     "EndedWaitingToCommit",
		Doc:      "in DELETE journal mode, a deadline while COMMIT waits for another handle's reader to leave (busy_timeout 60 s): the error has the documented shape and nothing is committed",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Options:  adapter.Options{BusyTimeout: time.Minute, JournalMode: "DELETE"},
		Setup:    "CREATE TABLE t(x)",
		Action:   endedWaitingToCommit,
		Want:     wantShape,
	},
	{
		Name:     "EndedBeforeCommit",
		Doc:      "a context that ends inside fn, which then returns nil: the transaction rolls back and its error has the documented shape",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    "CREATE TABLE t(x)",
		Action:   endedBeforeCommit,
		Want:     wantShape,
	},
}

func endedBefore(ctx context.Context, e *spec.Env) (any, error) {
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err := e.DB.Run(cctx, "INSERT INTO t VALUES (1)")
	return shapeOf(ctx, cctx, e, err)
}

// endedComputation is what EndedDuringComputation reports.
type endedComputation struct {
	Error          shape
	NextCallServed bool // a read right after the call returned, given 5 s, succeeded
}

func endedDuringComputation(ctx context.Context, e *spec.Env) (any, error) {
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	var n int
	err := e.DB.Get(cctx, &n, longQuery)
	next, cancelNext := context.WithTimeout(ctx, 5*time.Second)
	defer cancelNext()
	served := e.DB.Get(next, &n, "SELECT 1") == nil
	s, serr := shapeOf(ctx, cctx, e, err)
	return endedComputation{Error: s, NextCallServed: served}, serr
}

func endedWaitingForRow(ctx context.Context, e *spec.Env) (any, error) {
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var last error
	for _, err := range e.DB.Iterate(cctx, slowSecondRow) {
		if err != nil {
			last = err
			break
		}
		time.AfterFunc(50*time.Millisecond, cancel)
	}
	return shapeOf(ctx, cctx, e, last)
}

func endedWaitingForRowOfAll(ctx context.Context, e *spec.Env) (any, error) {
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	var xs []int64
	return shapeOf(ctx, cctx, e, e.DB.All(cctx, &xs, slowSecondRow))
}

func endedWaitingForWriteLock(ctx context.Context, e *spec.Env) (any, error) {
	other, err := e.Open(ctx, e.Path, adapter.Options{})
	if err != nil {
		return nil, err
	}
	h, err := hold.Open(ctx, other.ImmediateTransaction, nil)
	if err != nil {
		return nil, err
	}
	defer h.Release()
	cctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	err = e.DB.ImmediateTransaction(cctx, func(tx *adapter.Tx) error {
		_, err := tx.Run(cctx, "INSERT INTO t VALUES (1)")
		return err
	})
	return shapeOf(ctx, cctx, e, err)
}

func endedWaitingToCommit(ctx context.Context, e *spec.Env) (any, error) {
	reader, err := e.Open(ctx, e.Path, adapter.Options{JournalMode: "DELETE"})
	if err != nil {
		return nil, err
	}
	h, err := hold.Open(ctx, reader.Transaction, func(tx *adapter.Tx) error {
		var n int
		return tx.Get(ctx, &n, "SELECT count(*) FROM t") // a SHARED lock, kept
	})
	if err != nil {
		return nil, err
	}
	defer h.Release()
	cctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	err = e.DB.ImmediateTransaction(cctx, func(tx *adapter.Tx) error {
		_, err := tx.Run(cctx, "INSERT INTO t VALUES (1)")
		return err // COMMIT then waits for the reader's SHARED lock
	})
	if rerr := h.Release(); rerr != nil {
		return nil, rerr
	}
	return shapeOf(ctx, cctx, e, err)
}

func endedBeforeCommit(ctx context.Context, e *spec.Env) (any, error) {
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	err := e.DB.Transaction(cctx, func(tx *adapter.Tx) error {
		if _, err := tx.Run(cctx, "INSERT INTO t VALUES (1)"); err != nil {
			return err
		}
		cancel()
		return nil
	})
	return shapeOf(ctx, cctx, e, err)
}
