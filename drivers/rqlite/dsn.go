package rqlite

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Level is a read consistency level of rqlite
// (https://rqlite.io/docs/api/read-consistency/).
type Level string

// The read consistency levels. The zero Level means [Linearizable].
const (
	// None reads the local SQLite database of whichever node the client
	// asks, with no check that the node is in contact with the cluster:
	// fastest, and may return data older than a write already
	// acknowledged. Options.Freshness bounds how old.
	None Level = "none"
	// Weak reads on the node that believes it is the leader, without
	// confirming it: during a partition a deposed leader may answer with
	// stale data for up to a heartbeat timeout.
	Weak Level = "weak"
	// Linearizable reads on the leader after it confirms with a quorum of
	// heartbeats that it still leads: never older than an acknowledged
	// write, at the cost of a heartbeat round trip. The default.
	Linearizable Level = "linearizable"
	// Strong sends the read through the Raft log like a write: never
	// stale, and as slow as a write.
	Strong Level = "strong"
	// Auto is Weak on a voting node and None on a read-only one.
	Auto Level = "auto"
)

func parseLevel(s string) (Level, error) {
	switch l := Level(strings.ToLower(s)); l {
	case "":
		return Linearizable, nil
	case None, Weak, Linearizable, Strong, Auto:
		return l, nil
	}
	return "", fmt.Errorf("rqlite: unknown read consistency level %q (none, weak, linearizable, strong, auto)", s)
}

// config is a parsed DSN with Options applied.
type config struct {
	nodes    []*url.URL // scheme, host and base path; no user info, query or fragment
	user     *url.Userinfo
	level    Level
	fresh    time.Duration
	strict   bool
	attempt  time.Duration
	retry    time.Duration
	resolve  time.Duration
	retained time.Duration
	forward  bool
}

// parseDSN parses "URL[,URL...][?param=value&...]" (see the package
// documentation) over the values of opts.
func parseDSN(dsn string, opts *Options) (*config, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	hosts, query, _ := strings.Cut(dsn, "?")
	if strings.TrimSpace(hosts) == "" {
		return nil, fmt.Errorf("rqlite: DSN %q names no node", dsn)
	}
	cfg := &config{}
	for _, h := range strings.Split(hosts, ",") {
		u, err := parseNode(strings.TrimSpace(h))
		if err != nil {
			return nil, err
		}
		if u.User != nil {
			if cfg.user != nil && cfg.user.String() != u.User.String() {
				return nil, fmt.Errorf("rqlite: DSN nodes give different user names or passwords")
			}
			cfg.user = u.User
			u.User = nil
		}
		cfg.nodes = append(cfg.nodes, u)
	}
	params, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("rqlite: DSN parameters: %w", err)
	}
	if err := applyParams(&o, params); err != nil {
		return nil, err
	}
	if cfg.level, err = parseLevel(string(o.Level)); err != nil {
		return nil, err
	}
	cfg.fresh, cfg.strict = o.Freshness, o.FreshnessStrict
	cfg.attempt = orDefault(o.AttemptTimeout, 10*time.Second)
	cfg.retry = orDefault(o.RetryTimeout, 30*time.Second)
	cfg.resolve = orDefault(o.ResolveTimeout, 30*time.Second)
	cfg.retained = orDefault(o.Retention, 10*time.Minute)
	cfg.forward = o.Forward
	return cfg, nil
}

func parseNode(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("rqlite: DSN node %q: %w", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("rqlite: DSN node %q is not an http:// or https:// URL with a host", s)
	}
	if u.Fragment != "" || u.RawQuery != "" {
		return nil, fmt.Errorf("rqlite: DSN node %q: parameters go once, after the last node", s)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// applyParams sets the Options fields named by DSN parameters.
func applyParams(o *Options, params url.Values) error {
	for key, vals := range params {
		v := vals[len(vals)-1]
		var err error
		switch key {
		case "level":
			o.Level = Level(v)
		case "freshness":
			o.Freshness, err = time.ParseDuration(v)
		case "freshness_strict":
			o.FreshnessStrict, err = strconv.ParseBool(v)
		case "timeout":
			o.AttemptTimeout, err = time.ParseDuration(v)
		case "retry":
			o.RetryTimeout, err = time.ParseDuration(v)
		case "resolve":
			o.ResolveTimeout, err = time.ParseDuration(v)
		case "retention":
			o.Retention, err = time.ParseDuration(v)
		case "forward":
			o.Forward, err = strconv.ParseBool(v)
		default:
			return fmt.Errorf("rqlite: unknown DSN parameter %q", key)
		}
		if err != nil {
			return fmt.Errorf("rqlite: DSN parameter %s=%q: %w", key, v, err)
		}
	}
	return nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
