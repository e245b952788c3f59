//go:build cgo

package mattn

// The statements of this package run on their sqlite3_stmt handle through
// the C functions below, not through mattn's SQLiteStmt.Exec and Query:
// mattn reads the column count of a query before its first sqlite3_step,
// but SQLite re-prepares a statement that a schema change expired only
// inside that step, so a prepared statement run again after ALTER TABLE
// would report the columns it had before (mattn v1.14.52 steps first only
// for the statements of its own connection-level cache). Here a query takes
// its first step at once and reads the columns afterwards; values are read
// by storage class, with no conversion by declared type; and every
// execution ends with sqlite3_reset, which releases the statement's locks.
// mattn still opens and closes connections and compiles and finalizes
// statements.

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite3_api.h"

// anysqlite_have_stmt_api reports whether the linked SQLite has every
// function this file calls.
static int anysqlite_have_stmt_api(void) {
	return sqlite3_db_handle && sqlite3_step && sqlite3_reset && sqlite3_clear_bindings &&
		sqlite3_stmt_status && sqlite3_bind_null &&
		sqlite3_bind_int64 && sqlite3_bind_double && sqlite3_bind_text64 && sqlite3_bind_blob64 &&
		sqlite3_column_count && sqlite3_column_name && sqlite3_column_type &&
		sqlite3_column_int64 && sqlite3_column_double && sqlite3_column_text &&
		sqlite3_column_blob && sqlite3_column_bytes && sqlite3_column_value && sqlite3_value_type &&
		sqlite3_value_int64 && sqlite3_value_double && sqlite3_value_text && sqlite3_value_blob &&
		sqlite3_value_bytes && sqlite3_errcode &&
		sqlite3_extended_errcode && sqlite3_errmsg && sqlite3_system_errno &&
		sqlite3_last_insert_rowid && sqlite3_set_last_insert_rowid && sqlite3_changes64;
}

// anysqlite_col is one value of a row: its storage class (an
// ANYSQLITE_SQLITE_INTEGER...NULL) and the value, p and n pointing into
// SQLite's memory for TEXT and BLOB until the statement moves on.
typedef struct anysqlite_col {
	sqlite3_int64 i64;
	double f64;
	const void *p;
	int n;
	int kind;
} anysqlite_col;

// anysqlite_row describes the first ncol columns of stmt's current row in
// cols. It returns ANYSQLITE_SQLITE_NOMEM if SQLite could not produce a
// TEXT or BLOB value.
//
// Each value is read through sqlite3_column_value, then the sqlite3_value
// functions: one call per column into the statement's bookkeeping rather
// than two or three (sqlite3_column_type, then sqlite3_column_int64 or
// sqlite3_column_text and sqlite3_column_bytes). SQLite calls the value
// unprotected, safe to read only while no other thread uses the
// connection, as none does here. A TEXT or BLOB value it could not
// produce is read again through sqlite3_column_text or
// sqlite3_column_blob, which report running out of memory on the
// connection.
static int anysqlite_row(void *stmt, int ncol, anysqlite_col *cols) {
	sqlite3_stmt *s = stmt;
	for (int i = 0; i < ncol; i++) {
		anysqlite_col *c = &cols[i];
		sqlite3_value *v = sqlite3_column_value(s, i);
		c->kind = sqlite3_value_type(v);
		c->p = NULL;
		c->n = 0;
		switch (c->kind) {
		case ANYSQLITE_SQLITE_INTEGER:
			c->i64 = sqlite3_value_int64(v);
			break;
		case ANYSQLITE_SQLITE_FLOAT:
			c->f64 = sqlite3_value_double(v);
			break;
		case ANYSQLITE_SQLITE_TEXT:
			c->p = sqlite3_value_text(v);
			c->n = sqlite3_value_bytes(v);
			if (c->p == NULL) {
				c->p = sqlite3_column_text(s, i);
				c->n = sqlite3_column_bytes(s, i);
				if (c->p == NULL) {
					if (sqlite3_errcode(sqlite3_db_handle(s)) == ANYSQLITE_SQLITE_NOMEM) {
						return ANYSQLITE_SQLITE_NOMEM;
					}
					c->n = 0;
				}
			}
			break;
		case ANYSQLITE_SQLITE_BLOB:
			c->p = sqlite3_value_blob(v); // NULL for an empty BLOB
			c->n = sqlite3_value_bytes(v);
			if (c->p == NULL && c->n > 0) {
				c->p = sqlite3_column_blob(s, i);
				c->n = sqlite3_column_bytes(s, i);
				if (c->p == NULL && c->n > 0) {
					return ANYSQLITE_SQLITE_NOMEM;
				}
			}
			break;
		}
	}
	return ANYSQLITE_SQLITE_OK;
}

