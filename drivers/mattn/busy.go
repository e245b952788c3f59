//go:build cgo

package mattn

// Why a VFS: SQLite's default busy handler, which PRAGMA busy_timeout
// installs, sleeps in steps of up to 100 ms until the timeout is used up and
// never checks sqlite3_interrupt, so a cancelled context (the adapter then
// calls Interrupt, sqlite3_interrupt) would leave a statement waiting for a
// lock for the whole busy_timeout (measured: 30 s for busy_timeout=30000).
//
// A busy handler of our own does not fit: the adapter sets busy_timeout with
// PRAGMA busy_timeout=N after OpenConn, which puts SQLite's default handler
// back; sqlite3_busy_handler resets the value PRAGMA busy_timeout reads back
// to 0; and that value lives in SQLite's private struct sqlite3, out of reach
// from C code outside the amalgamation, so a handler of ours could not learn
// the timeout. Re-installing it after every PRAGMA would mean recognising
// PRAGMA statements in SQL text.
//
// Instead every connection opens through its own copy of the default VFS
// (vfs=anysqlite-mattn-N in the URI) that differs only in xSleep. SQLite's
// default busy handler sleeps through db->pVfs->xSleep, so its schedule, its
// timeout and PRAGMA busy_timeout keep working unchanged; only the sleep
// ends early. It sleeps in slices of at most 2 ms and stops once
// sqlite3_is_interrupted is true for the connection, or once the VFS is
// cancelled: OpenConn cancels it when its context ends while mattn's Open
// runs PRAGMA statements, before there is a handle to interrupt. After that
// every sleep returns at once, the handler runs through its remaining
// retries without waiting (each a failed lock attempt of a few
// microseconds) and the statement fails with SQLITE_BUSY. The copies are
// pooled and reused, never unregistered, so there are at most as many as
// connections were open at one time.

/*
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "sqlite3_api.h"

// Longest uninterrupted sleep, in microseconds: the delay between a
// sqlite3_interrupt and the end of a busy wait.
#define ANYSQLITE_SLEEP_SLICE 2000

typedef struct anysqlite_vfs {
	sqlite3_vfs base; // must be first: SQLite passes &base to xSleep
	sqlite3_vfs *orig;
	sqlite3 *db;      // the connection using this VFS, or NULL; atomic
	int cancelled;    // set while the connection is opened with a done context; atomic
	char name[64];
} anysqlite_vfs;

static int anysqlite_vfs_sleep(sqlite3_vfs *pVfs, int micros) {
	anysqlite_vfs *p = (anysqlite_vfs *)pVfs;
	// Measure the time slept on the VFS clock rather than adding up the
	// slices: on a loaded machine every short sleep overshoots, and the
	// overshoot of hundreds of slices would stretch busy_timeout.
	int clock = p->orig->iVersion >= 2 && p->orig->xCurrentTimeInt64 != NULL;
	sqlite3_int64 start = 0, now = 0;
	if (clock) {
		p->orig->xCurrentTimeInt64(p->orig, &start);
	}
	int slept = 0;
	while (slept < micros) {
		if (__atomic_load_n(&p->cancelled, __ATOMIC_ACQUIRE)) {
			break;
		}
		sqlite3 *db = __atomic_load_n(&p->db, __ATOMIC_ACQUIRE);
		if (db != NULL && sqlite3_is_interrupted(db)) {
			break;
		}
		int slice = micros - slept;
		if (slice > ANYSQLITE_SLEEP_SLICE) {
			slice = ANYSQLITE_SLEEP_SLICE;
		}
		p->orig->xSleep(p->orig, slice);
		if (clock) {
			p->orig->xCurrentTimeInt64(p->orig, &now); // milliseconds
			sqlite3_int64 elapsed = (now - start) * 1000;
			slept = elapsed > slept + slice ? (int)(elapsed < micros ? elapsed : micros) : slept + slice;
		} else {
			slept += slice;
		}
	}
	return slept;
}

// anysqlite_vfs_new registers a copy of the default VFS named
// anysqlite-mattn-<id> whose xSleep is anysqlite_vfs_sleep. It returns NULL
// and sets *err to a static message on failure.
static anysqlite_vfs *anysqlite_vfs_new(int id, const char **err) {
	if (!sqlite3_vfs_find || !sqlite3_vfs_register || !sqlite3_is_interrupted) {
		*err = "the linked SQLite lacks sqlite3_vfs_find, sqlite3_vfs_register or sqlite3_is_interrupted (3.41.0)";
		return NULL;
	}
	sqlite3_vfs *orig = sqlite3_vfs_find(NULL);
	if (orig == NULL) {
		*err = "SQLite has no default VFS";
		return NULL;
	}
	if (orig->xSleep == NULL) {
		*err = "the default VFS has no xSleep";
		return NULL;
	}
	anysqlite_vfs *p = calloc(1, sizeof(*p));
	if (p == NULL) {
		*err = "out of memory";
		return NULL;
	}
	// Copy only the part of the structure that orig's version has.
	size_t n = sizeof(sqlite3_vfs);
	if (orig->iVersion < 2) {
		n = offsetof(sqlite3_vfs, xCurrentTimeInt64);
	} else if (orig->iVersion < 3) {
		n = offsetof(sqlite3_vfs, xSetSystemCall);
	}
	memcpy(&p->base, orig, n);
	if (p->base.iVersion > 3) {
		p->base.iVersion = 3; // the fields we know of
	}
	snprintf(p->name, sizeof(p->name), "anysqlite-mattn-%d", id);
	p->base.zName = p->name;
	p->base.pNext = NULL;
	p->base.xSleep = anysqlite_vfs_sleep;
	p->orig = orig;
	if (sqlite3_vfs_register(&p->base, 0) != ANYSQLITE_SQLITE_OK) {
		free(p);
		*err = "sqlite3_vfs_register failed";
		return NULL;
	}
	return p;
}

static void anysqlite_vfs_set_db(anysqlite_vfs *p, void *db) {
	__atomic_store_n(&p->db, (sqlite3 *)db, __ATOMIC_RELEASE);
}

static void anysqlite_vfs_set_cancelled(anysqlite_vfs *p, int on) {
	__atomic_store_n(&p->cancelled, on, __ATOMIC_RELEASE);
}

static const char *anysqlite_vfs_name(anysqlite_vfs *p) {
	return p->name;
}
*/
import "C"

