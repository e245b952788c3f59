package rqlite

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Client talks to an rqlite cluster through its HTTP API. It is safe for
// concurrent use; it holds no connection state beyond idle HTTP
// connections, the last known leader and a cache of query shapes.
type Client struct {
	cfg  *config
	http *http.Client
	opts Options

	leader atomic.Pointer[url.URL] // last node that served a write or consistent read
	next   atomic.Uint32           // rotation over cfg.nodes
	closed atomic.Bool

	schemaReady atomic.Bool  // _anysqlite_requests exists (this client created or saw it)
	lastPrune   atomic.Int64 // unix nanoseconds of the last bookkeeping prune sent

	shapes shapeCache
	stats  counters
}

// Open returns a client for the cluster dsn names (see the package
// documentation for the DSN form). It sends nothing: the first request
// finds the nodes. opts may be nil.
func Open(ctx context.Context, dsn string, opts *Options) (*Client, error) {
	cfg, err := parseDSN(dsn, opts)
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg}
	if opts != nil {
		c.opts = *opts
	}
	c.http = c.opts.HTTPClient
	if c.http == nil {
		c.http = &http.Client{Transport: newTransport()}
	}
	// A 301 from a follower names the leader; the client re-sends the
	// request itself (net/http would turn a redirected POST into a GET).
	hc := *c.http
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.http = &hc
	return c, nil
}

func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     30 * time.Second,
	}
}

// Close releases idle connections. Requests in flight are not stopped;
// later calls fail with ErrClosed.
func (c *Client) Close() error {
	if c.closed.Swap(true) {
		return nil
	}
	c.http.CloseIdleConnections()
	return nil
}

// Level returns the read consistency level in use.
func (c *Client) Level() Level { return c.cfg.level }

// Nodes returns the node URLs of the DSN, without user information.
func (c *Client) Nodes() []string {
	s := make([]string, len(c.cfg.nodes))
	for i, u := range c.cfg.nodes {
		s[i] = u.String()
	}
	return s
}

// Stats counts what the client did since Open.
type Stats struct {
	// Requests is the number of HTTP requests sent, Redirects how many of
	// them a follower answered with the leader's address.
	Requests, Redirects int64
	// Unknown is the number of write requests whose response was lost
	// (the outcome had to be resolved); ResolvedApplied and
	// ResolvedNotApplied split those the resolution settled, and
	// Unresolved counts [ErrOutcomeUnknown] results.
	Unknown, ResolvedApplied, ResolvedNotApplied, Unresolved int64
	// Verified counts writes classified "not applied" from the error
	// alone that were checked anyway (test option). Misclassified counts
	// those among them that had been applied, and attempts refused as
	// "not applied" whose request was found applied when the client sent
	// it again (its bookkeeping row was already there): it must stay 0.
	Verified, Misclassified int64
	// Causes counts the attempts that got no answer, by outcome (refused:
	// not applied; lost: outcome resolved; rejected: not applied, final)
	// and cause, e.g. "refused: connect: connection refused" or
	// "lost: EOF".
	Causes map[string]int64
}

type counters struct {
	requests, redirects                                    atomic.Int64
	unknown, resolvedApplied, resolvedNotApplied, unresolv atomic.Int64
	verified, misclassified                                atomic.Int64

	mu     sync.Mutex
	causes map[string]int64
}

// note counts an attempt that got no answer by its cause.
func (s *counters) note(a attempt) {
	if a.outcome == answered {
		return
	}
	key := [...]string{refused: "refused", rejected: "rejected", lost: "lost"}[a.outcome] + ": " + cause(a)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.causes == nil {
		s.causes = map[string]int64{}
	}
	s.causes[key]++
}

// Stats returns the client's counters.
func (c *Client) Stats() Stats {
	s := &c.stats
	return Stats{
		Requests: s.requests.Load(), Redirects: s.redirects.Load(),
		Unknown: s.unknown.Load(), ResolvedApplied: s.resolvedApplied.Load(),
		ResolvedNotApplied: s.resolvedNotApplied.Load(), Unresolved: s.unresolv.Load(),
		Verified: s.verified.Load(), Misclassified: s.misclassified.Load(),
		Causes: s.causesCopy(),
	}
}

func (s *counters) causesCopy() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := make(map[string]int64, len(s.causes))
	for k, v := range s.causes {
		m[k] = v
	}
	return m
}

// addrs matches host:port and IP addresses in error texts.
var addrs = regexp.MustCompile(`(\[[0-9a-f:]+\]|[0-9]+(\.[0-9]+){3})(:[0-9]+)?|https?://[^ "]+`)

// cause is an attempt's error with addresses, URLs and the Go error
// chain's outer layers removed, so that equal causes count together.
func cause(a attempt) string {
	if a.redirect != nil {
		return "redirect to the leader"
	}
	msg := a.err.Error()
	var e *Error
	if !errors.As(a.err, &e) {
		if i := strings.Index(msg, "connect: "); i >= 0 {
			msg = msg[i:]
		} else if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
	}
	return addrs.ReplaceAllString(msg, "ADDR")
}

// shapeCache remembers the column count of wrapped queries by SQL text.
type shapeCache struct {
	mu sync.Mutex
	m  map[string]int
}

const maxShapes = 1024

func (s *shapeCache) get(sql string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.m[sql]
	return n, ok
}

func (s *shapeCache) put(sql string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil || len(s.m) >= maxShapes {
		s.m = map[string]int{}
	}
	s.m[sql] = n
}
