package rqlite

import (
	"context"
	"errors"
)

// compile checks that SQLite on the cluster compiles text, one statement
// that scanSQL described as st, without running it: rqlite has no
// prepared statements, so the statement is sent as EXPLAIN text (an
// EXPLAIN statement as it is) to the query endpoint at the client's
// consistency level, with NULL for each parameter. Compiling fails there
// as sqlite3_prepare would (a syntax error, an unknown table, column or
// function). rqlite's refusal of a statement that writes on the query
// endpoint comes after compiling it, and so means it compiled.
//
// A PRAGMA is not compiled here: SQLite applies many pragmas (foreign_keys,
// recursive_triggers, ...) while compiling them, and would change the
// node's read connection. At level none the node asked may not have
// applied the latest schema change yet, and report a table created a
// moment ago as unknown.
func (c *Client) compile(ctx context.Context, text string, st stmtText) error {
	if st.verb == "PRAGMA" {
		return nil
	}
	q := "EXPLAIN " + text
	if st.verb == "EXPLAIN" {
		q = text
	}
	resp, err := c.read(ctx, []Statement{{SQL: q, Args: make([]any, st.params)}})
	if err != nil {
		return err
	}
	if _, err := oneResult(resp); err != nil && !errors.Is(err, errNotQuery) {
		return err
	}
	return nil
}
