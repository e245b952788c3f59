// Package spec is the case model of the conformance suite: a [Case] says
// what to set up, what to do and what must come out, the same for every
// driver. The catalogue packages (conformance/fts5, conformance/txn, ...)
// are tables of Cases; package conformance runs them.
package spec

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anysqlite/anysqlite/adapter"
)

// Category is a named table of cases, one section of the matrix.
type Category struct {
	Name  string // CamelCase, used in test names: "FTS5", "Transactions"
	Title string // heading in the matrix
	Doc   string // one sentence: what the category establishes
	// Requires lists the features every case of the category needs (WAL
	// and storage safety need a local file): on a driver that lacks one,
	// each case is reported unsupported with the driver's reason.
	Requires []adapter.Feature
	Cases    []Case
}

// Case is one check. Exactly one of Query and Action is set.
//
// The runner opens a fresh database file for the case with [Case.Options]
// (the driver is filled in), runs Setup, then either runs Query with Args
// and compares its rows ([]adapter.Row) with Want, or calls Action and
// compares what it returns with Want. With WantErr set, the query or
// action must fail with an error satisfying errors.Is(err, WantErr)
// instead.
type Case struct {
	Name string // CamelCase, unique in its category: "HighlightPhrase"
	Doc  string // what the case checks, in one line (shown for failures)

	// Requires lists the features the case needs. On a driver that lacks
	// one, the case is reported unsupported with the driver's reason
	// instead of run.
	Requires []adapter.Feature

	// NotOn maps an operating system (GOOS) where what the case checks
	// cannot exist to why not ("windows": "file names cannot contain ?").
	// There the case is reported unsupported with that reason instead of
	// run. For platform limits only: a driver's shortcoming on a platform
	// is a failure, or a feature it reports unsupported (Requires).
	NotOn map[string]string

	// Unavailable, when set, says why the case cannot run in this build
	// (a driver it needs besides the one under test is linked but
	// unavailable: Portability's WrittenByMattn without cgo). The case is
	// reported unsupported with that reason instead of run.
	Unavailable string

	Options adapter.Options // for the case's database; Driver is set by the runner
	Setup   string          // SQL script run with DB.Exec before the check

	Query string
	Args  []any

	Action func(ctx context.Context, e *Env) (any, error)

	Want    any
	WantErr error
	Cmp     []cmp.Option // extra comparison options (tolerances, ordering)
}

// Env is what an Action works with.
type Env struct {
	DB     *adapter.DB        // the case's database, already set up
	Path   string             // its file
	Dir    string             // a private temporary directory
	Driver adapter.DriverInfo // DB.Driver()
	// Storm sizes the cases that run randomised storms of calls
	// (conformance/adversity); the zero value means their defaults.
	Storm Storm

	open    func(ctx context.Context, path string, opts adapter.Options) (*adapter.DB, error)
	peers   PeerStarter
	cleanup []func()
	notes   []string
}

// Storm sizes a randomised storm: how long it runs and the seed of its
// random choices (0: a fresh one, reported on failure so the run can be
// repeated with the same choices).
type Storm struct {
	Duration time.Duration
	Seed     uint64
}

// NewEnv is for runners: it wraps an opened database. open opens further
// databases with the same driver; Close closes them.
func NewEnv(db *adapter.DB, path, dir string, open func(context.Context, string, adapter.Options) (*adapter.DB, error)) *Env {
	return &Env{DB: db, Path: path, Dir: dir, Driver: db.Driver(), open: open}
}

// Open opens another database (or the same file again) with the case's
// driver; it is closed when the case ends.
func (e *Env) Open(ctx context.Context, path string, opts adapter.Options) (*adapter.DB, error) {
	db, err := e.open(ctx, path, opts)
	if err == nil {
		e.Defer(func() { db.Close() })
	}
	return db, err
}

// UsePeers is for runners: it lets OpenPeer start peer processes with
// start.
func (e *Env) UsePeers(start PeerStarter) { e.peers = start }

// OpenPeer opens the database at path with the case's driver in another
// process, a peer, for a case about what one process sees of another's
// work (a writer elsewhere keeping a database in WAL mode). Only
// opts.JournalMode and opts.ReadOnly reach the peer. The peer is closed
// when the case ends. Where the runner cannot start peers, OpenPeer
// returns an [*Unsupported] error that says why: return it from the
// Action.
func (e *Env) OpenPeer(ctx context.Context, path string, opts adapter.Options) (Peer, error) {
	if e.peers == nil {
		return nil, Unsupportedf("this runner starts no peer processes")
	}
	p, err := e.peers(ctx, e.Driver.Name, path, opts)
	if err != nil {
		return nil, err
	}
	e.Defer(func() { p.Close() })
	return p, nil
}

// Peer is a database opened in another process (see [Env.OpenPeer]).
type Peer interface {
	// Exec runs an SQL script on the peer's database with DB.Exec.
	Exec(ctx context.Context, script string) error
	// Close closes the peer's database and waits for its process to end.
	// It is idempotent.
	Close() error
}

// PeerStarter opens path with the named driver and opts in a new peer
// process.
type PeerStarter func(ctx context.Context, driver, path string, opts adapter.Options) (Peer, error)

// Note records what the case measured that varies from run to run (a
// storm's figures): shown by conform -v, kept out of the matrix.
func (e *Env) Note(format string, args ...any) {
	e.notes = append(e.notes, fmt.Sprintf(format, args...))
}

// Notes returns what Note recorded.
func (e *Env) Notes() []string { return e.notes }

// Defer registers f to run when the case ends, last registered first.
func (e *Env) Defer(f func()) { e.cleanup = append(e.cleanup, f) }

// Close runs the deferred functions.
func (e *Env) Close() {
	for i := len(e.cleanup) - 1; i >= 0; i-- {
		e.cleanup[i]()
	}
	e.cleanup = nil
}

// Failf returns an error that fails the case with a message, for checks
// an Action makes itself beyond comparing its result.
func Failf(format string, args ...any) error {
	return &Failure{fmt.Sprintf(format, args...)}
}

// Failure is a check failed inside an Action.
type Failure struct{ Msg string }

func (f *Failure) Error() string { return f.Msg }

// Unsupportedf returns an error that reports the case unsupported with
// the reason, for an Action that finds at run time that it cannot make
// the situation it checks here: a fault that needs root or a loop device,
// a peer process the runner cannot start. The runner reports the case
// unsupported with that reason, never passed and never left out.
func Unsupportedf(format string, args ...any) error {
	return &Unsupported{fmt.Sprintf(format, args...)}
}

// Unsupported is a case that cannot run here, and why.
type Unsupported struct{ Reason string }

// Error returns the reason, marked as such.
func (u *Unsupported) Error() string { return "unsupported here: " + u.Reason }

// IsFailure reports whether err came from Failf.
func IsFailure(err error) bool {
	var f *Failure
	return errors.As(err, &f)
}
