package rqlite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// resolved is what the bookkeeping row says about a request.
type resolved struct {
	found, applied bool
	k              int64
	n, r           int64 // changes() and last_insert_rowid() after its last statement
	id             int64
}

// results are the Results of an applied request whose response was lost:
// only the last statement's numbers are known.
func (s resolved) results(texts []stmtText) []Result {
	res := make([]Result, len(texts))
	for i := range res {
		res[i].Recovered = true
	}
	last := texts[len(texts)-1]
	res[len(res)-1].RowsAffected = changes(last, s.n)
	if s.r != s.id {
		res[len(res)-1].LastInsertID = insertID(last, s.r, s.id, s.id, s.n)
	}
	return res
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
	var vals [4]int64
	for i, v := range row {
		if n, ok := v.(json.Number); ok {
			vals[i], _ = n.Int64()
		}
	}
	st.found, st.applied, st.k, st.n, st.r = true, vals[0] == 1, vals[1], vals[2], vals[3]
	return st, nil
}
