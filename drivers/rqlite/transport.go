package rqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// response is the JSON body of /db/execute and /db/query.
type response struct {
	Results []result `json:"results"`
	Error   string   `json:"error"`
}

// result is one statement's entry in a response.
type result struct {
	Columns      []string `json:"columns"`
	Types        []string `json:"types"`
	Values       [][]any  `json:"values"` // json.Number, string, bool, nil, []any (blob_array)
	LastInsertID int64    `json:"last_insert_id"`
	RowsAffected int64    `json:"rows_affected"`
	Error        string   `json:"error"`
}

// outcome classifies one HTTP attempt.
type outcome int

const (
	// answered: a response body was read; statement errors, if any, are
	// in it.
	answered outcome = iota
	// refused: the request was not applied and another node, or the same
	// one later, may serve it (connection refused, no leader, a
	// follower's redirect).
	refused
	// rejected: the request was not applied and retrying cannot help
	// (malformed request, authorisation, a pragma rqlite forbids).
	rejected
	// lost: the request reached a node and its response did not come
	// back; a write may or may not have been applied.
	lost
)

// attempt is the result of sending one request to one node.
type attempt struct {
	outcome  outcome
	resp     *response
	redirect *url.URL // leader base URL from a 301
	sent     bool     // the request was written to the connection
	err      error
}

// endpoint is an API path with its query parameters.
type endpoint struct {
	path  string     // "/db/execute" or "/db/query"
	query url.Values // without "redirect", which is added per attempt
	write bool       // send to the leader (writes, consistent reads)
}