// anysqlite_reset resets stmt and clears its bindings. It returns
// sqlite3_reset's result: the error of the last step, if it failed.
static int anysqlite_reset(void *stmt) {
	int rc = sqlite3_reset((sqlite3_stmt *)stmt);
	sqlite3_clear_bindings((sqlite3_stmt *)stmt);
	return rc;
}

// anysqlite_next steps stmt and, on a row, describes its first ncol
// columns in cols (see anysqlite_row). A query that has finished is reset
// at once.
static int anysqlite_next(uintptr_t h, int ncol, uintptr_t buf) {
	void *stmt = (void *)h;
	anysqlite_col *cols = (anysqlite_col *)buf;
	int rc = sqlite3_step((sqlite3_stmt *)stmt);
	if (rc == ANYSQLITE_SQLITE_ROW) {
		int err = anysqlite_row(stmt, ncol, cols);
		if (err != ANYSQLITE_SQLITE_OK) {
			return err;
		}
	} else if (rc == ANYSQLITE_SQLITE_DONE) {
		anysqlite_reset(stmt);
	}
	return rc;
}

typedef struct anysqlite_errinfo {
	int code;     // sqlite3_errcode
	int extended; // sqlite3_extended_errcode
	int sys;      // sqlite3_system_errno, where meaningful
	const char *msg; // sqlite3_errmsg
} anysqlite_errinfo;

// anysqlite_error describes the connection's last error, as mattn's
// lastError reads it.
static anysqlite_errinfo anysqlite_error(void *handle) {
	sqlite3 *db = handle;
	anysqlite_errinfo e;
	e.code = sqlite3_errcode(db);
	e.extended = sqlite3_extended_errcode(db);
	e.sys = 0;
	int primary = e.code & 0xff;
	if (primary == ANYSQLITE_SQLITE_CANTOPEN ||
		(primary == ANYSQLITE_SQLITE_IOERR && e.extended != ANYSQLITE_SQLITE_IOERR_NOMEM)) {
		e.sys = sqlite3_system_errno(db);
	}
	e.msg = sqlite3_errmsg(db);
	return e;
}

// anysqlite_row_at is anysqlite_row for Go, which passes uintptr_t.
static int anysqlite_row_at(uintptr_t stmt, int ncol, uintptr_t cols) {
	return anysqlite_row((void *)stmt, ncol, (anysqlite_col *)cols);
}

// anysqlite_reset_at is anysqlite_reset for Go, which passes uintptr_t.
static int anysqlite_reset_at(uintptr_t stmt) { return anysqlite_reset((void *)stmt); }

// anysqlite_arg is one argument of an execution: its storage class (an
// ANYSQLITE_SQLITE_INTEGER...NULL) and value, for TEXT and BLOB the
// offset and length of its bytes in the call's arena.
typedef struct anysqlite_arg {
	sqlite3_int64 i64; // INTEGER: the value; TEXT, BLOB: the offset in the arena
	double f64;
	sqlite3_int64 n;   // TEXT, BLOB: the length
	int index;         // the parameter it is bound to
	int kind;
} anysqlite_arg;

// Flags of an anysqlite_call.
#define ANYSQLITE_CALL_RESET 1      // reset the statement and clear its bindings first
#define ANYSQLITE_CALL_ZERO_ROWID 2 // sqlite3_set_last_insert_rowid(db, 0) first

// anysqlite_call is one execution of a statement: what Go sets before
// the call into C, and what the call reports. It lives in C memory.
typedef struct anysqlite_call {
	sqlite3_stmt *stmt;
	int flags;
	int nargs;
	anysqlite_arg *args;
	const char *arena;
	anysqlite_col *cols; // a query: room for the first row
	int cap;             // the number of values cols has room for

	int rc;      // the result of the bind that failed, or of the last step
	int failed;  // the index in args of the bind that failed, or -1
	int ncol;    // a query: sqlite3_column_count after the first step
	int reprep;  // a query: SQLITE_STMTSTATUS_REPREPARE after the first step
	int nread;   // a query: the columns of the first row described in cols, 0 if none
	sqlite3_int64 rowid;   // an exec: sqlite3_last_insert_rowid
	sqlite3_int64 changes; // an exec: sqlite3_changes64
	anysqlite_errinfo err; // a failure: the connection's error; msg is a copy the caller frees
} anysqlite_call;

