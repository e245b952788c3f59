package rqlite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Result is the outcome of one statement of a write.
type Result struct {
	// RowsAffected is sqlite3_changes for an INSERT, UPDATE, DELETE or
	// REPLACE (or the number of rows a RETURNING clause returned), and 0
	// for any other statement.
	RowsAffected int64
	// LastInsertID is the rowid of the row an INSERT or REPLACE inserted,
	// and 0 when the statement inserted no rowid row (another kind of
	// statement, an upsert that updated, a WITHOUT ROWID table).
	LastInsertID int64
	// Rows holds the rows of a RETURNING clause, or nil.
	Rows *Rows
	// Recovered is true when the response was lost and the write was
	// found applied afterwards: RowsAffected and LastInsertID are those
	// the bookkeeping row recorded, and Rows is nil.
	Recovered bool
}

// execEndpoint sends writes to the leader as one transaction.
func execEndpoint(tx bool) endpoint {
	q := url.Values{}
	if tx {
		q.Set("transaction", "")
	}
	return endpoint{path: "/db/execute", query: q, write: true}
}

// Exec runs one statement (or a script of several, which runs as one
// atomic request) and returns its result. A statement that only reads is
// run on the read path and its rows discarded.
//
// A write is applied exactly once or not at all: it is sent with a
// bookkeeping row in the same atomic request, and when its response is
// lost (the leader died, the connection broke, ctx ended after sending)
// the client learns the outcome from that row, fencing the request so it
// can no longer apply. Applied, it returns the recorded result (with
// Result.Recovered); not applied, it sends the write again while the
// retry window and ctx allow, else returns an error that means nothing
// was applied. Only when the outcome cannot be learned within
// Options.ResolveTimeout does it return an error wrapping
// [ErrOutcomeUnknown]. VACUUM and PRAGMA statements, which cannot run in a
// transaction, are sent alone without bookkeeping and re-sent after a
// lost response (both are idempotent).
func (c *Client) Exec(ctx context.Context, query string, args ...any) (Result, error) {
	st := scanSQL(query)
	switch {
	case st.txControl():
		return Result{}, ErrTxControl
	case st.query() && !st.multiple:
		_, err := c.queryRead(ctx, query, st, args, false)
		if !errors.Is(err, errNotQuery) {
			return Result{}, err
		}
	}
	res, err := c.write(ctx, []Statement{{SQL: query, Args: args}}, []stmtText{st})
	if err != nil {
		return Result{}, err
	}
	return res[0], nil
}

// Query runs one statement and returns its rows: a read at the client's
// consistency level, or a write whose RETURNING rows come back (see Exec
// for how writes are applied exactly once). A write whose response was
// lost but that was applied fails with [ErrResultLost]: its rows are gone.
func (c *Client) Query(ctx context.Context, query string, args ...any) (*Rows, error) {
	st := scanSQL(query)
	if st.txControl() {
		return nil, ErrTxControl
	}
	if st.query() {
		rows, err := c.queryRead(ctx, query, st, args, true)
		if !errors.Is(err, errNotQuery) {
			return rows, err
		}
		if sel, ok := pragmaSelect(query); ok {
			if rows, err := c.queryRead(ctx, sel, scanSQL(sel), args, false); err == nil {
				return rows, nil
			}
		}
	}
	res, err := c.write(ctx, []Statement{{SQL: query, Args: args}}, []stmtText{st})
	if err != nil {
		return nil, err
	}
	switch {
	case res[0].Recovered && st.returning:
		return nil, fmt.Errorf("%w: %s", ErrResultLost, "the response was lost")
	case res[0].Rows == nil && st.returning:
		return nil, fmt.Errorf("%w: rqlite returned no RETURNING rows (its SQL parser did not recognise the statement)", ErrResultLost)
	case res[0].Rows == nil:
		return &Rows{}, nil
	}
	return res[0].Rows, nil
}

// Batch runs the statements as one atomic request (rqlite's
// transaction=true): a nil error means all were applied, exactly once; an
// error means none was, except [ErrOutcomeUnknown] (see Exec). SELECT
// statements in a batch run inside it and their rows are dropped.
func (c *Client) Batch(ctx context.Context, stmts ...Statement) ([]Result, error) {
	texts := make([]stmtText, len(stmts))
	for i, s := range stmts {
		texts[i] = scanSQL(s.SQL)
		if texts[i].txControl() {
			return nil, fmt.Errorf("statement %d: %w", i+1, ErrTxControl)
		}
	}
	if len(stmts) == 0 {
		return nil, nil
	}
	return c.write(ctx, stmts, texts)
}