// do sends body to node once, within the attempt timeout; a query gets a
// tenth more, so that rqlite's own answer at its db_timeout (the attempt
// timeout at most, see read) arrives before the client gives up.
func (c *Client) do(ctx context.Context, node *url.URL, ep endpoint, body []byte) attempt {
	timeout := c.cfg.attempt
	if ep.path == "/db/query" {
		timeout += c.cfg.attempt / 10
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	u := *node
	u.Path = node.Path + ep.path
	q := ep.query.Encode()
	if ep.write && !c.cfg.forward {
		q = joinQuery(q, "redirect")
	}
	u.RawQuery = q
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return attempt{outcome: rejected, err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	if c.cfg.user != nil {
		p, _ := c.cfg.user.Password()
		req.SetBasicAuth(c.cfg.user.Username(), p)
	}
	c.stats.requests.Add(1)
	hr, err := c.http.Do(req)
	if err != nil {
		if neverSent(err) {
			return attempt{outcome: refused, err: err}
		}
		return attempt{outcome: lost, sent: true, err: err}
	}
	defer hr.Body.Close()
	data, rerr := io.ReadAll(hr.Body)
	a := classifyHTTP(hr, data, ep.path)
	a.sent = true
	if rerr != nil && a.outcome == answered {
		return attempt{outcome: lost, sent: true, err: rerr}
	}
	return a
}

func joinQuery(q, param string) string {
	if q == "" {
		return param
	}
	return q + "&" + param
}

// classifyHTTP reads a complete HTTP response.
func classifyHTTP(hr *http.Response, data []byte, path string) attempt {
	text := strings.TrimSpace(string(data))
	switch code := hr.StatusCode; {
	case code == http.StatusOK:
		var r response
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&r); err != nil {
			return attempt{outcome: lost, err: fmt.Errorf("rqlite: unreadable response: %w", err)}
		}
		if r.Error != "" {
			return attempt{outcome: classifyRequestError(r.Error), resp: &r, err: &Error{Message: r.Error, Statement: -1}}
		}
		return attempt{outcome: answered, resp: &r}
	case code == http.StatusMovedPermanently || code == http.StatusFound || code == http.StatusTemporaryRedirect || code == http.StatusPermanentRedirect:
		loc, err := hr.Location()
		if err != nil {
			return attempt{outcome: refused, err: fmt.Errorf("rqlite: redirect without a usable Location: %w", err)}
		}
		loc.Path = strings.TrimSuffix(loc.Path, path)
		loc.RawQuery, loc.RawPath = "", ""
		return attempt{outcome: refused, redirect: loc, err: fmt.Errorf("rqlite: redirected to the leader at %s", loc)}
	case code == http.StatusServiceUnavailable || text == "leader not found":
		return attempt{outcome: refused, err: fmt.Errorf("rqlite: HTTP %d: %s", code, text)}
	case code == http.StatusBadRequest || code == http.StatusUnauthorized || code == http.StatusForbidden ||
		code == http.StatusMethodNotAllowed || code == http.StatusNotFound ||
		code == http.StatusInternalServerError && strings.HasPrefix(text, "SQL rewrite: "):
		return attempt{outcome: rejected, err: &Error{Message: fmt.Sprintf("HTTP %d: %s", code, text), Statement: -1}}
	default:
		return attempt{outcome: lost, err: fmt.Errorf("rqlite: HTTP %d: %s", code, text)}
	}
}

// notAppliedErrors are request-level errors rqlite returns before a
// request enters the Raft log; notAppliedCauses are the causes of a
// follower's failure to forward to the leader that mean the leader never
// got it (the follower could not connect).
var (
	notAppliedErrors = []string{"not leader", "leader not found", "store not open", "store not ready", "stale read"}
	notAppliedCauses = []string{"connect: connection refused", "no route to host", "i/o timeout: dial", "leader not found"}
	rejectedErrors   = []string{"disallowed pragma", "unauthorized"}
)

// classifyRequestError classifies a request-level "error" of a 200
// response. Anything not known to be refused before the Raft log is lost:
// its outcome must be resolved.
func classifyRequestError(msg string) outcome {
	for _, m := range rejectedErrors {
		if msg == m {
			return rejected
		}
	}
	for _, m := range notAppliedErrors {
		if msg == m {
			return refused
		}
	}
	if strings.HasPrefix(msg, "node failed to process ") {
		for _, m := range notAppliedCauses {
			if strings.Contains(msg, m) {
				return refused
			}
		}
	}
	return lost
}

// send sends body until a node answers, a request is rejected or lost,
// or the retry window closes. Refused attempts move to the leader a
// redirect names, or to the next node, backing off after each full round.
func (c *Client) send(ctx context.Context, ep endpoint, body []byte) attempt {
	if c.closed.Load() {
		return attempt{outcome: rejected, err: ErrClosed}
	}
	deadline := time.Now().Add(c.cfg.retry)
	backoff := 20 * time.Millisecond
	node, fails := c.firstNode(ep), 0
	redirected := false // the last attempt followed a redirect
	for {
		a := c.do(ctx, node, ep, body)
		c.stats.note(a)
		switch a.outcome {
		case answered:
			if ep.write {
				c.leader.Store(node)
			}
			return a
		case rejected, lost:
			if a.outcome == lost && ep.write {
				c.leader.CompareAndSwap(node, nil)
			}
			return a
		}
		if a.redirect != nil {
			c.stats.redirects.Add(1)
			c.leader.Store(a.redirect)
			if !redirected { // follow one redirect at once; a chain backs off
				redirected, node = true, a.redirect
				continue
			}
		} else {
			c.leader.CompareAndSwap(node, nil)
		}
		redirected = false
		if err := ctx.Err(); err != nil {
			return attempt{outcome: refused, err: fmt.Errorf("%w: %w (last error: %w)", ErrUnavailable, err, a.err)}
		}
		if time.Now().After(deadline) {
			return attempt{outcome: refused, err: fmt.Errorf("%w: nothing served the request for %v (last error: %w)", ErrUnavailable, c.cfg.retry, a.err)}
		}
		fails++
		if fails%len(c.cfg.nodes) == 0 {
			if err := sleep(ctx, backoff); err != nil {
				continue // reported by the ctx check above
			}
			backoff = min(2*backoff, 200*time.Millisecond)
		}
		node = c.nextNode()
	}
}

// firstNode is the known leader for writes and consistent reads, else the
// next node in rotation.
func (c *Client) firstNode(ep endpoint) *url.URL {
	if ep.write {
		if l := c.leader.Load(); l != nil {
			return l
		}
	}
	return c.nextNode()
}

func (c *Client) nextNode() *url.URL {
	n := c.next.Add(1) - 1
	return c.cfg.nodes[int(n%uint32(len(c.cfg.nodes)))]
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// neverSent reports whether err from http.Client.Do proves the request
// never left the client: the connection could not be made. Any other
// error (a reset, EOF, a timeout after connecting, a cancelled context)
// may come after the server read the request.
func neverSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