// anysqlite_bind_all binds c's arguments, TEXT and BLOB values with
// destructor del (SQLITE_STATIC or SQLITE_TRANSIENT); an empty TEXT or
// BLOB is bound as such, never as NULL. It returns the result of the bind
// that failed, with its index in c->failed, or SQLITE_OK.
static int anysqlite_bind_all(anysqlite_call *c, void (*del)(void *)) {
	sqlite3_stmt *s = c->stmt;
	for (int i = 0; i < c->nargs; i++) {
		const anysqlite_arg *a = &c->args[i];
		int rc;
		switch (a->kind) {
		case ANYSQLITE_SQLITE_INTEGER:
			rc = sqlite3_bind_int64(s, a->index, a->i64);
			break;
		case ANYSQLITE_SQLITE_FLOAT:
			rc = sqlite3_bind_double(s, a->index, a->f64);
			break;
		case ANYSQLITE_SQLITE_TEXT:
			rc = a->n == 0 ? sqlite3_bind_text64(s, a->index, "", 0, ANYSQLITE_SQLITE_STATIC, ANYSQLITE_SQLITE_UTF8)
				: sqlite3_bind_text64(s, a->index, c->arena + a->i64, a->n, del, ANYSQLITE_SQLITE_UTF8);
			break;
		case ANYSQLITE_SQLITE_BLOB:
			rc = a->n == 0 ? sqlite3_bind_blob64(s, a->index, "", 0, ANYSQLITE_SQLITE_STATIC)
				: sqlite3_bind_blob64(s, a->index, c->arena + a->i64, a->n, del);
			break;
		default:
			rc = sqlite3_bind_null(s, a->index);
		}
		if (rc != ANYSQLITE_SQLITE_OK) {
			c->failed = i;
			return rc;
		}
	}
	return ANYSQLITE_SQLITE_OK;
}

// anysqlite_fail records the connection's error in e, with a copy of the
// message, which resetting the statement or another statement may replace.
static void anysqlite_fail(anysqlite_errinfo *e, sqlite3 *db) {
	*e = anysqlite_error(db);
	size_t n = strlen(e->msg) + 1;
	char *msg = malloc(n);
	if (msg != NULL) {
		memcpy(msg, e->msg, n);
	}
	e->msg = msg;
}

// anysqlite_batch is rows of a query read ahead by anysqlite_next_batch,
// in memory of its own: cols has room for cap values, rows of ncol after
// one another; TEXT and BLOB bytes of every row but the last are copied
// into the arena, whose size is size; the last row's stay in SQLite's
// memory, valid until the statement's next step.
typedef struct anysqlite_batch {
	anysqlite_col *cols;
	int cap;
	char *arena;
	int size;

	int nrows; // rows described
	int rc;    // the result of the last step: SQLITE_ROW if the batch is full
	anysqlite_errinfo err; // a failed step: the connection's error; msg is a copy the caller frees
} anysqlite_batch;

// anysqlite_keep copies the TEXT and BLOB bytes of the row at cols into
// the arena from *used on, if they fit, and points cols at the copies.
static int anysqlite_keep(anysqlite_batch *b, anysqlite_col *cols, int ncol, int *used) {
	int need = 0;
	for (int i = 0; i < ncol; i++) {
		if (cols[i].p != NULL) {
			need += cols[i].n;
		}
	}
	if (need > b->size - *used) {
		return 0;
	}
	for (int i = 0; i < ncol; i++) {
		if (cols[i].p != NULL && cols[i].n > 0) {
			char *dst = b->arena + *used;
			memcpy(dst, cols[i].p, cols[i].n);
			cols[i].p = dst;
			*used += cols[i].n;
		}
	}
	return 1;
}

// anysqlite_next_batch steps stmt up to b->cap / ncol times and describes
// each row's first ncol columns in b (see anysqlite_row). It stops at the
// end of the rows or an error (in b->rc; a finished query is reset, as by
// anysqlite_next), or when the next row might not fit: the row read last
// keeps its bytes in SQLite's memory, so a batch always has room for one
// row, whatever its size. An error reading a value ends the batch before
// that row, with SQLITE_NOMEM in b->rc.
static void anysqlite_next_batch(uintptr_t h, int ncol, uintptr_t p) {
	sqlite3_stmt *s = (sqlite3_stmt *)h;
	anysqlite_batch *b = (anysqlite_batch *)p;
	int used = 0;
	b->nrows = 0;
	for (;;) {
		b->rc = sqlite3_step(s);
		if (b->rc != ANYSQLITE_SQLITE_ROW) {
			if (b->rc == ANYSQLITE_SQLITE_DONE) {
				anysqlite_reset(s);
			} else {
				anysqlite_fail(&b->err, sqlite3_db_handle(s));
			}
			return;
		}
		anysqlite_col *cols = b->cols + b->nrows * ncol;
		if (anysqlite_row(s, ncol, cols) != ANYSQLITE_SQLITE_OK) {
			b->rc = ANYSQLITE_SQLITE_NOMEM;
			b->err.code = b->err.extended = ANYSQLITE_SQLITE_NOMEM;
			b->err.sys = 0;
			b->err.msg = NULL;
			return;
		}
		b->nrows++;
		if (ncol == 0 || (b->nrows + 1) * ncol > b->cap || !anysqlite_keep(b, cols, ncol, &used)) {
			return;
		}
	}
}