// write applies stmts atomically, exactly once.
func (c *Client) write(ctx context.Context, stmts []Statement, texts []stmtText) ([]Result, error) {
	if len(stmts) == 1 && texts[0].outsideTx() {
		return c.writeAlone(ctx, stmts[0], texts[0])
	}
	if _, err := encodeRequest(stmts); err != nil {
		return nil, err // an argument rqlite cannot carry; nothing was sent
	}
	deadline := time.Now().Add(c.cfg.retry)
	for {
		id := newRequestID()
		req, lay := c.bookkept(id, stmts, texts)
		body, err := encodeRequest(req)
		if err != nil {
			return nil, err
		}
		a := c.send(ctx, execEndpoint(true), body)
		switch a.outcome {
		case answered:
			res, retry, err := c.writeResults(ctx, a.resp, id, lay, texts)
			if !retry {
				return res, err
			}
			if time.Now().After(deadline) { // not applied, and the bookkeeping keeps failing
				return nil, fmt.Errorf("%w: the bookkeeping row could not be written for %v", ErrUnavailable, c.cfg.retry)
			}
		case refused, rejected:
			c.verifyNotApplied(ctx, id)
			return nil, a.err
		case lost:
			c.stats.unknown.Add(1)
			st, err := c.resolve(ctx, id)
			if err != nil {
				c.stats.unresolv.Add(1)
				return nil, fmt.Errorf("%w: %w (request lost: %w)", ErrOutcomeUnknown, err, a.err)
			}
			if st.applied {
				c.stats.resolvedApplied.Add(1)
				return st.results(texts)
			}
			c.stats.resolvedNotApplied.Add(1)
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("%w (the write was not applied)", err)
			}
			if time.Now().After(deadline) {
				return nil, fmt.Errorf("%w: writes lost for %v, none applied (last: %w)", ErrUnavailable, c.cfg.retry, a.err)
			}
		}
	}
}

// layout says where a write's statements, and the bookkeeping around
// them, sit in its request.
type layout struct {
	book  int   // the request's own row: the INSERT of its id
	stmts []int // each statement's index
	recs  []int // the index of the statement that records each statement's results
	// returning[i] is set when recs[i] also returns last_insert_rowid()
	// (statement i has RETURNING, so rqlite reports no last_insert_id).
	returning []bool
}

// bookkept returns the request for stmts: set-up (until this client saw
// the bookkeeping table), a prune when due, the request's row, and each
// statement followed by the statement that records its changes() and
// last_insert_rowid() in that row (one record of the last statement for a
// single one; a list for several, so that a recovered batch knows each
// statement's results).
func (c *Client) bookkept(id requestID, stmts []Statement, texts []stmtText) (req []Statement, lay layout) {
	if !c.schemaReady.Load() {
		req = append(req, setupStatements...)
	}
	if now := time.Now(); c.pruneDue(now) {
		req = append(req, pruneStatements(now.Add(-c.cfg.retained).UnixMilli())...)
	}
	lay.book = len(req)
	req = append(req, id.insert())
	for i, s := range stmts {
		lay.stmts = append(lay.stmts, len(req))
		req = append(req, s)
		returning := texts[i].returning
		lay.recs, lay.returning = append(lay.recs, len(req)), append(lay.returning, returning)
		req = append(req, id.record(len(stmts) > 1, returning))
	}
	return req, lay
}

// role is what the statement at an index of a bookkept request is: the
// index of a statement of the write, or -1 for the bookkeeping.
func (lay layout) role(j int) (stmt int, bookkeeping bool) {
	for i, k := range lay.stmts {
		if k == j {
			return i, false
		}
	}
	return -1, true
}

// writeResults turns the response to a bookkept request into results.
// retry is true when the request failed on the bookkeeping row in a way a
// new request id fixes (the table was dropped, the id was taken).
func (c *Client) writeResults(ctx context.Context, resp *response, id requestID, lay layout, texts []stmtText) (res []Result, retry bool, err error) {
	for j, r := range resp.Results {
		if r.Error == "" {
			continue
		}
		if j == lay.book {
			return c.bookkeepingFailed(ctx, id, r.Error, texts)
		}
		if i, book := lay.role(j); !book {
			return nil, false, statementError(i, r.Error)
		}
		return nil, false, fmt.Errorf("rqlite: bookkeeping statement failed: %w", statementError(-1, r.Error))
	}
	if want := lay.recs[len(lay.recs)-1] + 1; len(resp.Results) != want {
		return nil, false, fmt.Errorf("rqlite: %d results for %d statements", len(resp.Results), want)
	}
	c.schemaReady.Store(true)
	res = make([]Result, len(texts))
	prev := id.id
	for i, st := range texts {
		r := &resp.Results[lay.stmts[i]]
		if r.Columns != nil {
			rows, err := rawRows(r)
			if err != nil {
				return nil, false, err
			}
			lid, err := returnedRowID(&resp.Results[lay.recs[i]])
			if err != nil {
				return nil, false, err
			}
			n := int64(len(rows.Values))
			res[i] = Result{RowsAffected: n, LastInsertID: insertID(st, lid, prev, id.id, n), Rows: rows}
			prev = lid
			continue
		}
		res[i] = Result{RowsAffected: changes(st, r.RowsAffected), LastInsertID: insertID(st, r.LastInsertID, prev, id.id, r.RowsAffected)}
		prev = r.LastInsertID
	}
	return res, false, nil
}

