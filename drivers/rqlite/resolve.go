package rqlite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// resolved is what the bookkeeping row says about a request.
type resolved struct {
	found, applied bool
	k              int64
	n, r           []int64 // changes() and last_insert_rowid() after each statement
	id             int64
}

// results are the Results of an applied request whose response was lost,
// from the recorded changes() and last_insert_rowid() of each statement.
func (s resolved) results(texts []stmtText) ([]Result, error) {
	if len(s.n) != len(texts) || len(s.r) != len(texts) {
		return nil, fmt.Errorf("%w: the bookkeeping row records %d results for %d statements", ErrOutcomeUnknown, len(s.n), len(texts))
	}
	res := make([]Result, len(texts))
	prev := s.id
	for i, st := range texts {
		res[i] = Result{Recovered: true, RowsAffected: changes(st, s.n[i]), LastInsertID: insertID(st, s.r[i], prev, s.id, s.n[i])}
		prev = s.r[i]
	}
	return res, nil
}

// recorded reads a column of the bookkeeping row: an integer for a
// request of one statement, a comma-separated list for several.
func recorded(v any) ([]int64, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case json.Number:
		n, err := v.Int64()
		return []int64{n}, err
	case string:
		var out []int64
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%w: bookkeeping list %q", errNoRetry, v)
			}
			out = append(out, n)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: bookkeeping value %v", errNoRetry, v)
}

// cancelledResolve bounds the resolution of a write whose caller's
// context has already ended.
const cancelledResolve = 2 * time.Second

// resolve learns whether request id was applied, and makes sure that, if
// it was not, it never will be: it inserts a tombstone row with the
// request's id (INSERT OR IGNORE, through the Raft log). If that inserted
// a row, the request had not been applied, and its own INSERT of the id
// will now fail and roll it back wherever it still is (a follower that
// has yet to forward it, a delayed connection). If the row was there, a
// read through the Raft log (level strong, ordered after every write the
// leader accepted before it) tells whether it is the request's own row or
// an earlier tombstone. Both steps are idempotent and are retried until
// ResolveTimeout.
func (c *Client) resolve(ctx context.Context, id requestID) (resolved, error) {
	timeout := c.cfg.resolve
	if ctx.Err() != nil {
		timeout = min(timeout, cancelledResolve)
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	var last error
	for {
		st, err := c.fence(rctx, id)
		if err == nil {
			return st, nil
		}
		last = err
		if errors.Is(err, errNoRetry) {
			return resolved{}, err
		}
		if sleep(rctx, 50*time.Millisecond) != nil {
			return resolved{}, fmt.Errorf("no answer for %v: %w", timeout, last)
		}
	}
}

var errNoRetry = errors.New("rqlite: resolution failed")

// fence is one round of resolve.
func (c *Client) fence(ctx context.Context, id requestID) (resolved, error) {
	stmts := append(append([]Statement{}, setupStatements...), id.tombstone())
	body, err := encodeRequest(stmts)
	if err != nil {
		return resolved{}, err
	}
	a := c.send(ctx, execEndpoint(true), body)
	switch a.outcome {
	case answered:
	case rejected:
		return resolved{}, fmt.Errorf("%w: %w", errNoRetry, a.err)
	default:
		return resolved{}, a.err
	}
	if len(a.resp.Results) != len(stmts) {
		return resolved{}, fmt.Errorf("%w: %d results for %d statements", errNoRetry, len(a.resp.Results), len(stmts))
	}
	for _, r := range a.resp.Results {
		if r.Error != "" {
			return resolved{}, fmt.Errorf("%w: %w", errNoRetry, statementError(-1, r.Error))
		}
	}
	c.schemaReady.Store(true)
	if a.resp.Results[len(stmts)-1].RowsAffected == 1 {
		return resolved{found: true, k: id.k, id: id.id}, nil // the tombstone is in: not applied, never will be
	}
	st, err := c.lookup(ctx, id)
	if err != nil {
		return resolved{}, err
	}
	switch {
	case !st.found:
		return resolved{}, fmt.Errorf("%w: the request's row is gone (pruned?)", errNoRetry)
	case st.k != id.k:
		return resolved{}, fmt.Errorf("%w: another request has the same id", errNoRetry)
	}
	return st, nil
}

// lookup reads the bookkeeping row of id through the Raft log.
func (c *Client) lookup(ctx context.Context, id requestID) (resolved, error) {
	body, err := encodeRequest([]Statement{id.lookup()})
	if err != nil {
		return resolved{}, err
	}
	ep := c.readEndpoint()
	ep.query.Set("level", string(Strong))
	ep.write = true
	a := c.send(ctx, ep, body)
	if a.outcome != answered {
		return resolved{}, a.err
	}
	r, err := oneResult(a.resp)
	if err != nil {
		return resolved{}, err
	}
	st := resolved{id: id.id}
	if len(r.Values) == 0 {
		return st, nil
	}
	row := r.Values[0]
	if len(row) != 4 {
		return resolved{}, fmt.Errorf("%w: bookkeeping row has %d columns", errNoRetry, len(row))
	}
	var vals [2]int64
	for i, v := range row[:2] {
		if n, ok := v.(json.Number); ok {
			vals[i], _ = n.Int64()
		}
	}
	st.found, st.applied, st.k = true, vals[0] == 1, vals[1]
	if st.n, err = recorded(row[2]); err != nil {
		return resolved{}, err
	}
	if st.r, err = recorded(row[3]); err != nil {
		return resolved{}, err
	}
	return st, nil
}