// anysqlite_start begins a call: it applies c's flags.
static sqlite3 *anysqlite_start(anysqlite_call *c) {
	sqlite3 *db = sqlite3_db_handle(c->stmt);
	c->failed = -1;
	c->ncol = c->reprep = c->nread = 0;
	c->err.msg = NULL;
	if (c->flags & ANYSQLITE_CALL_RESET) {
		anysqlite_reset(c->stmt);
	}
	if (c->flags & ANYSQLITE_CALL_ZERO_ROWID) {
		sqlite3_set_last_insert_rowid(db, 0);
	}
	return db;
}

// anysqlite_call_exec binds the arguments of the call at p and steps its
// statement to the end, as sqlite3_exec does; it reports the connection's
// last insert rowid and changes, or the error. The statement is always
// reset and its bindings cleared before it returns, so TEXT and BLOB
// values are bound from the arena without a copy.
static void anysqlite_call_exec(uintptr_t p) {
	anysqlite_call *c = (anysqlite_call *)p;
	sqlite3 *db = anysqlite_start(c);
	c->rc = anysqlite_bind_all(c, ANYSQLITE_SQLITE_STATIC);
	if (c->rc == ANYSQLITE_SQLITE_OK) {
		while ((c->rc = sqlite3_step(c->stmt)) == ANYSQLITE_SQLITE_ROW) {
		}
		c->rowid = sqlite3_last_insert_rowid(db);
		c->changes = sqlite3_changes64(db);
	}
	if (c->rc != ANYSQLITE_SQLITE_DONE) {
		anysqlite_fail(&c->err, db);
	}
	anysqlite_reset(c->stmt);
}

// anysqlite_call_query binds the arguments of the call at p (copies:
// the statement outlives the call) and takes the first step of its
// query. The column count is read after the step: SQLite re-prepares an
// expired statement inside sqlite3_step, and only then does the count
// describe the current schema. On a row that fits in c->cols, the row is
// described there (see anysqlite_row); a query that finished or failed is
// reset.
static void anysqlite_call_query(uintptr_t p) {
	anysqlite_call *c = (anysqlite_call *)p;
	sqlite3 *db = anysqlite_start(c);
	c->rc = anysqlite_bind_all(c, ANYSQLITE_SQLITE_TRANSIENT);
	if (c->rc == ANYSQLITE_SQLITE_OK) {
		c->rc = sqlite3_step(c->stmt);
		c->ncol = sqlite3_column_count(c->stmt);
		c->reprep = sqlite3_stmt_status(c->stmt, ANYSQLITE_SQLITE_STMTSTATUS_REPREPARE, 0);
	}
	switch (c->rc) {
	case ANYSQLITE_SQLITE_ROW:
		if (c->ncol <= c->cap && anysqlite_row(c->stmt, c->ncol, c->cols) == ANYSQLITE_SQLITE_OK) {
			c->nread = c->ncol;
		}
		return;
	case ANYSQLITE_SQLITE_DONE:
		break;
	default:
		anysqlite_fail(&c->err, db);
	}
	anysqlite_reset(c->stmt);
}

static const char *anysqlite_column_name(void *stmt, int i) {
	return sqlite3_column_name((sqlite3_stmt *)stmt, i);
}

// anysqlite_column_decltype is sqlite3_column_decltype, or NULL where the
// linked SQLite omits it (SQLITE_OMIT_DECLTYPE).
static const char *anysqlite_column_decltype(void *stmt, int i) {
	return sqlite3_column_decltype ? sqlite3_column_decltype((sqlite3_stmt *)stmt, i) : NULL;
}

*/
import "C"

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"syscall"
	"time"
	"unsafe"

	sqlite3 "github.com/mattn/go-sqlite3"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// SQLite result codes.
const (
	sqliteOK    = int(C.ANYSQLITE_SQLITE_OK)
	sqliteNoMem = int(C.ANYSQLITE_SQLITE_NOMEM)
	sqliteRow   = int(C.ANYSQLITE_SQLITE_ROW)
	sqliteDone  = int(C.ANYSQLITE_SQLITE_DONE)
)

