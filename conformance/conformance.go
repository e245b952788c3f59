// Package conformance runs the anysqlite conformance suite: tables of
// cases (package spec and the catalogue packages beside this one) that hold
// every driver to the same expectations through the adapter API, and
// report each case as pass, fail (with a diff) or unsupported (with the
// driver's reason).
//
// Driver authors run it from their own tests, as testing/fstest.TestFS:
//
//	func TestConformance(t *testing.T) {
//		conformance.Run(t, mydriver.Driver{})
//	}
//
// which runs TestConformance/mydriver/FTS5/HighlightPhrase and so on. A
// few cases need a second process working on the same database (a writer
// elsewhere); they start the test binary again as a peer, which works
// when TestMain calls [ServePeer] first:
//
//	func TestMain(m *testing.M) {
//		conformance.ServePeer()
//		os.Exit(m.Run())
//	}
//
// Without it those cases are reported unsupported, with the reason. The
// command cmd/conform runs the same cases outside go test with [RunAll] and
// writes the compatibility matrix.
package conformance

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// Opener opens databases for the cases: one driver (or a wrapped one), by
// name.
type Opener struct {
	// Name labels the results (a column of the matrix).
	Name string
	// Open opens the database at path with opts.
	Open func(ctx context.Context, path string, opts adapter.Options) (*adapter.DB, error)
	// Storm sizes the storm cases (conformance/adversity); the zero value
	// runs each for its default of a few seconds.
	Storm spec.Storm
	// Known lists the cases, by "Category/Case", that cannot pass on
	// these databases for a reason of the engine the driver cannot remove
	// (a remote engine's API, the SQLite version it links), each with the
	// reason. Such a case that fails is reported unsupported with the
	// reason (Result.Known; what it observed is in Result.Note) and does
	// not fail the run; a known case that passes fails, so that the list
	// stays true.
	Known map[string]Known
	// Peers starts the peer processes of the cases that need one
	// (spec.Env.OpenPeer); nil means [SelfPeer], which needs the running
	// binary to call [ServePeer].
	Peers spec.PeerStarter
	// HeapLimiter, if set, restores the process-wide hard_heap_limit of
	// the driver's SQLite after each case, which may lower it (PRAGMA
	// cannot lift it again); For sets it from a driver that implements
	// it.
	HeapLimiter contract.HeapLimiter
}

// peers returns o.Peers or its default.
func (o Opener) peers() spec.PeerStarter {
	if o.Peers != nil {
		return o.Peers
	}
	return SelfPeer
}

// Known is why a case fails on an Opener's databases (see Opener.Known).
type Known struct {
	Reason string
	// Skip leaves the case out, reported unsupported with the reason:
	// for a case that would disturb the ones after it (a write the engine
	// cannot interrupt, that would keep it busy for minutes).
	Skip bool
}

// For returns an Opener for d: databases opened with adapter.OpenDriver.
func For(d contract.Driver) Opener {
	o := Opener{Name: d.Info().Name, Open: func(ctx context.Context, path string, opts adapter.Options) (*adapter.DB, error) {
		return adapter.OpenDriver(ctx, d, path, &opts)
	}}
	o.HeapLimiter, _ = d.(contract.HeapLimiter)
	return o
}
