package rqlite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// errQueryWrites is rqlite's refusal of a statement that writes on the
// query endpoint.
const errQueryWrites = "attempt to change database via query operation"

// errNotQuery is returned by the read path for a statement SQLite says
// writes; the caller sends it as a write.
var errNotQuery = errors.New("rqlite: statement writes")

// readEndpoint is /db/query at the client's consistency level, with BLOBs
// as arrays of bytes (so a BLOB is never confused with TEXT).
func (c *Client) readEndpoint() endpoint {
	q := url.Values{"level": {string(c.cfg.level)}, "blob_array": {""}}
	if c.cfg.level == None && c.cfg.fresh > 0 {
		q.Set("freshness", c.cfg.fresh.String())
		if c.cfg.strict {
			q.Set("freshness_strict", "")
		}
	}
	return endpoint{path: "/db/query", query: q, write: c.cfg.level != None}
}

// read sends statements to the query endpoint, retrying lost attempts
// (a read changes nothing, so it can be sent again anywhere).
func (c *Client) read(ctx context.Context, stmts []Statement) (*response, error) {
	body, err := encodeRequest(stmts)
	if err != nil {
		return nil, err
	}
	ep := c.readEndpoint()
	// Bound the server's work too: rqlite interrupts the query at
	// db_timeout (never used for writes, which every node must apply
	// alike), no later than the client stops waiting for an attempt, so
	// that a query the client gave up on (an interrupted one, one that
	// outlived the attempt timeout) does not run on.
	limit := c.cfg.attempt
	if d, ok := ctx.Deadline(); ok {
		limit = min(limit, time.Until(d)+time.Millisecond)
	}
	ep.query.Set("db_timeout", max(limit, time.Millisecond).Truncate(time.Millisecond).String())
	deadline := time.Now().Add(c.cfg.retry)
	for {
		a := c.send(ctx, ep, body)
		switch a.outcome {
		case answered:
			return a.resp, nil
		case lost:
			if ctx.Err() == nil && time.Now().Before(deadline) {
				c.leader.Store(nil)
				continue
			}
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("%w: %w", err, a.err)
			}
			return nil, fmt.Errorf("%w: %w", ErrUnavailable, a.err)
		}
		return nil, a.err
	}
}

