package adapter

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// rawConn is satisfied by *sql.Conn.
type rawConn interface {
	Raw(func(driverConn any) error) error
}

// setPragma applies a per-connection setting to every connection of the
// pool: now on one connection (the script's or a pool connection, where it
// is verified), and on each other connection before its next use. Inside a
// transaction it is refused, since it would change one connection only and
// outlive the transaction.
func (q *queries) setPragma(ctx context.Context, p pragma) error {
	_, _, err := q.applySetting(ctx, p)
	return err
}

func (q *queries) applySetting(ctx context.Context, p pragma) (cols []string, rows [][]any, err error) {
	if q.tx != nil {
		return nil, nil, fmt.Errorf("%w: %s inside a transaction would change one pool connection only; use DB.Pragma or Options.Pragmas",
			ErrPerConnection, p.SQL())
	}
	if p.name == "journal_mode" && strings.EqualFold(strings.Trim(p.value, `'"`), "OFF") {
		return nil, nil, errJournalOff
	}
	var rc rawConn
	switch ex := q.ex.(type) {
	case *sql.DB:
		c, err := ex.Conn(ctx)
		if err != nil {
			return nil, nil, err
		}
		defer c.Close()
		rc = c
	case rawConn:
		rc = ex
	}
	if p.name == "journal_mode" && !q.db.settings.memory {
		// Leaving WAL needs every other connection closed, the pool's idle
		// ones included: let the pool drop them while the mode changes.
		// The limit is restored before rc goes back to the pool (deferred
		// calls run last first), so rc itself stays open. An in-memory
		// database lives in its one connection and is never dropped.
		q.db.sqldb.SetMaxIdleConns(0)
		defer q.db.sqldb.SetMaxIdleConns(q.db.maxIdle)
	}
	err = rc.Raw(func(dc any) error {
		var err error
		cols, rows, err = dc.(*conn).applyPragma(ctx, p)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	q.db.conn.setLater(p)
	return cols, rows, nil
}

// pragmaRows runs a validated pragma and returns its result.
func (q *queries) pragmaRows(ctx context.Context, text string) (cols []string, rows [][]any, err error) {
	if err := q.check(); err != nil {
		return nil, nil, err
	}
	p, err := parsePragma(text)
	if err != nil {
		return nil, nil, err
	}
	if p.setsConnection() {
		return q.applySetting(ctx, p)
	}
	// Read straight from the driver: database/sql would close the rows
	// from its own goroutine when ctx ends and report ctx's error for a
	// pragma that had already taken effect (user_version = 7).
	err = q.readDirect(ctx, p.SQL(), nil, func(src source) error {
		cols, rows, err = readPragmaRows(src)
		return err
	})
	return cols, rows, err
}

// readPragmaRows reads every row of src, copying the values, and closes
// it.
func readPragmaRows(src source) (cols []string, rows [][]any, err error) {
	defer src.close()
	if cols, err = src.columns(); err != nil {
		return nil, nil, err
	}
	cols = slices.Clone(cols)
	for vals := src.next(); vals != nil; vals = src.next() {
		row := make([]any, len(vals))
		for i, v := range vals {
			row[i] = cloneValue(v)
		}
		rows = append(rows, row)
	}
	if err := src.err(); err != nil {
		return nil, nil, err
	}
	return cols, rows, src.close()
}

func (q *queries) pragma(ctx context.Context, text string) ([]Row, error) {
	cols, rows, err := q.pragmaRows(ctx, text)
	if err != nil {
		return nil, q.db.wrapErr(ctx, err, text)
	}
	out := make([]Row, len(rows))
	for i, vals := range rows {
		out[i] = make(Row, len(cols))
		for j, c := range cols {
			out[i][c] = vals[j]
		}
	}
	return out, nil
}

func (q *queries) pragmaValue(ctx context.Context, text string) (any, error) {
	_, rows, err := q.pragmaRows(ctx, text)
	if err != nil {
		return nil, q.db.wrapErr(ctx, err, text)
	}
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil, nil
	}
	return rows[0][0], nil
}
