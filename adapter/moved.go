package adapter

import (
	"errors"
	"io/fs"
	"sync"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// A DB serves one database file. SQLite holds the file it opened by its
// descriptor: if the file is removed, or another file is renamed over its
// name, while a DB is open, the DB's pooled connections go on with the
// old file while each new connection opens whatever the path names now,
// so one DB would answer from two files, and in WAL mode writes to the
// removed file would succeed and vanish. SQLite notices by itself only in
// rollback-journal modes, and only when a write opens the journal
// (SQLITE_READONLY_DBMOVED, https://sqlite.org/rescode.html#readonly_dbmoved).
//
// So the adapter records the identity (device and inode) of the file when
// the pool opens its first connection, and checks that the path still
// names it (one stat(2), about 1 µs) before:
//
//   - every new connection (connector.Connect), so that the pool never
//     holds connections to two files; and
//   - every statement that may write and runs outside a transaction, BEGIN
//     included (conn.fileUnmoved), so that no write goes to a file that is
//     no longer there.
//
// Reads on connections the pool already holds are not checked: they read
// the file the DB opened, consistently, and a check per read would cost
// a fifth of a point query. Nor are the statements of a transaction that
// began before the move: in WAL mode its commit still goes to the old
// file (in rollback-journal modes SQLite refuses its first write after
// the move, if it had written nothing before).
//
// The refusal is an [*Error] with code [sqlite.READONLY_DBMOVED] naming the
// path, which [ErrFileMoved] matches, the same on every driver. Once
// refused, a DB stays refused: close it and open the path again.

// fileIdentity is the identity of the database file of a pool.
type fileIdentity struct {
	path string // "" for an in-memory database: nothing to check

	mu       sync.Mutex
	key      fileKey // recorded by the first check that finds the file
	recorded bool
	moved    *Error // set once the path no longer names the file
}

// newFileIdentity returns the identity to check for cfg's database.
func newFileIdentity(cfg contract.ConnConfig) *fileIdentity {
	if cfg.Path == "" || cfg.Path == ":memory:" {
		return &fileIdentity{}
	}
	return &fileIdentity{path: cfg.Path}
}

// check records the file's identity the first time and afterwards returns
// an *Error with code sqlite.READONLY_DBMOVED if the path no longer names that
// file. A path it cannot stat for another reason than its absence passes:
// SQLite reports what is wrong with it.
func (f *fileIdentity) check(d contract.Driver) error {
	if f == nil || f.path == "" {
		return nil
	}
	key, err := statKey(f.path)
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.moved != nil:
		return f.moved
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil
	case !f.recorded && err == nil:
		f.key, f.recorded = key, true
		return nil
	case !f.recorded:
		return nil // not created yet: the first connection creates it
	case err != nil:
		f.moved = movedError(d, f.path, "was removed", &fs.PathError{Op: "stat", Path: f.path, Err: err})
	case !f.key.same(key):
		f.moved = movedError(d, f.path, "was replaced: another file now has its name", nil)
	default:
		return nil
	}
	return f.moved
}

// movedError is the refusal of a DB whose file moved.
func movedError(d contract.Driver, path, what string, sys error) *Error {
	e := newError(sqlite.READONLY_DBMOVED, "database file moved: "+path+" "+what+
		" since this DB opened it; close the DB and open the path again", d.Info().Name, "", nil)
	e.sys = sys
	return e
}

// fileUnmoved checks the file's identity before a statement of kind k
// that may write, run outside a transaction (a BEGIN included). Queries,
// and statements inside a transaction (checked at its BEGIN), pass
// without a check.
func (cn *conn) fileUnmoved(k stmtKind) error {
	if k == kindQuery || cn.c.file == nil || cn.c.file.path == "" || cn.inTransaction() {
		return nil
	}
	return cn.c.file.check(cn.c.drv)
}

// inTransaction reports whether the connection is inside a transaction,
// asking SQLite only when something outside the adapter's bookkeeping may
// have begun one (transaction control through DB.SQL).
func (cn *conn) inTransaction() bool {
	return cn.tx.depth > 0 || cn.maybeInTx && cn.inner.InTransaction()
}
