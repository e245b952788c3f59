package modernc

import (
	"context"
	"database/sql/driver"
	"fmt"
	"sync"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	"modernc.org/libc"
)

// conn is a connection returned by OpenConn: modernc's connection plus its
// sqlite3 handle.
type conn struct {
	inner moderncConn
	db    uintptr // sqlite3* of inner
	lib   *clib

	imu  sync.Mutex // guards itls
	itls *libc.TLS  // Interrupt's
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
)

// asConn returns dc as a connection of this driver.
func asConn(dc driver.Conn) (*conn, error) {
	c, ok := dc.(*conn)
	if !ok || c.lib == nil {
		return nil, fmt.Errorf("anysqlite/modernc: %T is not an open connection of this driver", dc)
	}
	return c, nil
}

// Prepare is PrepareContext with context.Background.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext compiles query, which must hold exactly one statement.
//
// modernc compiles text holding one statement and nothing after it; any
// other text (none, several statements, or one followed by a comment or
// white space after its semicolon) it keeps uncompiled and runs as a
// script on each Exec or Query. Such text is compiled here statement by
// statement to tell the cases apart.
func (c *conn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	ctx := context.Background() // see stmt.ExecContext
	c.ensureBusyHandler()
	ds, err := c.inner.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	pstmt, err := stmtHandle(ds)
	if err != nil || pstmt != 0 {
		return c.newStmt(ds, pstmt, err)
	}
	ds.Close()
	n, start, end, err := c.lib.statements(query)
	switch {
	case n == 0 && err != nil:
		return nil, err
	case n == 0:
		return nil, fmt.Errorf("anysqlite/modernc: %w in %q", contract.ErrNoStatement, query)
	case n > 1 && err != nil:
		return nil, fmt.Errorf("anysqlite/modernc: %w in %q: %w", contract.ErrMultipleStatements, query, err)
	case n > 1:
		return nil, fmt.Errorf("anysqlite/modernc: %w in %q", contract.ErrMultipleStatements, query)
	}
	// One statement among comments, white space and semicolons.
	ds, err = c.inner.PrepareContext(ctx, query[start:end])
	if err != nil {
		return nil, err
	}
	pstmt, err = stmtHandle(ds)
	if err == nil && pstmt == 0 {
		err = fmt.Errorf("anysqlite/modernc: modernc did not compile the single statement %q", query[start:end])
	}
	return c.newStmt(ds, pstmt, err)
}

// newStmt wraps a modernc statement, or closes it if err is set.
func (c *conn) newStmt(ds driver.Stmt, pstmt uintptr, err error) (driver.Stmt, error) {
	if err != nil {
		ds.Close()
		return nil, err
	}
	return &stmt{c: c, inner: ds, pstmt: pstmt, clean: true}, nil
}

// Begin starts a transaction (database/sql's required method; the adapter
// runs BEGIN itself).
//
// Deprecated: required by driver.Conn only.
func (c *conn) Begin() (driver.Tx, error) {
	return c.inner.Begin() //nolint:staticcheck // required by driver.Conn
}

// ResetSession is modernc's: it reports a connection that can no longer be
// used.
func (c *conn) ResetSession(ctx context.Context) error { return c.inner.ResetSession(ctx) }

// IsValid is modernc's.
func (c *conn) IsValid() bool { return c.inner.IsValid() }

// Close closes the connection.
func (c *conn) Close() error {
	if err := c.inner.Close(); err != nil {
		return err
	}
	c.lib.close()
	c.lib = nil
	c.imu.Lock()
	if c.itls != nil {
		c.itls.Close()
		c.itls = nil
	}
	c.imu.Unlock()
	return nil
}
