//go:build cgo

package mattn

import (
	"context"
	"database/sql/driver"
	"fmt"
	"unsafe"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// conn is a connection returned by OpenConn: mattn's connection plus its
// sqlite3 handle, interruptible-sleep VFS and memory for reading rows.
type conn struct {
	inner *sqlite3.SQLiteConn
	db    unsafe.Pointer // *C.sqlite3 of inner
	vfs   sleepVFS
	cols  colBuf
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ contract.Conn             = (*conn)(nil)
)

// asConn returns dc as a connection of this driver.
func asConn(dc driver.Conn) (*conn, error) {
	c, ok := dc.(*conn)
	if !ok || c.db == nil {
		return nil, fmt.Errorf("anysqlite/mattn: %T is not an open connection of this driver", dc)
	}
	return c, nil
}

// Prepare is PrepareContext with context.Background.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext compiles query, which must hold exactly one statement.
//
// mattn compiles the first statement and keeps the rest of the text, which
// its Stmt.Exec and Stmt.Query then ignore; for text without a statement it
// returns a statement that fails when run. Here the rest is compiled too,
// to tell a trailing comment from a second statement. ctx is not used (see
// contract.Conn): a prepare that waits for a lock to read the schema is
// ended by Interrupt.
func (c *conn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	if c.db == nil {
		return nil, driver.ErrBadConn // closed
	}
	ctx := context.Background()
	text := query
	for {
		ds, err := c.inner.PrepareContext(ctx, text)
		if err != nil {
			return nil, err
		}
		st := ds.(*sqlite3.SQLiteStmt)
		h, tail := stmtParts(st)
		if h == nil { // only comments, white space or ';' before tail
			st.Close()
			if tail == "" {
				return nil, fmt.Errorf("anysqlite/mattn: %w in %q", contract.ErrNoStatement, query)
			}
			text = tail
			continue
		}
		if tail != "" {
			if more, err := c.holdsStatement(ctx, tail); more {
				st.Close()
				if err != nil {
					return nil, fmt.Errorf("anysqlite/mattn: %w in %q: %w", contract.ErrMultipleStatements, query, err)
				}
				return nil, fmt.Errorf("anysqlite/mattn: %w in %q", contract.ErrMultipleStatements, query)
			}
		}
		return &stmt{c: c, inner: st, h: h, clean: true}, nil
	}
}

// holdsStatement reports whether text holds a statement. Text that does
// not compile counts as one; err says why it did not.
func (c *conn) holdsStatement(ctx context.Context, text string) (bool, error) {
	for text != "" {
		ds, err := c.inner.PrepareContext(ctx, text)
		if err != nil {
			return true, err
		}
		st := ds.(*sqlite3.SQLiteStmt)
		h, tail := stmtParts(st)
		st.Close()
		if h != nil {
			return true, nil
		}
		text = tail
	}
	return false, nil
}

// Begin starts a transaction (database/sql's required method; the adapter
// runs BEGIN itself).
//
// Deprecated: required by driver.Conn only.
func (c *conn) Begin() (driver.Tx, error) {
	return c.inner.Begin() //nolint:staticcheck // required by driver.Conn
}

// Close closes the connection and returns its VFS to the pool.
func (c *conn) Close() error {
	if err := c.inner.Close(); err != nil {
		return err
	}
	c.db = nil
	c.cols.free()
	c.vfs.release()
	c.vfs = sleepVFS{}
	return nil
}
