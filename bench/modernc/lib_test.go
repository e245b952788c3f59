package modernc

import (
	"context"
	"errors"
	"fmt"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	lib "modernc.org/sqlite/lib"

	"github.com/anysqlite/anysqlite/bench/suite"
)

// libTarget runs the operations on modernc.org/sqlite/lib, the transpiled
// SQLite that modernc's driver calls: the functions of SQLite's C API, as
// a C program calls them, with none of a driver's work around them. It is
// the floor the adapter on modernc is measured against: a fixed pool of
// connections, each with its own libc.TLS and its statements prepared
// once; a call binds, steps, reads the columns it knows the types of and
// resets. TEXT parameters are copied into C memory of the connection's
// (SQLite cannot read Go memory) and bound without another copy.
type libTarget struct {
	pool chan *libConn
	all  []*libConn
}

type libConn struct {
	tls                                      *libc.TLS
	db                                       uintptr // sqlite3*
	get, insert, page, search, begin, commit uintptr
	// scratch is C memory for the TEXT parameters of one execution.
	scratch    uintptr
	scratchLen int
}

// libSettings are the adapter's default settings.
const libSettings = `PRAGMA busy_timeout = 5000; PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON;
PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000`

// libOpenFlags are the flags modernc's driver opens connections with,
// but for the threading mode: multi-thread (SQLITE_OPEN_NOMUTEX), the mode
// package drivers/modernc puts them in (see its multiThread) and that
// zombiezen.com/go/sqlite opens them in.
const libOpenFlags = lib.SQLITE_OPEN_READWRITE | lib.SQLITE_OPEN_CREATE | lib.SQLITE_OPEN_NOMUTEX | lib.SQLITE_OPEN_URI

func openLib(ctx context.Context, path string, maxConns int) (suite.Target, error) {
	t := &libTarget{pool: make(chan *libConn, maxConns)}
	for range maxConns {
		lc, err := openLibConn(path)
		if err != nil {
			t.Close()
			return nil, err
		}
		t.all = append(t.all, lc)
		t.pool <- lc
	}
	return t, nil
}

// mem returns n bytes of C memory at p, without a copy.
func mem(p uintptr, n int) []byte {
	return unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(nil), p)), n)
}

// word reads the pointer at p.
func word(p uintptr) uintptr { return *(*uintptr)(unsafe.Add(unsafe.Pointer(nil), p)) }

func openLibConn(path string) (_ *libConn, err error) {
	lc := &libConn{tls: libc.NewTLS()}
	defer func() {
		if err != nil {
			lc.close()
		}
	}()
	out := libc.Xmalloc(lc.tls, types.Size_t(unsafe.Sizeof(uintptr(0))))
	if out == 0 {
		return nil, errors.New("lib: out of memory")
	}
	defer libc.Xfree(lc.tls, out)
	cpath, err := libc.CString(path)
	if err != nil {
		return nil, err
	}
	rc := lib.Xsqlite3_open_v2(lc.tls, cpath, out, libOpenFlags, 0)
	libc.Xfree(lc.tls, cpath)
	lc.db = word(out)
	if rc != lib.SQLITE_OK {
		return nil, lc.err("open", rc)
	}
	if err := lc.exec(libSettings); err != nil {
		return nil, err
	}
	// A database holds either the users table or the search corpus:
	// prepare the statements of the tables it has.
	type prep struct {
		st  *uintptr
		sql string
	}
	stmts := []prep{{&lc.search, suite.QuerySearch}}
	if lc.prepare(&lc.get, suite.QueryGet) == nil {
		stmts = []prep{{&lc.insert, suite.QueryInsert}, {&lc.page, suite.QueryPage},
			{&lc.begin, "BEGIN"}, {&lc.commit, "COMMIT"}}
	}
	for _, p := range stmts {
		if err := lc.prepare(p.st, p.sql); err != nil {
			return nil, err
		}
	}
	return lc, nil
}

// exec runs a script with sqlite3_exec.
func (lc *libConn) exec(script string) error {
	c, err := libc.CString(script)
	if err != nil {
		return err
	}
	defer libc.Xfree(lc.tls, c)
	if rc := lib.Xsqlite3_exec(lc.tls, lc.db, c, 0, 0, 0); rc != lib.SQLITE_OK {
		return lc.err(script, rc)
	}
	return nil
}