// stmtAPIErr is non-nil if the linked SQLite lacks a function this file
// calls (possible only with mattn's libsqlite3 build tag and an old
// library); OpenConn returns it.
var stmtAPIErr = func() error {
	if C.anysqlite_have_stmt_api() == 0 {
		return errors.New("anysqlite/mattn: the linked SQLite lacks a function of the statement API this package calls (sqlite3_changes64 needs SQLite 3.37.0)")
	}
	return nil
}()

// handle passes a C pointer to C as the uintptr_t the C functions take.
func handle[T any](p *T) C.uintptr_t { return C.uintptr_t(uintptr(unsafe.Pointer(p))) }

// resetStmt resets the statement h and clears its bindings; it returns
// the result of sqlite3_reset, the error of the last step if it failed.
func resetStmt(h unsafe.Pointer) int { return int(C.anysqlite_reset_at(C.uintptr_t(uintptr(h)))) }

// nextCols steps the query h, or with step false stays on its current
// row, and on a row describes its first n columns in buf (see
// anysqlite_row) and returns them; h is reset if the query finished. On
// an error reading a value it returns SQLITE_NOMEM.
func nextCols(h unsafe.Pointer, buf *colBuf, n int, step bool) ([]C.anysqlite_col, int, error) {
	cols, err := buf.get(n)
	if err != nil {
		return nil, 0, err
	}
	if step {
		return cols, int(C.anysqlite_next(C.uintptr_t(uintptr(h)), C.int(len(cols)), handle(buf.p))), nil
	}
	if rc := int(C.anysqlite_row_at(C.uintptr_t(uintptr(h)), C.int(len(cols)), handle(buf.p))); rc != sqliteOK {
		return nil, rc, nil
	}
	return cols, sqliteRow, nil
}

// callKind is what a call does with its statement.
type callKind int

const (
	callExec  callKind = iota // anysqlite_call_exec
	callQuery                 // anysqlite_call_query
)

// outcome is what a call reports.
type outcome struct {
	rc  int   // the result of the last step, or of the bind that failed
	err error // the error of a call that failed (see callError); nil for SQLITE_ROW and SQLITE_DONE
	// A query: the column count and re-prepare count after the first
	// step, and whether the values of the row it stepped to are in
	// s.first.
	ncol, reprep int
	read         bool
	// An exec: the connection's last insert rowid and changes.
	rowid, changes int64
}

// call binds args to the statement and runs it (callExec) or takes the
// first step of its query and reads the row (callQuery), in one call into
// C; anysqlite_call_exec and anysqlite_call_query say what each leaves
// behind. It resets the statement first unless it is clean, and applies a
// pending reset of the last insert rowid (see Driver.ResetLastInsertRowID).
// Arguments bind by ordinal: the adapter resolves names (see
// contract.Conn). It returns an error, with nothing run, only for an
// argument of a type it cannot bind or when out of memory; the
// statement's own failure is in the outcome.
func (s *stmt) call(args []driver.NamedValue, kind callKind) (outcome, error) {
	b := &s.c.cols
	c, err := b.start(len(args))
	if err != nil {
		return outcome{}, err
	}
	for i, a := range args {
		if err := b.setArg(i, a.Ordinal, a.Value); err != nil {
			return outcome{}, err
		}
	}
	c.stmt = (*C.sqlite3_stmt)(s.h)
	c.flags = 0
	if !s.clean {
		c.flags |= C.ANYSQLITE_CALL_RESET
	}
	if b.zeroRowID {
		c.flags |= C.ANYSQLITE_CALL_ZERO_ROWID
	}
	c.nargs, c.args, c.arena = C.int(len(args)), b.args, b.arena
	b.zeroRowID = false
	if kind == callExec {
		C.anysqlite_call_exec(handle(c))
	} else {
		c.cols, c.cap = b.p, C.int(b.n)
		C.anysqlite_call_query(handle(c))
	}
	o := outcome{rc: int(c.rc), ncol: int(c.ncol), reprep: int(c.reprep), rowid: int64(c.rowid), changes: int64(c.changes)}
	switch {
	case o.rc != sqliteRow && o.rc != sqliteDone:
		o.err = callError(c)
	case o.rc == sqliteRow && c.nread > 0:
		s.keepFirst(unsafe.Slice(c.cols, int(c.nread)))
		o.read = true
	}
	return o, nil
}

