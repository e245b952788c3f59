package adapter

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/anysqlite/anysqlite/sqlite"
)

// classCache remembers the classification of single-statement SQL texts,
// so the tokenizer runs once per distinct query. It forgets everything
// when it grows past classCacheMax (queries built with fmt.Sprintf would
// otherwise grow it without bound).
type classCache struct {
	m sync.Map // string -> *statement
	n atomic.Int64
}

const classCacheMax = 4096

// classify returns the one statement in query; zero statements, several,
// or a transaction control statement are errors.
func (c *classCache) classify(query string) (*statement, error) {
	if v, ok := c.m.Load(query); ok {
		return v.(*statement), nil
	}
	if err := checkSQLText(query); err != nil {
		return nil, err
	}
	stmts := splitSQL(query)
	switch {
	case len(stmts) == 0:
		return nil, fmt.Errorf("%w in %q", ErrNoStatement, query)
	case len(stmts) > 1:
		return nil, fmt.Errorf("%w: found %d (use Exec to run a script)", ErrMultipleStatements, len(stmts))
	case stmts[0].kind == kindTxControl:
		return nil, fmt.Errorf("%w: %.40q", ErrTxControl, stmts[0].sql)
	}
	st := &stmts[0]
	st.ownSQL = ownText(st.sql)
	if c.n.Add(1) > classCacheMax {
		c.m.Clear()
		c.n.Store(0)
	}
	c.m.Store(query, st)
	return st, nil
}

// checkSQLText refuses SQL text with a NUL byte: SQLite stops reading at
// the NUL, so "DELETE FROM t \x00WHERE id = 4" would delete every row.
func checkSQLText(sql string) error {
	if i := strings.IndexByte(sql, 0); i >= 0 {
		return newError(sqlite.ExtendedCode(sqlite.MISUSE), fmt.Sprintf("SQL text contains a NUL byte at offset %d; SQLite would run only the text before it", i), "", sql, nil)
	}
	return nil
}