// prepare compiles query into *st.
func (lc *libConn) prepare(st *uintptr, query string) error {
	c, err := libc.CString(query)
	if err != nil {
		return err
	}
	defer libc.Xfree(lc.tls, c)
	out := libc.Xmalloc(lc.tls, types.Size_t(unsafe.Sizeof(uintptr(0))))
	if out == 0 {
		return errors.New("lib: out of memory")
	}
	defer libc.Xfree(lc.tls, out)
	if rc := lib.Xsqlite3_prepare_v2(lc.tls, lc.db, c, -1, out, 0); rc != lib.SQLITE_OK {
		return lc.err(query, rc)
	}
	*st = word(out)
	return nil
}

// err is the error of a call that returned rc: sqlite3_errmsg.
func (lc *libConn) err(op string, rc int32) error {
	return fmt.Errorf("lib: %.40s: %s (%d)", op, libc.GoString(lib.Xsqlite3_errmsg(lc.tls, lc.db)), rc)
}

func (lc *libConn) close() error {
	for _, st := range []uintptr{lc.get, lc.insert, lc.page, lc.search, lc.begin, lc.commit} {
		if st != 0 {
			lib.Xsqlite3_finalize(lc.tls, st)
		}
	}
	var err error
	if lc.db != 0 {
		if rc := lib.Xsqlite3_close_v2(lc.tls, lc.db); rc != lib.SQLITE_OK {
			err = lc.err("close", rc)
		}
	}
	if lc.scratch != 0 {
		libc.Xfree(lc.tls, lc.scratch)
	}
	lc.tls.Close()
	return err
}

// texts copies ss into the connection's scratch memory and returns where
// each starts.
func (lc *libConn) texts(ss ...string) ([2]uintptr, error) {
	var at [2]uintptr
	n := 0
	for _, s := range ss {
		n += len(s)
	}
	if n > lc.scratchLen {
		if lc.scratch != 0 {
			libc.Xfree(lc.tls, lc.scratch)
		}
		lc.scratch, lc.scratchLen = libc.Xmalloc(lc.tls, types.Size_t(max(n, 256))), max(n, 256)
		if lc.scratch == 0 {
			lc.scratchLen = 0
			return at, errors.New("lib: out of memory")
		}
	}
	buf := mem(lc.scratch, lc.scratchLen)
	off := 0
	for i, s := range ss {
		at[i] = lc.scratch + uintptr(off)
		off += copy(buf[off:], s)
	}
	return at, nil
}

// text returns column i of st as a string (a copy).
func (lc *libConn) text(st uintptr, i int32) string {
	p := lib.Xsqlite3_column_text(lc.tls, st, i)
	n := lib.Xsqlite3_column_bytes(lc.tls, st, i)
	if p == 0 {
		return ""
	}
	return string(mem(p, int(n)))
}

// finish resets st after its last step returned rc, and returns the
// error of the execution, if any.
func (lc *libConn) finish(st uintptr, rc int32) error {
	reset := lib.Xsqlite3_reset(lc.tls, st)
	if rc != lib.SQLITE_ROW && rc != lib.SQLITE_DONE {
		return lc.err("step", reset)
	}
	return nil
}

func (lc *libConn) user(st uintptr, u *suite.User) {
	u.ID = lib.Xsqlite3_column_int64(lc.tls, st, 0)
	u.Name = lc.text(st, 1)
	u.Email = lc.text(st, 2)
	u.Age = lib.Xsqlite3_column_int64(lc.tls, st, 3)
	u.Score = lib.Xsqlite3_column_double(lc.tls, st, 4)
	u.Created = lib.Xsqlite3_column_int64(lc.tls, st, 5)
}

func (t *libTarget) acquire() *libConn   { return <-t.pool }
func (t *libTarget) release(lc *libConn) { t.pool <- lc }

func (t *libTarget) Get(ctx context.Context, id int64, u *suite.User) error {
	lc := t.acquire()
	defer t.release(lc)
	st := lc.get
	if rc := lib.Xsqlite3_bind_int64(lc.tls, st, 1, id); rc != lib.SQLITE_OK {
		return lc.err("bind", rc)
	}
	rc := lib.Xsqlite3_step(lc.tls, st)
	if rc == lib.SQLITE_ROW {
		lc.user(st, u)
	} else if rc == lib.SQLITE_DONE {
		lib.Xsqlite3_reset(lc.tls, st)
		return fmt.Errorf("lib: no user %d", id)
	}
	return lc.finish(st, rc)
}

