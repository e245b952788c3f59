package rqlite

import (
	"crypto/rand"
	"encoding/binary"
	"time"
)

// The bookkeeping table gives every write request a row, inserted in the
// same atomic request as the write, so that a write whose response was
// lost can be looked up (see resolve). Row id 0 holds the horizon: the
// time before which rows may have been pruned; a trigger refuses a write
// request stamped before it, so a request delayed past the retention
// period can never apply after its row (or its tombstone) is gone.
//
//	id       random negative int64: the request id (and a last_insert_rowid
//	         sentinel no user row is likely to have)
//	k        a second random int64 that must match, against id collisions
//	applied  1 for the write itself, 0 for a tombstone placed by resolve
//	at       client time in unix milliseconds
//	n, r     changes() and last_insert_rowid() after the request's statement,
//	         or, for several, comma-separated lists of them (TEXT)
const bookTable = "_anysqlite_requests"

var setupStatements = []Statement{
	{SQL: "CREATE TABLE IF NOT EXISTS " + bookTable + "(id INTEGER PRIMARY KEY, k INTEGER NOT NULL, applied INTEGER NOT NULL, at INTEGER NOT NULL, n INTEGER, r INTEGER)"},
	{SQL: "INSERT OR IGNORE INTO " + bookTable + "(id, k, applied, at) VALUES(0, 0, 0, 0)"},
	{SQL: "CREATE TRIGGER IF NOT EXISTS " + bookTable + "_expired BEFORE INSERT ON " + bookTable +
		" WHEN NEW.applied = 1 AND NEW.at < (SELECT at FROM " + bookTable + " WHERE id = 0)" +
		" BEGIN SELECT RAISE(ABORT, 'anysqlite: write request expired before it was applied'); END"},
}

// errExpired is the trigger's message.
const errExpired = "anysqlite: write request expired before it was applied"

// requestID identifies one write request.
type requestID struct {
	id, k int64
	at    int64 // unix milliseconds
}

func newRequestID() requestID {
	var b [16]byte
	rand.Read(b[:])
	id := int64(binary.LittleEndian.Uint64(b[:8]) | 1<<63) // negative, never 0
	return requestID{id: id, k: int64(binary.LittleEndian.Uint64(b[8:])), at: time.Now().UnixMilli()}
}

func (r requestID) insert() Statement {
	return Statement{SQL: "INSERT INTO " + bookTable + "(id, k, applied, at) VALUES(?, ?, 1, ?)", Args: []any{r.id, r.k, r.at}}
}

// record records changes() and last_insert_rowid() after a statement of
// the request: as integers for the only statement of a request, appended
// to a comma-separated list in n and r for each of several (see
// resolved). With returning it also returns last_insert_rowid(), which
// rqlite does not report for a statement with RETURNING.
func (r requestID) record(several, returning bool) Statement {
	set := " SET n = changes(), r = last_insert_rowid()"
	if several {
		set = " SET n = coalesce(n || ',', '') || changes(), r = coalesce(r || ',', '') || last_insert_rowid()"
	}
	sql := "UPDATE " + bookTable + set + " WHERE id = ?"
	if returning {
		sql += " RETURNING last_insert_rowid()"
	}
	return Statement{SQL: sql, Args: []any{r.id}}
}

func (r requestID) tombstone() Statement {
	return Statement{SQL: "INSERT OR IGNORE INTO " + bookTable + "(id, k, applied, at) VALUES(?, ?, 0, ?)", Args: []any{r.id, r.k, time.Now().UnixMilli()}}
}

func (r requestID) lookup() Statement {
	return Statement{SQL: "SELECT applied, k, n, r FROM " + bookTable + " WHERE id = ?", Args: []any{r.id}}
}

// pruneStatements delete bookkeeping rows older than the retention period
// and move the horizon to it.
func pruneStatements(horizon int64) []Statement {
	return []Statement{
		{SQL: "DELETE FROM " + bookTable + " WHERE id < 0 AND at < ?", Args: []any{horizon}},
		{SQL: "UPDATE " + bookTable + " SET at = max(at, ?) WHERE id = 0", Args: []any{horizon}},
	}
}

// pruneDue reports whether this write should carry a prune (at most one
// a minute per client) and claims it.
func (c *Client) pruneDue(now time.Time) bool {
	last := c.lastPrune.Load()
	if now.UnixNano()-last < int64(time.Minute) {
		return false
	}
	return c.lastPrune.CompareAndSwap(last, now.UnixNano())
}
