//go:build cgo

package mattn

/*
#include "sqlite3_api.h"

extern void sqlite3_interrupt(sqlite3 *) ANYSQLITE_WEAK;

static void anysqlite_interrupt(void *db) {
	if (sqlite3_interrupt) {
		sqlite3_interrupt((sqlite3 *)db);
	}
}
*/
import "C"

import (
	"context"
	"sync"
	"unsafe"
)

// interrupt calls sqlite3_interrupt(db).
func interrupt(db unsafe.Pointer) { C.anysqlite_interrupt(db) }

// onDone calls f if ctx ends before the returned function is called, and
// never after that function has returned.
//
// The steps of Exec, Query and Next are watched by a watch (step.go);
// onDone watches mattn's Prepare, which can wait for a lock too (to read
// the schema), and mattn's Open, which runs PRAGMA statements; the
// caller's f ends such a wait, see busy.go. An interrupt that lands just
// after the call finished is not undone: SQLite clears it when the next
// statement starts, unless another statement of the connection is running.
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