func (lc *libConn) insertUser(u *suite.User) error {
	st := lc.insert
	at, err := lc.texts(u.Name, u.Email)
	if err != nil {
		return err
	}
	rc := lib.Xsqlite3_bind_text(lc.tls, st, 1, at[0], int32(len(u.Name)), 0) | // SQLITE_STATIC
		lib.Xsqlite3_bind_text(lc.tls, st, 2, at[1], int32(len(u.Email)), 0) |
		lib.Xsqlite3_bind_int64(lc.tls, st, 3, u.Age) |
		lib.Xsqlite3_bind_double(lc.tls, st, 4, u.Score) |
		lib.Xsqlite3_bind_int64(lc.tls, st, 5, u.Created)
	if rc != lib.SQLITE_OK {
		return lc.err("bind", rc)
	}
	return lc.finish(st, lib.Xsqlite3_step(lc.tls, st))
}

func (lc *libConn) run(st uintptr) error { return lc.finish(st, lib.Xsqlite3_step(lc.tls, st)) }

func (t *libTarget) Insert(ctx context.Context, u *suite.User) error {
	lc := t.acquire()
	defer t.release(lc)
	return lc.insertUser(u)
}

func (t *libTarget) InsertTx(ctx context.Context, us []suite.User) (err error) {
	lc := t.acquire()
	defer t.release(lc)
	if err := lc.run(lc.begin); err != nil {
		return err
	}
	for i := range us {
		if err := lc.insertUser(&us[i]); err != nil {
			lc.exec("ROLLBACK")
			return err
		}
	}
	return lc.run(lc.commit)
}

func (t *libTarget) Page(ctx context.Context, dst *[]suite.User) error {
	lc := t.acquire()
	defer t.release(lc)
	st := lc.page
	var out []suite.User
	rc := lib.Xsqlite3_step(lc.tls, st)
	for ; rc == lib.SQLITE_ROW; rc = lib.Xsqlite3_step(lc.tls, st) {
		var u suite.User
		lc.user(st, &u)
		out = append(out, u)
	}
	*dst = out
	return lc.finish(st, rc)
}

// value returns column i of st by its storage class.
func (lc *libConn) value(st uintptr, i int32) any {
	switch lib.Xsqlite3_column_type(lc.tls, st, i) {
	case lib.SQLITE_INTEGER:
		return lib.Xsqlite3_column_int64(lc.tls, st, i)
	case lib.SQLITE_FLOAT:
		return lib.Xsqlite3_column_double(lc.tls, st, i)
	case lib.SQLITE_TEXT:
		return lc.text(st, i)
	case lib.SQLITE_BLOB:
		p := lib.Xsqlite3_column_blob(lc.tls, st, i)
		n := lib.Xsqlite3_column_bytes(lc.tls, st, i)
		if p == 0 {
			return []byte{}
		}
		return append([]byte{}, mem(p, int(n))...)
	}
	return nil
}

func (t *libTarget) PageRows(ctx context.Context, dst *[]map[string]any) error {
	lc := t.acquire()
	defer t.release(lc)
	st := lc.page
	n := lib.Xsqlite3_column_count(lc.tls, st)
	cols := make([]string, n)
	for i := range cols {
		cols[i] = libc.GoString(lib.Xsqlite3_column_name(lc.tls, st, int32(i)))
	}
	var out []map[string]any
	rc := lib.Xsqlite3_step(lc.tls, st)
	for ; rc == lib.SQLITE_ROW; rc = lib.Xsqlite3_step(lc.tls, st) {
		m := make(map[string]any, n)
		for i, c := range cols {
			m[c] = lc.value(st, int32(i))
		}
		out = append(out, m)
	}
	*dst = out
	return lc.finish(st, rc)
}

func (t *libTarget) Search(ctx context.Context, match string, dst *[]suite.Hit) error {
	lc := t.acquire()
	defer t.release(lc)
	st := lc.search
	at, err := lc.texts(match)
	if err != nil {
		return err
	}
	if rc := lib.Xsqlite3_bind_text(lc.tls, st, 1, at[0], int32(len(match)), 0); rc != lib.SQLITE_OK {
		return lc.err("bind", rc)
	}
	var out []suite.Hit
	rc := lib.Xsqlite3_step(lc.tls, st)
	for ; rc == lib.SQLITE_ROW; rc = lib.Xsqlite3_step(lc.tls, st) {
		out = append(out, suite.Hit{ID: lib.Xsqlite3_column_int64(lc.tls, st, 0), Title: lc.text(st, 1),
			Score: lib.Xsqlite3_column_double(lc.tls, st, 2)})
	}
	*dst = out
	return lc.finish(st, rc)
}

func (t *libTarget) Close() error {
	var errs []error
	for _, lc := range t.all {
		errs = append(errs, lc.close())
	}
	return errors.Join(errs...)
}
