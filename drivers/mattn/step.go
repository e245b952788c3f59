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
#include <stdlib.h>
#include "sqlite3_api.h"

// anysqlite_have_stmt_api reports whether the linked SQLite has every
// function this file calls.
static int anysqlite_have_stmt_api(void) {
	return sqlite3_db_handle && sqlite3_step && sqlite3_reset && sqlite3_clear_bindings &&
		sqlite3_stmt_status && sqlite3_bind_parameter_index && sqlite3_bind_null &&
		sqlite3_bind_int64 && sqlite3_bind_double && sqlite3_bind_text64 && sqlite3_bind_blob64 &&
		sqlite3_column_count && sqlite3_column_name && sqlite3_column_type &&
		sqlite3_column_int64 && sqlite3_column_double && sqlite3_column_text &&
		sqlite3_column_blob && sqlite3_column_bytes && sqlite3_errcode &&
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
static int anysqlite_row(void *stmt, int ncol, anysqlite_col *cols) {
	sqlite3_stmt *s = stmt;
	for (int i = 0; i < ncol; i++) {
		anysqlite_col *c = &cols[i];
		c->kind = sqlite3_column_type(s, i);
		c->p = NULL;
		c->n = 0;
		switch (c->kind) {
		case ANYSQLITE_SQLITE_INTEGER:
			c->i64 = sqlite3_column_int64(s, i);
			break;
		case ANYSQLITE_SQLITE_FLOAT:
			c->f64 = sqlite3_column_double(s, i);
			break;
		case ANYSQLITE_SQLITE_TEXT:
			c->p = sqlite3_column_text(s, i);
			c->n = sqlite3_column_bytes(s, i);
			if (c->p == NULL) {
				if (sqlite3_errcode(sqlite3_db_handle(s)) == ANYSQLITE_SQLITE_NOMEM) {
					return ANYSQLITE_SQLITE_NOMEM;
				}
				c->n = 0;
			}
			break;
		case ANYSQLITE_SQLITE_BLOB:
			c->p = sqlite3_column_blob(s, i); // NULL for an empty BLOB
			c->n = sqlite3_column_bytes(s, i);
			if (c->p == NULL && c->n > 0) {
				return ANYSQLITE_SQLITE_NOMEM;
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

typedef struct anysqlite_first {
	int rc;     // sqlite3_step's result
	int ncol;   // sqlite3_column_count after the step
	int reprep; // SQLITE_STMTSTATUS_REPREPARE after the step
} anysqlite_first;

// anysqlite_first_step takes the first step of a query. The column count
// is read after it: SQLite re-prepares an expired statement inside
// sqlite3_step, and only then does the count describe the current schema.
// A query that has finished is reset at once.
static anysqlite_first anysqlite_first_step(void *stmt) {
	sqlite3_stmt *s = stmt;
	anysqlite_first f;
	f.rc = sqlite3_step(s);
	f.ncol = sqlite3_column_count(s);
	f.reprep = sqlite3_stmt_status(s, ANYSQLITE_SQLITE_STMTSTATUS_REPREPARE, 0);
	if (f.rc == ANYSQLITE_SQLITE_DONE) {
		anysqlite_reset(s);
	}
	return f;
}

// anysqlite_next steps stmt and, on a row, describes its first ncol
// columns in cols (see anysqlite_row). A query that has finished is reset
// at once.
static int anysqlite_next(void *stmt, int ncol, anysqlite_col *cols) {
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

typedef struct anysqlite_result {
	int rc;                // the result of the last sqlite3_step
	sqlite3_int64 rowid;   // sqlite3_last_insert_rowid
	sqlite3_int64 changes; // sqlite3_changes64
} anysqlite_result;

// anysqlite_exec steps stmt to its end, as sqlite3_exec does, and reports
// the connection's last insert rowid and changes; if it finished without
// error, it is reset.
static anysqlite_result anysqlite_exec(void *stmt) {
	sqlite3_stmt *s = stmt;
	anysqlite_result r;
	while ((r.rc = sqlite3_step(s)) == ANYSQLITE_SQLITE_ROW) {
	}
	sqlite3 *db = sqlite3_db_handle(s);
	r.rowid = sqlite3_last_insert_rowid(db);
	r.changes = sqlite3_changes64(db);
	if (r.rc == ANYSQLITE_SQLITE_DONE) {
		anysqlite_reset(s);
	}
	return r;
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

static const char *anysqlite_column_name(void *stmt, int i) {
	return sqlite3_column_name((sqlite3_stmt *)stmt, i);
}

// anysqlite_column_decltype is sqlite3_column_decltype, or NULL where the
// linked SQLite omits it (SQLITE_OMIT_DECLTYPE).
static const char *anysqlite_column_decltype(void *stmt, int i) {
	return sqlite3_column_decltype ? sqlite3_column_decltype((sqlite3_stmt *)stmt, i) : NULL;
}

static int anysqlite_bind_null(void *stmt, int i) { return sqlite3_bind_null((sqlite3_stmt *)stmt, i); }

static int anysqlite_bind_int64(void *stmt, int i, sqlite3_int64 v) {
	return sqlite3_bind_int64((sqlite3_stmt *)stmt, i, v);
}

static int anysqlite_bind_double(void *stmt, int i, double v) {
	return sqlite3_bind_double((sqlite3_stmt *)stmt, i, v);
}

// anysqlite_bind_text binds a copy of p[0:n] as TEXT ("" if n is 0).
static int anysqlite_bind_text(void *stmt, int i, const char *p, sqlite3_uint64 n) {
	if (n == 0) {
		return sqlite3_bind_text64((sqlite3_stmt *)stmt, i, "", 0, ANYSQLITE_SQLITE_STATIC, ANYSQLITE_SQLITE_UTF8);
	}
	return sqlite3_bind_text64((sqlite3_stmt *)stmt, i, p, n, ANYSQLITE_SQLITE_TRANSIENT, ANYSQLITE_SQLITE_UTF8);
}

// anysqlite_bind_blob binds a copy of p[0:n] as a BLOB, empty if n is 0
// (a NULL pointer would bind NULL).
static int anysqlite_bind_blob(void *stmt, int i, const void *p, sqlite3_uint64 n) {
	if (n == 0) {
		return sqlite3_bind_blob64((sqlite3_stmt *)stmt, i, "", 0, ANYSQLITE_SQLITE_STATIC);
	}
	return sqlite3_bind_blob64((sqlite3_stmt *)stmt, i, p, n, ANYSQLITE_SQLITE_TRANSIENT);
}

static int anysqlite_bind_parameter_index(void *stmt, const char *name) {
	return sqlite3_bind_parameter_index((sqlite3_stmt *)stmt, name);
}

static void anysqlite_set_last_insert_rowid(void *db, sqlite3_int64 id) {
	sqlite3_set_last_insert_rowid((sqlite3 *)db, id);
}
*/
import "C"

import (
	"context"
	"database/sql/driver"
	"errors"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// SQLite result codes.
const (
	sqliteOK        = int(C.ANYSQLITE_SQLITE_OK)
	sqliteNoMem     = int(C.ANYSQLITE_SQLITE_NOMEM)
	sqliteInterrupt = int(C.ANYSQLITE_SQLITE_INTERRUPT)
	sqliteRow       = int(C.ANYSQLITE_SQLITE_ROW)
	sqliteDone      = int(C.ANYSQLITE_SQLITE_DONE)
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

// resetStmt resets the statement h and clears its bindings; it returns
// the result of sqlite3_reset, the error of the last step if it failed.
func resetStmt(h unsafe.Pointer) int { return int(C.anysqlite_reset(h)) }

// firstStep takes the first step of the query h and returns its result
// and, read after it, the column count and the re-prepare count. h is
// reset if the query finished.
func firstStep(h unsafe.Pointer) (rc, ncol, reprep int) {
	f := C.anysqlite_first_step(h)
	return int(f.rc), int(f.ncol), int(f.reprep)
}

// stepRow steps the query h and, on a row, stores its values in dest
// (see readRow), reading at most ncol columns. h is reset if the query
// finished. On an error reading a value it returns SQLITE_NOMEM.
func stepRow(h unsafe.Pointer, buf *colBuf, ncol int, dest []driver.Value) (int, error) {
	cols, err := buf.get(min(ncol, len(dest)))
	if err != nil {
		return 0, err
	}
	rc := int(C.anysqlite_next(h, C.int(len(cols)), buf.p))
	if rc == sqliteRow {
		readRow(dest, cols)
	}
	return rc, nil
}

// currentRow stores the values of the row the query h is on in dest, like
// stepRow.
func currentRow(h unsafe.Pointer, buf *colBuf, ncol int, dest []driver.Value) (int, error) {
	cols, err := buf.get(min(ncol, len(dest)))
	if err != nil {
		return 0, err
	}
	if rc := int(C.anysqlite_row(h, C.int(len(cols)), buf.p)); rc != sqliteOK {
		return rc, nil
	}
	readRow(dest, cols)
	return sqliteRow, nil
}

// execStmt steps h to its end and returns the result of the last step,
// then the connection's last insert rowid and changes. h is reset if it
// finished without error.
func execStmt(h unsafe.Pointer) (rc int, rowid, changes int64) {
	r := C.anysqlite_exec(h)
	return int(r.rc), int64(r.rowid), int64(r.changes)
}

// columnDeclType returns sqlite3_column_decltype(h, i), or "".
func columnDeclType(h unsafe.Pointer, i int) string {
	return C.GoString(C.anysqlite_column_decltype(h, C.int(i)))
}

// columnName returns sqlite3_column_name(h, i).
func columnName(h unsafe.Pointer, i int) string {
	return C.GoString(C.anysqlite_column_name(h, C.int(i)))
}

// bindNull, bindInt64, bindDouble, bindText and bindBlob bind a value to
// parameter i of h and return SQLite's result code.
func bindNull(h unsafe.Pointer, i int) int { return int(C.anysqlite_bind_null(h, C.int(i))) }

func bindInt64(h unsafe.Pointer, i int, v int64) int {
	return int(C.anysqlite_bind_int64(h, C.int(i), C.sqlite3_int64(v)))
}

func bindDouble(h unsafe.Pointer, i int, v float64) int {
	return int(C.anysqlite_bind_double(h, C.int(i), C.double(v)))
}

// bindText binds a copy of v as TEXT.
func bindText(h unsafe.Pointer, i int, v string) int {
	return int(C.anysqlite_bind_text(h, C.int(i), (*C.char)(unsafe.Pointer(unsafe.StringData(v))), C.sqlite3_uint64(len(v))))
}

// bindBlob binds a copy of v as a BLOB, empty if v is.
func bindBlob(h unsafe.Pointer, i int, v []byte) int {
	return int(C.anysqlite_bind_blob(h, C.int(i), unsafe.Pointer(unsafe.SliceData(v)), C.sqlite3_uint64(len(v))))
}

// bindParameterIndex returns the index of the parameter named by the
// NUL-terminated name, 0 if there is none.
func bindParameterIndex(h unsafe.Pointer, name []byte) int {
	return int(C.anysqlite_bind_parameter_index(h, (*C.char)(unsafe.Pointer(&name[0]))))
}

// setLastInsertRowID calls sqlite3_set_last_insert_rowid(db, id).
func setLastInsertRowID(db unsafe.Pointer, id int64) {
	C.anysqlite_set_last_insert_rowid(db, C.sqlite3_int64(id))
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

// colBuf is C memory for the values of one row (anysqlite_col), one per
// connection, which steps one statement at a time.
type colBuf struct {
	p *C.anysqlite_col
	n int
}

// get returns room for n values.
func (b *colBuf) get(n int) ([]C.anysqlite_col, error) {
	if n > b.n || b.p == nil {
		b.free()
		size := max(n, 16)
		p := (*C.anysqlite_col)(C.calloc(C.size_t(size), C.size_t(unsafe.Sizeof(C.anysqlite_col{}))))
		if p == nil {
			return nil, sqliteError(sqliteNoMem, "")
		}
		b.p, b.n = p, size
	}
	return unsafe.Slice(b.p, n), nil
}

// free releases the memory.
func (b *colBuf) free() {
	if b.p != nil {
		C.free(unsafe.Pointer(b.p))
		b.p, b.n = nil, 0
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

// interruptRetry is how often a watch repeats sqlite3_interrupt until the
// step it interrupts returns: SQLite forgets an interrupt that lands just
// before a statement starts while no other statement of the connection
// runs.
const interruptRetry = time.Millisecond

// watch interrupts the steps of one execution (an Exec, or a query from
// its first step to Close) when ctx ends, and only while a step runs: the
// connection may run other statements between the steps of a query, and
// sqlite3_interrupt acts on the whole connection. An interrupted wait for
// a lock ends too, see busy.go.
type watch struct {
	ctx  context.Context
	db   unsafe.Pointer
	stop func() bool

	mu       sync.Mutex
	stepping bool
}

// newWatch returns a watch over ctx for the connection db, or nil if ctx
// cannot end. Call release when the execution ends.
func newWatch(ctx context.Context, db unsafe.Pointer) *watch {
	if ctx.Done() == nil {
		return nil
	}
	w := &watch{ctx: ctx, db: db}
	w.stop = context.AfterFunc(ctx, w.fire)
	return w
}

// fire interrupts the running step, repeatedly until it returns. The
// connection cannot be closed while it steps, so db is valid then.
func (w *watch) fire() {
	for {
		w.mu.Lock()
		if !w.stepping {
			w.mu.Unlock()
			return
		}
		interrupt(w.db)
		w.mu.Unlock()
		time.Sleep(interruptRetry)
	}
}

// begin marks a step as running. It returns the context's error instead
// if ctx has ended: stepping is set before ctx is checked, so a context
// that ends after the check finds it set and interrupts.
func (w *watch) begin() error {
	if w == nil {
		return nil
	}
	w.mu.Lock()
	w.stepping = true
	w.mu.Unlock()
	if err := w.ctx.Err(); err != nil {
		w.end()
		return err
	}
	return nil
}

// end marks the step as returned; no interrupt follows.
func (w *watch) end() {
	if w == nil {
		return
	}
	w.mu.Lock()
	w.stepping = false
	w.mu.Unlock()
}

// release stops watching ctx.
func (w *watch) release() {
	if w != nil {
		w.stop()
	}
}

// err returns the context's error if ctx has ended.
func (w *watch) err() error {
	if w == nil {
		return nil
	}
	return w.ctx.Err()
}

// stepError returns the error of a step of db that failed with rc under
// w: the context's error if ctx ended and interrupted the step, else the
// connection's error (for SQLITE_BUSY at the end of an interrupted lock
// wait too; the adapter adds the context).
func stepError(db unsafe.Pointer, w *watch, rc int) error {
	if rc&0xff == sqliteInterrupt {
		if err := w.err(); err != nil {
			return err
		}
	}
	return resultError(db, rc)
}