// keepFirst copies the row cols describes into s.first, its TEXT and
// BLOB bytes into s.firstBytes: the connection's next call reuses cols,
// and another statement of the connection may run before the row is read.
// A row larger than maxArena gets bytes of its own, not kept afterwards.
func (s *stmt) keepFirst(cols []C.anysqlite_col) {
	if cap(s.first) < len(cols) {
		s.first = make([]contract.Value, len(cols))
	}
	s.first = s.first[:len(cols)]
	size := 0
	for i := range cols {
		if k := cols[i].kind; k == C.ANYSQLITE_SQLITE_TEXT || k == C.ANYSQLITE_SQLITE_BLOB {
			size += int(cols[i].n)
		}
	}
	buf := s.firstBytes[:0]
	if size > cap(buf) {
		buf = make([]byte, 0, size)
		if size <= maxArena {
			s.firstBytes = buf
		}
	}
	for i := range cols {
		v := &s.first[i]
		valueOf(v, &cols[i])
		if len(v.Bytes) > 0 {
			start := len(buf)
			buf = append(buf, v.Bytes...) // within cap: no copy moves earlier values
			v.Bytes = buf[start:len(buf):len(buf)]
		}
	}
}

// callError returns the error of a call that failed: the connection's
// error as it was when the bind or step failed.
func callError(c *C.anysqlite_call) error { return failure(int(c.rc), &c.err) }

// failure returns the error for the failed result rc, described by e
// (see anysqlite_fail), and frees e's copy of the message.
func failure(rc int, e *C.anysqlite_errinfo) error {
	msg := ""
	if e.msg != nil {
		msg = C.GoString(e.msg)
		C.free(unsafe.Pointer(e.msg))
		e.msg = nil
	}
	if int(e.code) == sqliteOK {
		return sqliteError(rc, "")
	}
	return newError(int(e.code), int(e.extended), syscall.Errno(e.sys), msg)
}

// columnDeclType returns sqlite3_column_decltype(h, i), or "".
func columnDeclType(h unsafe.Pointer, i int) string {
	return C.GoString(C.anysqlite_column_decltype(h, C.int(i)))
}

// columnName returns sqlite3_column_name(h, i).
func columnName(h unsafe.Pointer, i int) string {
	return C.GoString(C.anysqlite_column_name(h, C.int(i)))
}

// lastError returns the connection's last error as mattn's lastError
// builds it: a sqlite3.Error (see newError) with the result codes,
// sqlite3_errmsg and, for SQLITE_CANTOPEN and SQLITE_IOERR, the OS error.
// It is nil if the last call succeeded.
func lastError(db unsafe.Pointer) error {
	e := C.anysqlite_error(db)
	if int(e.code) == sqliteOK {
		return nil
	}
	return newError(int(e.code), int(e.extended), syscall.Errno(e.sys), C.GoString(e.msg))
}

// resultError returns the error for the failed result rc of a call on db:
// the connection's error, or one made from rc if the connection recorded
// none.
func resultError(db unsafe.Pointer, rc int) error {
	if err := lastError(db); err != nil {
		return err
	}
	return sqliteError(rc, "")
}

// colBuf is the C memory a connection runs its statements with, one
// statement at a time: the values of one row (anysqlite_col), the call
// (anysqlite_call) with its arguments and their arena. It grows to the
// largest row and set of arguments seen; an arena that grew beyond
// maxArena is given back after the call that needed it.
type colBuf struct {
	p *C.anysqlite_col
	n int

	c     *C.anysqlite_call
	args  *C.anysqlite_arg
	nargs int
	arena *C.char
	size  int // of the arena
	used  int // bytes of the arena holding this call's values

	// zeroRowID is set when sqlite3_set_last_insert_rowid(db, 0) is due
	// before the next statement runs (see Driver.ResetLastInsertRowID).
	zeroRowID bool
}

// maxArena is the largest arena a connection keeps between calls.
const maxArena = 1 << 20

// get returns room for n values of a row.
func (b *colBuf) get(n int) ([]C.anysqlite_col, error) {
	if n > b.n || b.p == nil {
		if b.p != nil {
			C.free(unsafe.Pointer(b.p))
			b.p, b.n = nil, 0
		}
		size := max(n, 16)
		p := (*C.anysqlite_col)(C.calloc(C.size_t(size), C.size_t(unsafe.Sizeof(C.anysqlite_col{}))))
		if p == nil {
			return nil, sqliteError(sqliteNoMem, "")
		}
		b.p, b.n = p, size
	}
	return unsafe.Slice(b.p, n), nil
}

