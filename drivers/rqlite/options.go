package rqlite

import (
	"net/http"
	"time"
)

// Options configures a [Client]. The zero value (or nil) is a useful
// configuration; a DSN parameter of the same name overrides a field.
type Options struct {
	// Level is the read consistency level (DSN "level"); zero means
	// [Linearizable].
	Level Level
	// Freshness bounds how stale a [None] read may be (DSN "freshness",
	// rqlite's freshness parameter); zero means unbounded.
	// FreshnessStrict (DSN "freshness_strict") also refuses a node that
	// has not applied everything it has received.
	Freshness       time.Duration
	FreshnessStrict bool
	// AttemptTimeout bounds one HTTP request to one node (DSN "timeout"),
	// so that a node that accepts connections but answers nothing (a
	// partitioned or frozen node) costs at most this much before the
	// client turns to another; zero means 10 s.
	AttemptTimeout time.Duration
	// RetryTimeout is how long a request keeps trying other nodes and
	// waiting for a leader while the cluster is unavailable (DSN "retry");
	// zero means 30 s. The context's deadline, if earlier, wins.
	RetryTimeout time.Duration
	// ResolveTimeout bounds the time spent learning the outcome of a write
	// whose response was lost (DSN "resolve"); zero means 30 s. After it,
	// the write fails with [ErrOutcomeUnknown]. When the caller's context
	// is what ended the write, at most 2 s are spent.
	ResolveTimeout time.Duration
	// Retention is how long the client's bookkeeping rows (one per write,
	// table _anysqlite_requests) are kept (DSN "retention"); zero means
	// 10 min. A write still in flight after Retention is refused by the
	// cluster instead of applied, and client clocks must agree to well
	// within it.
	Retention time.Duration
	// Forward sends writes and consistent reads to whichever node the
	// client picks and lets a follower forward them to the leader (DSN
	// "forward=true"), for clients that cannot reach the address the
	// leader advertises. By default the client asks followers to redirect
	// it and talks to the leader itself, which saves a hop and a failure
	// mode (a follower that loses the leader mid-request).
	Forward bool
	// HTTPClient sends the requests; nil means a client of the package's
	// own (redirects are never followed automatically).
	HTTPClient *http.Client

	// verifyNotApplied makes every write that failed with an outcome
	// classified as "not applied" go through the resolution procedure
	// anyway, and counts in Stats.Misclassified any that was applied.
	// The failover tests use it to check the classification.
	verifyNotApplied bool
}
