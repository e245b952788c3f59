package adversity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// closeCases: Close while calls are in flight.
var closeCases = []spec.Case{
	{
		Name: "CloseDuringWork",
		Doc: "Close at a random moment of a storm: calls in flight and after it fail with errors.Is(err, ErrClosed) " +
			"and change nothing, those that returned nil are committed",
		Action: storming(config{workers: 16, deadline: 20, ops: allOps, during: closeAt}),
		Want:   "ledger holds",
	},
	{
		Name: "CloseInterruptsLongQuery",
		Doc: "Close interrupts a query that computes: the call returns an error satisfying errors.Is(err, ErrClosed) " +
			"and errors.Is(err, ErrInterrupt)",
		Action: closeInterruptsQuery,
		Want:   "interrupted by Close",
	},
	{
		Name: "CloseKeepsClaimUntilLastConnection",
		Doc: "while a connection of a closed DB is still open (an Iterate loop in progress), opening the file with " +
			"another driver fails with ErrDriverConflict; once the loop has ended it succeeds",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action:   closeKeepsClaim,
		Want:     []string{"ErrDriverConflict while the loop runs", "loop ended with ErrClosed", "opened once the loop ended"},
	},
}

// closeAt closes the storm's database at the given moment.
func closeAt(ctx context.Context, s *storm, at time.Duration) error {
	select {
	case <-time.After(at):
	case <-ctx.Done():
		return ctx.Err()
	}
	return s.db.Close()
}

// closeInterruptsQuery runs a query that would compute for minutes and
// closes the database under it.
func closeInterruptsQuery(ctx context.Context, e *spec.Env) (any, error) {
	done := make(chan error, 1)
	go func() {
		var n int
		done <- e.DB.Get(ctx, &n, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c")
	}()
	time.Sleep(100 * time.Millisecond) // let it start
	if err := e.DB.Close(); err != nil {
		return nil, err
	}
	select {
	case err := <-done:
		if !errors.Is(err, adapter.ErrClosed) || !errors.Is(err, sqlite.INTERRUPT) {
			return nil, spec.Failf("query ended with %v, want errors.Is ErrClosed and ErrInterrupt", err)
		}
		return "interrupted by Close", nil
	case <-time.After(30 * time.Second):
		return nil, spec.Failf("the query still runs 30 s after Close")
	}
}

// closeKeepsClaim checks that Close keeps the claim on the file while a
// connection of the pool is open.
func closeKeepsClaim(ctx context.Context, e *spec.Env) (any, error) {
	other := otherDriver(e.Driver.Name)
	if other == "" {
		return nil, spec.Failf("needs a second available driver linked in")
	}
	if err := e.DB.Exec(ctx, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)"); err != nil {
		return nil, err
	}
	var out []string
	var loopErr error
	n := 0
	for _, err := range e.DB.Iterate(ctx, "SELECT x FROM t") {
		if err != nil {
			loopErr = err
			break
		}
		if n++; n > 1 {
			continue
		}
		if err := e.DB.Close(); err != nil {
			return nil, err
		}
		db2, err := adapter.Open(ctx, e.Path, &adapter.Options{Driver: other})
		if err == nil {
			db2.Close()
			return nil, spec.Failf("Open with %s succeeded while a connection of the closed DB was open", other)
		}
		if !errors.Is(err, adapter.ErrDriverConflict) {
			return nil, fmt.Errorf("Open with %s while the loop runs: %w", other, err)
		}
		out = append(out, "ErrDriverConflict while the loop runs")
	}
	if !errors.Is(loopErr, adapter.ErrClosed) {
		return nil, spec.Failf("the loop ended with %v after %d rows, want ErrClosed", loopErr, n)
	}
	out = append(out, "loop ended with ErrClosed")
	db2, err := adapter.Open(ctx, e.Path, &adapter.Options{Driver: other})
	if err != nil {
		return nil, fmt.Errorf("Open with %s after the loop: %w", other, err)
	}
	db2.Close()
	return append(out, "opened once the loop ended"), nil
}

// otherDriver returns an available driver other than name, or "".
func otherDriver(name string) string {
	for _, d := range adapter.Drivers() {
		if info, err := adapter.Lookup(d); d != name && err == nil && info.Info().Unavailable == "" {
			return d
		}
	}
	return ""
}
