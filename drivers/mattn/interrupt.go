//go:build cgo

package mattn

/*
#include "sqlite3_api.h"

static void anysqlite_interrupt(void *db) {
	if (sqlite3_interrupt) {
		sqlite3_interrupt((sqlite3 *)db);
	}
}

static int anysqlite_autocommit(void *db) {
	return sqlite3_get_autocommit((sqlite3 *)db);
}

// anysqlite_refuse_interrupted is the commit hook of every connection: a
// commit that starts while the connection is interrupted is turned into a
// rollback (https://sqlite.org/c3ref/commit_hook.html).
static int anysqlite_refuse_interrupted(void *db) {
	return sqlite3_is_interrupted((sqlite3 *)db);
}

// anysqlite_gate_commits installs anysqlite_refuse_interrupted on db. It
// returns 0 if the linked SQLite lacks what it needs.
static int anysqlite_gate_commits(void *db) {
	if (!sqlite3_commit_hook || !sqlite3_is_interrupted || !sqlite3_get_autocommit || !sqlite3_interrupt) {
		return 0;
	}
	sqlite3_commit_hook((sqlite3 *)db, anysqlite_refuse_interrupted, db);
	return 1;
}
*/
import "C"

import (
	"context"
	"errors"
	"sync"
	"unsafe"
)

// interrupt calls sqlite3_interrupt(db).
func interrupt(db unsafe.Pointer) { C.anysqlite_interrupt(db) }

// Interrupt stops the statement running on the connection, or its wait
// for a lock (see busy.go), with SQLITE_INTERRUPT: sqlite3_interrupt. SQLite
// checks the flag between steps of its virtual machine and never after a
// statement has finished, so a statement that completed reports
// SQLITE_DONE; a commit that starts while the flag is set is refused by
// the commit hook gateCommits installs and rolls back.
func (c *conn) Interrupt() {
	if c.db != nil {
		interrupt(c.db)
	}
}

// InTransaction reports whether sqlite3_get_autocommit is 0.
func (c *conn) InTransaction() bool {
	return c.db != nil && C.anysqlite_autocommit(c.db) == 0
}

// gateCommits installs the commit hook that refuses a commit while the
// connection is interrupted.
func gateCommits(db unsafe.Pointer) error {
	if C.anysqlite_gate_commits(db) == 0 {
		return errors.New("anysqlite/mattn: the linked SQLite lacks sqlite3_commit_hook, sqlite3_interrupt, sqlite3_get_autocommit or sqlite3_is_interrupted (3.41.0)")
	}
	return nil
}

// onDone calls f if ctx ends before the returned function is called, and
// never after that function has returned.
//
// It watches mattn's Open, which runs PRAGMA statements that can wait for
// a lock before there is a connection to interrupt; the caller's f ends
// such a wait, see busy.go. Statements of an open connection are ended by
// the adapter through Interrupt.
func onDone(ctx context.Context, f func()) (done func()) {
	if ctx.Done() == nil {
		return func() {}
	}
	var mu sync.Mutex
	running := true
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		if running {
			f()
		}
	})
	return func() {
		stop()
		mu.Lock()
		running = false
		mu.Unlock()
	}
}