// start returns the call, with room for nargs arguments and an empty
// arena, and room for a row of at least 16 values.
func (b *colBuf) start(nargs int) (*C.anysqlite_call, error) {
	if b.c == nil {
		b.c = (*C.anysqlite_call)(C.calloc(1, C.size_t(unsafe.Sizeof(C.anysqlite_call{}))))
		if b.c == nil {
			return nil, sqliteError(sqliteNoMem, "")
		}
	}
	if _, err := b.get(0); err != nil {
		return nil, err
	}
	if nargs > b.nargs {
		size := max(nargs, 16)
		p := (*C.anysqlite_arg)(C.realloc(unsafe.Pointer(b.args), C.size_t(size)*C.size_t(unsafe.Sizeof(C.anysqlite_arg{}))))
		if p == nil {
			return nil, sqliteError(sqliteNoMem, "")
		}
		b.args, b.nargs = p, size
	}
	if b.size > maxArena {
		C.free(unsafe.Pointer(b.arena))
		b.arena, b.size = nil, 0
	}
	b.used = 0
	return b.c, nil
}

// setArg stores v, one of the types the adapter binds (int64, float64,
// string, []byte, nil) or a bool or time.Time that database/sql's default
// conversion passes on (bound as mattn binds them), as argument i of the
// call, bound to parameter index.
func (b *colBuf) setArg(i, index int, v driver.Value) error {
	a := &unsafe.Slice(b.args, b.nargs)[i]
	a.index = C.int(index)
	switch v := v.(type) {
	case nil:
		a.kind = C.ANYSQLITE_SQLITE_NULL
	case int64:
		a.kind, a.i64 = C.ANYSQLITE_SQLITE_INTEGER, C.sqlite3_int64(v)
	case float64:
		a.kind, a.f64 = C.ANYSQLITE_SQLITE_FLOAT, C.double(v)
	case string:
		return b.setBytes(a, C.ANYSQLITE_SQLITE_TEXT, v)
	case []byte:
		if v == nil {
			a.kind = C.ANYSQLITE_SQLITE_NULL
			return nil
		}
		return b.setBytes(a, C.ANYSQLITE_SQLITE_BLOB, unsafe.String(unsafe.SliceData(v), len(v)))
	case bool:
		a.kind, a.i64 = C.ANYSQLITE_SQLITE_INTEGER, 0
		if v {
			a.i64 = 1
		}
	case time.Time:
		return b.setBytes(a, C.ANYSQLITE_SQLITE_TEXT, v.Format(sqlite3.SQLiteTimestampFormats[0]))
	default:
		return fmt.Errorf("anysqlite/mattn: unsupported argument type %T", v)
	}
	return nil
}

// setBytes copies the bytes of a TEXT or BLOB argument into the arena.
func (b *colBuf) setBytes(a *C.anysqlite_arg, kind C.int, v string) error {
	a.kind, a.i64, a.n = kind, C.sqlite3_int64(b.used), C.sqlite3_int64(len(v))
	if len(v) == 0 {
		return nil
	}
	if need := b.used + len(v); need > b.size {
		size := max(need, 2*b.size, 256)
		p := (*C.char)(C.realloc(unsafe.Pointer(b.arena), C.size_t(size)))
		if p == nil {
			return sqliteError(sqliteNoMem, "")
		}
		b.arena, b.size = p, size
	}
	b.used += copy(unsafe.Slice((*byte)(unsafe.Pointer(b.arena)), b.size)[b.used:], v)
	return nil
}

// free releases the memory.
func (b *colBuf) free() {
	for _, p := range []unsafe.Pointer{unsafe.Pointer(b.p), unsafe.Pointer(b.c), unsafe.Pointer(b.args), unsafe.Pointer(b.arena)} {
		if p != nil {
			C.free(p)
		}
	}
	*b = colBuf{}
}

// batch holds rows of one result set read ahead for NextValues, in C
// memory of the statement's own (anysqlite_next_batch): the adapter reads
// the rows of All with one call into C per batch, not per row. It is
// allocated on first use and freed when the statement closes.
type batch struct {
	b    *C.anysqlite_batch
	rows *rows // the result set the rows belong to; nil if none
	ncol int
	pos  int   // the next row to hand out
	end  error // after the rows: io.EOF (the query finished and was reset), an error, or nil
}

// batchRows is the most rows a batch holds, and batchArena the bytes of
// TEXT and BLOB values copied for them.
const (
	batchRows  = 64
	batchArena = 32 << 10
)

// fill reads the next rows of r, ncol values each, into the batch.
func (bt *batch) fill(r *rows, h unsafe.Pointer, ncol int) error {
	if err := bt.room(ncol); err != nil {
		return err
	}
	C.anysqlite_next_batch(C.uintptr_t(uintptr(h)), C.int(ncol), handle(bt.b))
	bt.rows, bt.pos, bt.end = r, 0, nil
	switch rc := int(bt.b.rc); rc {
	case sqliteRow:
	case sqliteDone:
		bt.end = io.EOF
	default:
		bt.end = failure(rc, &bt.b.err)
	}
	return nil
}

