package adapter

// stmtCache keeps the prepared statements of one connection by SQL text,
// so a query run again on the same connection is not compiled again. It is
// used only under database/sql's per-connection lock, so it has none.
//
// A statement is either idle in the cache or in use (by a running query,
// open rows or a *sql.Stmt). A query that finds its statement in use
// prepares a private copy, so nested use of one SQL text on one
// connection (a query inside an Iterate loop, say) never resets rows that
// are still being read.
type stmtCache struct {
	max     int
	byQuery map[string]*connStmt
	// head and tail of a list of all cached statements, most recently used
	// first.
	head, tail *connStmt
	n          int
}

func newStmtCache(max int) *stmtCache {
	return &stmtCache{max: max, byQuery: make(map[string]*connStmt, max)}
}

// take returns the idle cached statement for query, marking it in use, or
// nil if there is none.
func (c *stmtCache) take(query string) *connStmt {
	s := c.byQuery[query]
	if s == nil || s.inUse {
		return nil
	}
	s.inUse = true
	c.unlink(s)
	c.pushFront(s)
	return s
}

// add caches a newly prepared statement, which is in use, and returns the
// least recently used idle statement it displaced, if any, for the caller
// to close. It reports false if s was not cached (cache disabled, or
// another statement for the same text is cached).
func (c *stmtCache) add(s *connStmt) (cached bool, evicted *connStmt) {
	if c.max <= 0 || c.byQuery[s.query] != nil {
		return false, nil
	}
	c.byQuery[s.query] = s
	c.pushFront(s)
	if c.n > c.max {
		for e := c.tail; e != nil; e = e.prev {
			if !e.inUse {
				c.remove(e)
				return true, e
			}
		}
	}
	return true, nil
}

// remove drops s from the cache.
func (c *stmtCache) remove(s *connStmt) {
	if c.byQuery[s.query] == s {
		delete(c.byQuery, s.query)
		c.unlink(s)
	}
}

// all returns every cached statement and empties the cache.
func (c *stmtCache) drain() []*connStmt {
	var out []*connStmt
	for s := c.head; s != nil; s = s.next {
		out = append(out, s)
	}
	c.byQuery, c.head, c.tail, c.n = map[string]*connStmt{}, nil, nil, 0
	return out
}

func (c *stmtCache) pushFront(s *connStmt) {
	s.prev, s.next = nil, c.head
	if c.head != nil {
		c.head.prev = s
	}
	c.head = s
	if c.tail == nil {
		c.tail = s
	}
	c.n++
}

func (c *stmtCache) unlink(s *connStmt) {
	if s.prev != nil {
		s.prev.next = s.next
	} else {
		c.head = s.next
	}
	if s.next != nil {
		s.next.prev = s.prev
	} else {
		c.tail = s.prev
	}
	s.prev, s.next = nil, nil
	c.n--
}
