//go:build cgo

package cfloor

/*
#include <stdlib.h>
#include "floor.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"unsafe"

	_ "github.com/mattn/go-sqlite3" // links the SQLite that floor.c calls

	"github.com/anysqlite/anysqlite/bench/suite"
)

// Settings are the adapter's default settings, which Open applies.
const Settings = `PRAGMA busy_timeout = 5000; PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON;
PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000`

// openFlags are the flags package drivers/mattn opens connections with,
// through mattn: read-write, create, URI filenames, and the multi-thread
// threading mode (SQLITE_OPEN_NOMUTEX, mattn's _mutex=no).
const openFlags = C.SQLITE_OPEN_READWRITE | C.SQLITE_OPEN_CREATE | C.SQLITE_OPEN_URI | C.SQLITE_OPEN_NOMUTEX

// Floor runs the suite's operations in C on one connection. It is not
// safe for concurrent use.
type Floor struct {
	f *C.floor_db
	// users is the C copy of the last users inserted, made once per
	// slice (cUsers).
	users  []C.floor_user
	from   *suite.User
	pinned []unsafe.Pointer // C memory of users' strings
	terms  []C.floor_text
	rows   [100]C.floor_user
	hits   [10]C.floor_hit
}

var _ suite.Floor = (*Floor)(nil)

// Open opens the database at path and prepares the statements of the
// tables it has: users (QueryGet, QueryInsert, QueryPage) or the search
// corpus (QuerySearch).
func Open(ctx context.Context, path string) (suite.Floor, error) {
	if C.floor_have_api() == 0 {
		return nil, errors.New("cfloor: the linked SQLite lacks a function floor.c calls")
	}
	cpath, csettings := C.CString(path), C.CString(Settings)
	defer C.free(unsafe.Pointer(cpath))
	defer C.free(unsafe.Pointer(csettings))
	fl := &Floor{}
	if rc := C.floor_open(cpath, openFlags, csettings, &fl.f); rc != 0 {
		err := fl.err("open", rc)
		fl.Close()
		return nil, err
	}
	stmts := map[C.int]string{C.FLOOR_SEARCH: suite.QuerySearch}
	if fl.hasUsers() {
		stmts = map[C.int]string{C.FLOOR_GET: suite.QueryGet, C.FLOOR_INSERT: suite.QueryInsert,
			C.FLOOR_PAGE: suite.QueryPage, C.FLOOR_BEGIN: "BEGIN", C.FLOOR_COMMIT: "COMMIT"}
	}
	for which, sql := range stmts {
		csql := C.CString(sql)
		rc := C.floor_prepare(fl.f, which, csql)
		C.free(unsafe.Pointer(csql))
		if rc != 0 {
			err := fl.err("prepare "+sql, rc)
			fl.Close()
			return nil, err
		}
	}
	for _, t := range suite.SearchTerms {
		p := C.CString(t)
		fl.pinned = append(fl.pinned, unsafe.Pointer(p))
		fl.terms = append(fl.terms, C.floor_text{p: p, n: C.int(len(t))})
	}
	return fl, nil
}

// hasUsers reports whether the database has the users table: whether
// QueryGet compiles.
func (fl *Floor) hasUsers() bool {
	csql := C.CString(suite.QueryGet)
	defer C.free(unsafe.Pointer(csql))
	return C.floor_prepare(fl.f, C.FLOOR_GET, csql) == 0
}

// err is the error of a call that returned rc.
func (fl *Floor) err(op string, rc C.int) error {
	if fl.f == nil {
		return fmt.Errorf("cfloor: %s: out of memory", op)
	}
	return fmt.Errorf("cfloor: %s: %s (result %d)", op, C.GoString(C.floor_errmsg(fl.f)), int(rc))
}

// Get runs QueryGet n times; see suite.Floor.
func (fl *Floor) Get(n int) (suite.User, error) {
	var u C.floor_user
	if rc := C.floor_get(fl.f, C.longlong(n), suite.SeedUsers, suite.GetStride, &u); rc != 0 {
		return suite.User{}, fl.err("get", rc)
	}
	return goUser(&u), nil
}

// Insert runs QueryInsert n times; see suite.Floor.
func (fl *Floor) Insert(us []suite.User, n int) error {
	cus := fl.cUsers(us)
	if rc := C.floor_insert(fl.f, unsafe.SliceData(cus), C.int(len(cus)), C.longlong(n)); rc != 0 {
		return fl.err("insert", rc)
	}
	return nil
}

// InsertTx runs n transactions of len(us) inserts; see suite.Floor.
func (fl *Floor) InsertTx(us []suite.User, n int) error {
	cus := fl.cUsers(us)
	if rc := C.floor_insert_tx(fl.f, unsafe.SliceData(cus), C.int(len(cus)), C.longlong(n)); rc != 0 {
		return fl.err("insert tx", rc)
	}
	return nil
}

// Page runs QueryPage n times; see suite.Floor.
func (fl *Floor) Page(n int) ([]suite.User, error) {
	var k C.int
	if rc := C.floor_page(fl.f, C.longlong(n), &fl.rows[0], C.int(len(fl.rows)), &k); rc != 0 {
		return nil, fl.err("page", rc)
	}
	us := make([]suite.User, k)
	for i := range us {
		us[i] = goUser(&fl.rows[i])
	}
	return us, nil
}

// Search runs QuerySearch n times; see suite.Floor.
func (fl *Floor) Search(n int) ([]suite.Hit, error) {
	var k C.int
	rc := C.floor_search(fl.f, unsafe.SliceData(fl.terms), C.int(len(fl.terms)), C.longlong(n),
		&fl.hits[0], C.int(len(fl.hits)), &k)
	if rc != 0 {
		return nil, fl.err("search", rc)
	}
	hits := make([]suite.Hit, k)
	for i := range hits {
		h := &fl.hits[i]
		hits[i] = suite.Hit{ID: int64(h.id), Title: goText(h.title), Score: float64(h.score)}
	}
	return hits, nil
}

// Close closes the connection and frees the C memory.
func (fl *Floor) Close() error {
	C.floor_close(fl.f)
	fl.f = nil
	fl.freeUsers()
	for _, p := range fl.pinned {
		C.free(p)
	}
	fl.pinned, fl.terms = nil, nil
	return nil
}

// cUsers returns a C copy of us, made on the first call with this slice.
func (fl *Floor) cUsers(us []suite.User) []C.floor_user {
	if len(us) > 0 && fl.from == &us[0] && len(fl.users) == len(us) {
		return fl.users
	}
	fl.freeUsers()
	p := (*C.floor_user)(C.calloc(C.size_t(len(us)), C.size_t(unsafe.Sizeof(C.floor_user{}))))
	fl.users = unsafe.Slice(p, len(us))
	fl.from = &us[0]
	text := func(s string) C.floor_text {
		c := C.CString(s)
		fl.pinned = append(fl.pinned, unsafe.Pointer(c))
		return C.floor_text{p: c, n: C.int(len(s))}
	}
	for i, u := range us {
		fl.users[i] = C.floor_user{id: C.sqlite3_int64(u.ID), name: text(u.Name), email: text(u.Email),
			age: C.sqlite3_int64(u.Age), score: C.double(u.Score), created: C.sqlite3_int64(u.Created)}
	}
	return fl.users
}

// freeUsers frees the C copy of the users.
func (fl *Floor) freeUsers() {
	if fl.users != nil {
		C.free(unsafe.Pointer(unsafe.SliceData(fl.users)))
		fl.users, fl.from = nil, nil
	}
}

func goText(t C.floor_text) string { return C.GoStringN(t.p, t.n) }

func goUser(u *C.floor_user) suite.User {
	return suite.User{ID: int64(u.id), Name: goText(u.name), Email: goText(u.email),
		Age: int64(u.age), Score: float64(u.score), Created: int64(u.created)}
}