import (
	"errors"
	"sync"
	"unsafe"
)

// sleepVFS is one interruptible-sleep copy of the default VFS. A
// connection holds it from open to close.
type sleepVFS struct {
	p *C.anysqlite_vfs
}

var vfsPool struct {
	sync.Mutex
	free []*C.anysqlite_vfs
	n    int // VFS copies registered so far
}

// acquireVFS returns an unused VFS copy, registering a new one if needed.
func acquireVFS() (sleepVFS, error) {
	vfsPool.Lock()
	defer vfsPool.Unlock()
	if n := len(vfsPool.free); n > 0 {
		p := vfsPool.free[n-1]
		vfsPool.free = vfsPool.free[:n-1]
		return sleepVFS{p}, nil
	}
	var msg *C.char
	p := C.anysqlite_vfs_new(C.int(vfsPool.n), &msg)
	if p == nil {
		return sleepVFS{}, errors.New("anysqlite/mattn: cannot register the interruptible-sleep VFS: " + C.GoString(msg))
	}
	vfsPool.n++
	return sleepVFS{p}, nil
}

// name is the VFS name to open a connection with.
func (v sleepVFS) name() string { return C.GoString(C.anysqlite_vfs_name(v.p)) }

// attach makes the VFS watch db (a *C.sqlite3 of mattn's connection) for
// sqlite3_interrupt.
func (v sleepVFS) attach(db unsafe.Pointer) { C.anysqlite_vfs_set_db(v.p, db) }

// cancel makes every sleep return at once (on) or sleep again (off). It
// ends waits for a lock while mattn opens the connection, before there is
// a handle to interrupt.
func (v sleepVFS) cancel(on bool) {
	c := C.int(0)
	if on {
		c = 1
	}
	C.anysqlite_vfs_set_cancelled(v.p, c)
}

// release detaches the connection and returns the VFS to the pool. Call
// it after the connection is closed.
func (v sleepVFS) release() {
	if v.p == nil {
		return
	}
	C.anysqlite_vfs_set_db(v.p, nil)
	C.anysqlite_vfs_set_cancelled(v.p, 0)
	vfsPool.Lock()
	vfsPool.free = append(vfsPool.free, v.p)
	vfsPool.Unlock()
}