// encodeRequest encodes statements as the JSON array rqlite takes.
func encodeRequest(stmts []Statement) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, s := range stmts {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := appendStatement(&b, s.SQL, s.Args); err != nil {
			if len(stmts) > 1 {
				return nil, fmt.Errorf("statement %d: %w", i+1, err)
			}
			return nil, err
		}
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// queryRead runs a statement that reads. One SELECT or VALUES statement
// is wrapped so that every value comes back exact (see valueExpr); other
// reads (PRAGMA, EXPLAIN) come back as rqlite encodes them.
//
// Exec, which drops the rows, passes wrap false.
func (c *Client) queryRead(ctx context.Context, text string, st stmtText, args []any, wrap bool) (*Rows, error) {
	if wrap && st.wrappable() {
		rows, err := c.queryWrapped(ctx, text[:st.end], args)
		if !errors.Is(err, errWrapFailed) {
			return rows, err
		}
	}
	resp, err := c.read(ctx, []Statement{{SQL: schemaRefresh}, {SQL: text, Args: args}})
	if err != nil {
		return nil, err
	}
	if len(resp.Results) == 2 {
		resp.Results = resp.Results[1:]
	}
	r, err := oneResult(resp)
	if err != nil {
		return nil, err
	}
	return rawRows(r)
}

// schemaRefresh is sent before a plain read (PRAGMA, EXPLAIN), in the
// same request and so on the same connection of the node. SQLite answers
// a schema pragma (index_info, index_list, foreign_key_list, ...) from
// the schema the connection has in memory, without checking whether
// another connection changed it: rqlite's read connection then answers
// with no rows for an index created since its last statement. A read of
// sqlite_schema begins a read transaction, which checks the schema cookie
// and reloads a stale schema first.
const schemaRefresh = "SELECT 1 FROM sqlite_schema LIMIT 0"

// oneResult returns the single statement result of resp, or its error.
func oneResult(resp *response) (*result, error) {
	if len(resp.Results) != 1 {
		return nil, fmt.Errorf("rqlite: %d results for one statement", len(resp.Results))
	}
	r := &resp.Results[0]
	if r.Error != "" {
		if r.Error == errQueryWrites {
			return nil, errNotQuery
		}
		return nil, statementError(0, r.Error)
	}
	return r, nil
}

// errWrapFailed makes queryRead fall back to the plain query, whose own
// error (or rows) the caller then gets.
var errWrapFailed = errors.New("rqlite: query cannot be wrapped")

// queryWrapped runs query as the body of a materialised common table
// expression whose columns are encoded by valueExpr. A probe statement,
// SELECT * FROM (query) LIMIT 0, sent after it in the same request (so on
// the same connection), gives the current column names and count (cached
// by SQL text: a first use costs one more round trip). The probe comes
// second because SQLite names a statement's columns from the schema it
// was compiled with: a read connection that has not run a statement since
// another connection changed the schema (ALTER TABLE ... RENAME COLUMN)
// compiles the first statement with the old one and reports its old
// column names, while the rows come from the new schema (the statement is
// compiled again when it runs).
func (c *Client) queryWrapped(ctx context.Context, query string, args []any) (*Rows, error) {
	probe := Statement{SQL: "SELECT * FROM (\n" + query + "\n) LIMIT 0", Args: args}
	for try := 0; try < 3; try++ {
		n, known := c.shapes.get(query)
		var stmts []Statement
		if known {
			stmts = append(stmts, Statement{SQL: wrapQuery(query, n), Args: args})
		}
		stmts = append(stmts, probe)
		resp, err := c.read(ctx, stmts)
		if err != nil {
			return nil, err
		}
		if len(resp.Results) != len(stmts) {
			return nil, fmt.Errorf("rqlite: %d results for %d statements", len(resp.Results), len(stmts))
		}
		shape := &resp.Results[len(stmts)-1]
		if shape.Error != "" {
			return nil, errWrapFailed
		}
		names := uniqueNamesUndone(shape.Columns)
		if len(names) != n || !known {
			c.shapes.put(query, len(names))
			continue
		}
		r := &resp.Results[0]
		if r.Error != "" {
			if strings.Contains(r.Error, "_anysqlite_q") {
				return nil, errWrapFailed
			}
			return nil, statementError(0, r.Error)
		}
		rows := &Rows{Columns: names, DeclTypes: shape.Types, Values: make([][]any, len(r.Values))}
		for i, row := range r.Values {
			if len(row) != n {
				return nil, fmt.Errorf("rqlite: wrapped row has %d values for %d columns", len(row), n)
			}
			out := make([]any, n)
			for j, v := range row {
				if out[j], err = decodeWrapped(v); err != nil {
					return nil, err
				}
			}
			rows.Values[i] = out
		}
		return rows, nil
	}
	return nil, errWrapFailed
}

// wrapQuery returns the wrapped form of query with n result columns.
func wrapQuery(query string, n int) string {
	var b strings.Builder
	b.WriteString("WITH _anysqlite_q(")
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		b.WriteString("c" + strconv.Itoa(i))
	}
	b.WriteString(") AS MATERIALIZED (\n")
	b.WriteString(query)
	b.WriteString("\n) SELECT ")
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		b.WriteString(valueExpr("c" + strconv.Itoa(i)))
	}
	b.WriteString(" FROM _anysqlite_q")
	return b.String()
}

// uniqueNamesUndone undoes the ":N" suffix SQLite appends to a repeated
// column name of a subquery ("a", "a:1"), so the probe's names are the
// query's own.
func uniqueNamesUndone(cols []string) []string {
	out := make([]string, len(cols))
	seen := map[string]bool{}
	for i, c := range cols {
		if j := strings.LastIndexByte(c, ':'); j > 0 {
			if _, err := strconv.ParseUint(c[j+1:], 10, 32); err == nil && seen[c[:j]] {
				c = c[:j]
			}
		}
		out[i] = c
		seen[c] = true
	}
	return out
}
