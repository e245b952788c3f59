package adapter

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"
	"sync"
)

// The adapter's Get, All and Run do not go through database/sql's Rows,
// Scan and Result: they take a connection from the pool (sql.DB.Conn, or
// the transaction's sql.Conn) and, holding it with database/sql's own lock
// (sql.Conn.Raw), run the statement on the adapter's connection and read
// the driver's rows straight into the destination. That skips an
// allocation per query and a conversion per value, and otherwise does
// what database/sql does, step for step: the same pool, the same
// connection reset before reuse, the same argument conversion and errors
// (conn.namedValues), the same retries of a statement that finds its
// connection bad (driver.ErrBadConn), and the same release of the
// connection, discarded if bad. Nothing outside the adapter and the
// driver runs while the lock is held: a destination with an sql.Scanner of
// its own (which might use the database) is read through database/sql.

// maxBadConnRetries is database/sql's: a statement that finds its
// connection bad is tried on another one, up to this many more times.
const maxBadConnRetries = 2

// onConn runs fn on a connection of q, under database/sql's lock of it.
// The error fn returns is what database/sql would release the connection
// with: driver.ErrBadConn discards it.
func (q *queries) onConn(ctx context.Context, fn func(cn *conn) error) error {
	raw := func(dc any) error { return fn(dc.(*conn)) }
	switch ex := q.ex.(type) {
	case *sql.Conn:
		return ex.Raw(raw)
	case *sql.DB:
		c, err := ex.Conn(ctx)
		if err != nil {
			return err
		}
		err = c.Raw(raw)
		c.Close()
		return err
	}
	panic("adapter: unexpected executor")
}

// readDirect runs the query text with args and passes its rows to read,
// which must close them; it returns read's error.
func (q *queries) readDirect(ctx context.Context, text string, args []any, read func(source) error) error {
	for attempt := 0; ; attempt++ {
		var res error
		ran := false
		err := q.onConn(ctx, func(cn *conn) error {
			nvs, err := cn.namedValues(args)
			if err != nil {
				return err
			}
			rows, err := cn.QueryContext(ctx, text, nvs)
			cn.clearArgs()
			if err != nil {
				return err
			}
			ran = true
			sr := rows.(*stmtRows)
			sr.direct = true
			src := cn.source(sr)
			res = read(src)
			src.close()
			err = src.closeErr
			src.release()
			return err
		})
		if ran {
			return res
		}
		if !q.retry(attempt, err) {
			return err
		}
	}
}

// execDirect runs the statement text with args and returns its result.
func (q *queries) execDirect(ctx context.Context, st *statement, text string, args []any) (Result, error) {
	for attempt := 0; ; attempt++ {
		var r Result
		err := q.onConn(ctx, func(cn *conn) error {
			nvs, err := cn.namedValues(args)
			if err != nil {
				return err
			}
			res, err := cn.ExecContext(ctx, text, nvs)
			cn.clearArgs()
			if err != nil {
				return err
			}
			r = resultOf(st, res)
			return nil
		})
		if err == nil || !q.retry(attempt, err) {
			return r, err
		}
	}
}

// retry reports whether a statement that failed to start with err is
// tried again, as database/sql does: on another connection of the pool,
// never in a transaction.
func (q *queries) retry(attempt int, err error) bool {
	return q.tx == nil && attempt < maxBadConnRetries && errors.Is(err, driver.ErrBadConn)
}

// foreignCode caches, per destination type, whether storing into it may
// call code outside the adapter (an sql.Scanner not of database/sql).
var foreignCode sync.Map // reflect.Type -> bool

// readsDirect reports whether rows can be read into dest (as Get or All
// would) while the connection is locked: nothing but the adapter's own
// code runs then. Other destinations are read through database/sql.
func readsDirect(dest any) bool {
	t := reflect.TypeOf(dest)
	if t == nil || t.Kind() != reflect.Pointer {
		return true // an error, reported the same way on either path
	}
	if v, ok := foreignCode.Load(t); ok {
		return !v.(bool)
	}
	foreign := callsForeignCode(t, map[reflect.Type]bool{})
	foreignCode.Store(t, foreign)
	return !foreign
}

// callsForeignCode reports whether assigning to a value of type t, or to
// its fields, elements or pointees, may call an sql.Scanner that is not
// one of database/sql's own.
func callsForeignCode(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if reflect.PointerTo(t).Implements(scannerType) {
		return t.PkgPath() != "database/sql"
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return callsForeignCode(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if callsForeignCode(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}