// returnedRowID reads the last_insert_rowid() a record statement returned.
func returnedRowID(r *result) (int64, error) {
	if len(r.Values) != 1 || len(r.Values[0]) != 1 {
		return 0, fmt.Errorf("rqlite: the bookkeeping record returned %d rows", len(r.Values))
	}
	n, ok := r.Values[0][0].(json.Number)
	if !ok {
		return 0, fmt.Errorf("rqlite: the bookkeeping record returned %v", r.Values[0][0])
	}
	return n.Int64()
}

// changes is n for a statement that counts changes, else 0 (sqlite3_changes
// keeps the count of the last INSERT, UPDATE or DELETE, here at least the
// bookkeeping row's).
func changes(st stmtText, n int64) int64 {
	switch st.main {
	case "INSERT", "UPDATE", "DELETE", "REPLACE":
		return n
	}
	if st.multiple {
		return n
	}
	return 0
}

// insertID is the LastInsertID of a statement, which rqlite reports as
// last_insert_rowid after it. Unchanged from the value before it (prev;
// for the first statement, the bookkeeping row's id book) means the
// statement inserted nothing, except that a later INSERT of a batch may
// insert a row whose rowid equals the previous statement's.
func insertID(st stmtText, lid, prev, book, affected int64) int64 {
	switch {
	case !st.insertLike() && !st.multiple:
		return 0
	case lid != prev:
		return lid
	case prev != book && st.insertLike() && affected > 0:
		return lid
	}
	return 0
}

// bookkeepingFailed handles an error on the request's own row.
func (c *Client) bookkeepingFailed(ctx context.Context, id requestID, msg string, texts []stmtText) ([]Result, bool, error) {
	switch {
	case strings.HasPrefix(msg, "no such table: "+bookTable):
		c.schemaReady.Store(false)
		return nil, true, nil
	case strings.HasPrefix(msg, "UNIQUE constraint failed: "+bookTable+".id"):
		// Either another client's random id (retry with a new one) or an
		// earlier attempt of this very request that a node refused but
		// applied: a misclassification, which the lookup detects.
		st, err := c.lookup(ctx, id)
		if err == nil && st.found && st.k == id.k && st.applied {
			c.stats.misclassified.Add(1)
			res, err := st.results(texts)
			return res, false, err
		}
		return nil, true, nil
	case strings.Contains(msg, errExpired):
		return nil, false, fmt.Errorf("rqlite: the cluster refused the write as older than its bookkeeping horizon (client clocks differ by more than Options.Retention?): %w", statementError(-1, msg))
	}
	return nil, false, fmt.Errorf("rqlite: bookkeeping statement failed: %w", statementError(-1, msg))
}

// writeAlone sends one idempotent statement (VACUUM, PRAGMA) without
// transaction or bookkeeping, re-sending it after a lost response.
func (c *Client) writeAlone(ctx context.Context, s Statement, st stmtText) ([]Result, error) {
	body, err := encodeRequest([]Statement{s})
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(c.cfg.resolve)
	for {
		a := c.send(ctx, execEndpoint(false), body)
		switch a.outcome {
		case answered:
			r, err := oneResult(a.resp)
			if err != nil {
				return nil, err
			}
			if r.Columns != nil {
				rows, err := rawRows(r)
				return []Result{{Rows: rows}}, err
			}
			return []Result{{}}, nil
		case lost:
			if ctx.Err() == nil && time.Now().Before(deadline) {
				continue
			}
			return nil, fmt.Errorf("%w: %w", ErrOutcomeUnknown, a.err)
		}
		return nil, a.err
	}
}

// verifyNotApplied checks, when the test option asks for it, that a write
// classified "not applied" from its error alone was not applied.
func (c *Client) verifyNotApplied(ctx context.Context, id requestID) {
	if !c.opts.verifyNotApplied {
		return
	}
	c.stats.verified.Add(1)
	if st, err := c.resolve(ctx, id); err == nil && st.applied {
		c.stats.misclassified.Add(1)
	}
}

// pragmaSelect turns "PRAGMA name", with no schema and no argument, into
// "SELECT * FROM pragma_name". rqlite's query endpoint refuses a pragma
// that SQLite does not count as read-only (journal_mode), and its write
// path returns no rows for it; the table-valued form reads it.
func pragmaSelect(text string) (string, bool) {
	f := strings.Fields(strings.TrimRight(strings.TrimSpace(text), "; "))
	if len(f) != 2 || !strings.EqualFold(f[0], "PRAGMA") {
		return "", false
	}
	for i := 0; i < len(f[1]); i++ {
		if !isIdentPart(f[1][i]) {
			return "", false
		}
	}
	return "SELECT * FROM pragma_" + f[1], true
}