// room makes the batch's memory hold batchRows rows of ncol values.
func (bt *batch) room(ncol int) error {
	if bt.b == nil {
		bt.b = (*C.anysqlite_batch)(C.calloc(1, C.size_t(unsafe.Sizeof(C.anysqlite_batch{}))))
		if bt.b == nil {
			return sqliteError(sqliteNoMem, "")
		}
		bt.b.arena = (*C.char)(C.malloc(batchArena))
		if bt.b.arena == nil {
			return sqliteError(sqliteNoMem, "")
		}
		bt.b.size = batchArena
	}
	if need := batchRows * max(ncol, 1); int(bt.b.cap) < need {
		p := (*C.anysqlite_col)(C.realloc(unsafe.Pointer(bt.b.cols), C.size_t(need)*C.size_t(unsafe.Sizeof(C.anysqlite_col{}))))
		if p == nil {
			return sqliteError(sqliteNoMem, "")
		}
		bt.b.cols, bt.b.cap = p, C.int(need)
	}
	bt.ncol = ncol
	return nil
}

// next returns the next row of the batch that belongs to r, if any.
func (bt *batch) next(r *rows) ([]colDesc, bool) {
	if bt.rows != r || bt.pos >= int(bt.b.nrows) {
		return nil, false
	}
	cols := unsafe.Slice((*colDesc)(unsafe.Add(unsafe.Pointer(bt.b.cols), bt.pos*bt.ncol*int(unsafe.Sizeof(colDesc{})))), bt.ncol)
	bt.pos++
	return cols, true
}

// drop forgets the rows of the batch.
func (bt *batch) drop() {
	bt.rows, bt.pos, bt.end = nil, 0, nil
	if bt.b != nil {
		bt.b.nrows = 0
	}
}

// free releases the batch's memory.
func (bt *batch) free() {
	if bt.b != nil {
		C.free(unsafe.Pointer(bt.b.cols))
		C.free(unsafe.Pointer(bt.b.arena))
		C.free(unsafe.Pointer(bt.b))
	}
	*bt = batch{}
}

// colDesc is anysqlite_col, for the files of this package without cgo.
type colDesc = C.anysqlite_col

// valueOf sets v to the value col describes, its Bytes in SQLite's memory.
func valueOf(v *contract.Value, col *C.anysqlite_col) {
	switch col.kind {
	case C.ANYSQLITE_SQLITE_INTEGER:
		*v = contract.Value{Kind: contract.Integer, Int: int64(col.i64)}
	case C.ANYSQLITE_SQLITE_FLOAT:
		*v = contract.Value{Kind: contract.Float, Float: float64(col.f64)}
	case C.ANYSQLITE_SQLITE_TEXT:
		*v = contract.Value{Kind: contract.Text, Bytes: cBytes(col)}
	case C.ANYSQLITE_SQLITE_BLOB:
		*v = contract.Value{Kind: contract.Blob, Bytes: cBytes(col)}
	default:
		*v = contract.Value{}
	}
}

// cBytes returns the bytes of a TEXT or BLOB col, nil if empty.
func cBytes(col *C.anysqlite_col) []byte {
	if col.n == 0 || col.p == nil {
		return nil
	}
	return unsafe.Slice((*byte)(col.p), int(col.n))
}

// readValues sets dest to the values cols describes (see valueOf); columns
// of dest beyond cols are NULL.
func readValues(dest []contract.Value, cols []C.anysqlite_col) {
	for i := range dest {
		if i < len(cols) {
			valueOf(&dest[i], &cols[i])
		} else {
			dest[i] = contract.Value{}
		}
	}
}

// readRow copies the values anysqlite_row described into dest by storage
// class: int64, float64, string, []byte (a non-nil []byte{} for an empty
// BLOB) or nil. Columns of dest beyond cols are nil.
func readRow(dest []driver.Value, cols []C.anysqlite_col) {
	for i := range dest {
		if i >= len(cols) {
			dest[i] = nil
			continue
		}
		col := &cols[i]
		switch col.kind {
		case C.ANYSQLITE_SQLITE_INTEGER:
			dest[i] = int64(col.i64)
		case C.ANYSQLITE_SQLITE_FLOAT:
			dest[i] = float64(col.f64)
		case C.ANYSQLITE_SQLITE_TEXT:
			dest[i] = C.GoStringN((*C.char)(col.p), col.n)
		case C.ANYSQLITE_SQLITE_BLOB:
			if col.n == 0 {
				dest[i] = []byte{}
			} else {
				dest[i] = C.GoBytes(col.p, col.n)
			}
		default:
			dest[i] = nil
		}
	}
}
