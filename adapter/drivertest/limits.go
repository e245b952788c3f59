package drivertest

import (
	"bytes"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// noPanic runs f and turns a panic into an error that says so, so that a
// check can report it as the failure it is instead of ending the test
// binary.
func noPanic(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{value: r, stack: debug.Stack()}
		}
	}()
	return f()
}

// panicError is a panic caught by noPanic.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string {
	return fmt.Sprintf("panicked (the adapter must never panic): %v\n%s", e.value, e.stack)
}

// longPath returns a path of exactly n bytes under base, made of names
// of at most 200 bytes, and whether its directory exists: it is created
// when the system can hold it (Linux's PATH_MAX is 4096).
func longPath(t *testing.T, base string, n int) (path string, dirExists bool) {
	t.Helper()
	path = base
	for len(path) < n {
		rem := n - len(path) - 1 // after the separator
		seg := min(rem, 200)
		if rem-seg == 1 { // leave room for a separator and a name
			seg--
		}
		path += string(filepath.Separator) + strings.Repeat("d", seg)
	}
	if len(path) != n {
		t.Fatalf("longPath: built %d bytes, want %d", len(path), n)
	}
	if n >= 4000 {
		return path, false
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("MkdirAll: %v", err)
	}
	return path, true
}

// testLongPath checks OpenConn of paths longer than a VFS may hold
// (sqlite3_vfs.mxPathname: 512 bytes in SQLite's unix VFS, which refuses
// a database path above 504 so that "-journal" still fits; 1024 in
// ncruces' VFS; 4096 for Linux): never a panic, and either the database
// opens at exactly that path and works, or OpenConn fails with
// SQLITE_CANTOPEN (14, the extended code too, as SQLite's own VFSes give
// it), creating no file.
func (k *kit) testLongPath(t *testing.T) {
	for _, n := range []int{600, 1016, 1020, 1024, 1025, 1100, 3000, 5000} {
		for _, mode := range []string{"read-write", "NoCreate", "ReadOnly"} {
			t.Run(strconv.Itoa(n)+"/"+mode, func(t *testing.T) {
				base := t.TempDir()
				path, dirExists := longPath(t, base, n)
				cfg := contract.ConnConfig{Path: path, NoCreate: mode == "NoCreate", ReadOnly: mode == "ReadOnly"}
				var c driver.Conn
				err := noPanic(func() (err error) {
					c, err = k.d.OpenConn(t.Context(), cfg)
					return err
				})
				if err == nil {
					defer c.Close()
					if mode != "read-write" || !dirExists {
						t.Fatalf("OpenConn(%d-byte path, %s) opened a file that does not exist", n, mode)
					}
					err := noPanic(func() error { return execErr(t.Context(), c, "CREATE TABLE t(x)") })
					if err != nil {
						t.Fatalf("OpenConn(%d-byte path) opened, but CREATE TABLE failed: %s", n, k.describe(err))
					}
					if _, err := os.Stat(path); err != nil {
						t.Errorf("OpenConn(%d-byte path) opened, but the file is not at the path: %v", n, err)
					}
					return
				}
				if pe := (*panicError)(nil); errors.As(err, &pe) {
					t.Fatalf("OpenConn(%d-byte path, %s) %v", n, mode, err)
				}
				if code, _, ok := k.decode(err); !ok || code != sqlite.ExtendedCode(sqlite.CANTOPEN) {
					t.Errorf("OpenConn(%d-byte path, %s): %s; want SQLITE_CANTOPEN (14)", n, mode, k.describe(err))
				}
				if files := regularFiles(t, base); len(files) != 0 {
					t.Errorf("OpenConn(%d-byte path, %s) failed but left %q", n, mode, files)
				}
			})
		}
	}
}

// regularFiles lists the files (not directories) under dir.
func regularFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, path[len(dir):])
		}
		return nil
	})
	if err != nil {
		t.Fatalf("WalkDir: %v", err)
	}
	return files
}

// heapLimit is the hard_heap_limit testNoMem sets: 8 MiB, well below
// what each of its statements needs.
const heapLimit = 8 << 20

// bigValue is the size of the values testNoMem makes: more than twice
// heapLimit.
const bigValue = 20_000_000

// testNoMem checks what happens when SQLite runs out of memory under
// PRAGMA hard_heap_limit, in a statement, in binding a value and in
// compiling SQL: never a panic, and an error, if there is one, is
// SQLITE_NOMEM. A driver may not enforce the limit at all (modernc's
// SQLite is built with SQLITE_DEFAULT_MEMSTATUS=0, which turns it off):
// then a first statement that needs more than the limit succeeds, and
// the check is skipped with that reason. Afterwards the connection either
// works, with the limit lifted, or reports itself bad (driver.Validator
// or driver.SessionResetter), so that a pool drops it.
//
// hard_heap_limit is process-wide in a C SQLite, and PRAGMA
// hard_heap_limit cannot lift it: a driver whose limit is process-wide
// implements contract.HeapLimiter, through which the limit before the
// check is restored after each case; nothing else should run in the
// process meanwhile.
func (k *kit) testNoMem(t *testing.T) {
	n := strconv.Itoa(bigValue)
	stepQuery := "SELECT length(randomblob(" + n + "))"
	tests := []struct {
		name string
		run  func(ctx context.Context, c driver.Conn) error
	}{
		{"step", func(ctx context.Context, c driver.Conn) error {
			_, err := queryErr(ctx, c, stepQuery)
			return err
		}},
		{"exec", func(ctx context.Context, c driver.Conn) error {
			return execErr(ctx, c, "CREATE TABLE b AS SELECT randomblob("+n+") AS x")
		}},
		{"recursion", func(ctx context.Context, c driver.Conn) error {
			_, err := queryErr(ctx, c, "WITH RECURSIVE r(x) AS (SELECT randomblob("+strconv.Itoa(heapLimit/2)+
				") UNION ALL SELECT x || x FROM r) SELECT length(x) FROM r LIMIT 8")
			return err
		}},
		{"bind", func(ctx context.Context, c driver.Conn) error {
			_, err := queryErr(ctx, c, "SELECT length(?1)", arg(1, make([]byte, bigValue)))
			return err
		}},
		{"prepare", func(ctx context.Context, c driver.Conn) error {
			_, err := queryErr(ctx, c, "SELECT length('"+strings.Repeat("x", bigValue)+"')")
			return err
		}},
	}
	if h, ok := k.d.(contract.HeapLimiter); ok {
		k.heapLimit = h.SetHardHeapLimit(-1)
	}
	enforced := true
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !enforced {
				t.Skipf("the driver does not enforce hard_heap_limit: %s succeeded under a %d-byte limit", stepQuery, heapLimit)
			}
			c, err := k.d.OpenConn(t.Context(), memory)
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				if err := noPanic(c.Close); err != nil {
					t.Errorf("Close after the statement: %s", k.describe(err))
				}
			}()
			defer liftHeapLimit(t, k, c)
			mustExec(t, c, "CREATE TABLE keep(x)")
			mustExec(t, c, "INSERT INTO keep VALUES (42)")
			mustExec(t, c, "PRAGMA hard_heap_limit = "+strconv.Itoa(heapLimit))
			err = noPanic(func() error { return tt.run(t.Context(), c) })
			if pe := (*panicError)(nil); errors.As(err, &pe) {
				t.Fatal(err)
			}
			if err != nil && !k.isCode(err, sqlite.NOMEM) {
				t.Errorf("out of memory: %s; want SQLITE_NOMEM or no error", k.describe(err))
			}
			if i == 0 && err == nil {
				enforced = false // the first case needs more than the limit
			}
			if err != nil {
				code, msg, _ := k.decode(err)
				t.Logf("error: %v (%d), %q", code, code, msg)
			}
			if !connValid(t, c) {
				t.Logf("the connection reports itself bad after %v", err)
				return
			}
			if err := noPanic(func() error { return execErr(t.Context(), c, "PRAGMA hard_heap_limit = 0") }); err != nil {
				t.Fatalf("lifting the limit on a connection that reports itself valid: %s", k.describe(err))
			}
			var got driver.Value
			err = noPanic(func() error {
				rows, err := queryErr(t.Context(), c, "SELECT x FROM keep")
				if err == nil && len(rows) == 1 && len(rows[0]) == 1 {
					got = rows[0][0]
				}
				return err
			})
			if err != nil || got != int64(42) {
				t.Errorf("after running out of memory the connection reports itself valid, but reads %v, %v; want 42", short(got), err)
			}
		})
	}
	if !enforced {
		t.Skipf("the driver does not enforce hard_heap_limit (%s succeeded under a %d-byte limit, without a panic): nothing more to check", stepQuery, heapLimit)
	}
}

// liftHeapLimit restores the process-wide limit through
// contract.HeapLimiter where the driver has one; otherwise it sets
// hard_heap_limit back to 0 (no limit) on c, if it still works, and on a
// new connection.
func liftHeapLimit(t *testing.T, k *kit, c driver.Conn) {
	t.Helper()
	if h, ok := k.d.(contract.HeapLimiter); ok {
		h.SetHardHeapLimit(k.heapLimit)
		return
	}
	if connValid(t, c) {
		_ = noPanic(func() error { return execErr(context.Background(), c, "PRAGMA hard_heap_limit = 0") })
	}
	other, err := k.d.OpenConn(context.Background(), memory)
	if err != nil {
		t.Errorf("opening a connection to lift hard_heap_limit: %v", err)
		return
	}
	defer other.Close()
	if err := execErr(context.Background(), other, "PRAGMA hard_heap_limit = 0"); err != nil {
		t.Errorf("lifting hard_heap_limit: %v", err)
	}
}

// connValid reports whether c does not report itself bad.
func connValid(t *testing.T, c driver.Conn) bool {
	if v, ok := c.(driver.Validator); ok && !v.IsValid() {
		return false
	}
	if r, ok := c.(driver.SessionResetter); ok {
		err := r.ResetSession(t.Context())
		if errors.Is(err, driver.ErrBadConn) {
			return false
		}
		if err != nil {
			t.Errorf("ResetSession: %v", err)
		}
	}
	return true
}

// testReadOnlyFile checks that OpenConn read-write (and NoCreate) of an
// existing database file the process may not write opens it read-only,
// as SQLite's unix VFS does when open(O_RDWR) fails: reads work, writes
// fail with SQLITE_READONLY and the file keeps its bytes; in rollback and
// in WAL mode (the directory is writable, so the -shm can be created).
//
// Root is not bound by file modes, so as root the check runs the test
// binary again as the user nobody (with setpriv), and is skipped, with
// the reason, when that is not possible.
func (k *kit) testReadOnlyFile(t *testing.T) {
	if !AsUnprivileged(t) {
		return
	}
	for _, mode := range []string{"DELETE", "WAL"} {
		for _, cfgName := range []string{"read-write", "NoCreate"} {
			t.Run(mode+"/"+cfgName, func(t *testing.T) {
				path := tempPath(t)
				setup, err := k.d.OpenConn(t.Context(), contract.ConnConfig{Path: path})
				if err != nil {
					t.Fatal(err)
				}
				for _, query := range []string{"PRAGMA journal_mode = " + mode, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"} {
					if err := execErr(t.Context(), setup, query); err != nil {
						setup.Close()
						t.Fatalf("%s: %v", query, err)
					}
				}
				if err := setup.Close(); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, 0o444); err != nil {
					t.Fatal(err)
				}
				if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
					f.Close()
					t.Skip("the file system lets this process write a 0444 file")
				}
				before, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				cfg := contract.ConnConfig{Path: path, NoCreate: cfgName == "NoCreate"}
				var c driver.Conn
				err = noPanic(func() (err error) {
					c, err = k.d.OpenConn(t.Context(), cfg)
					return err
				})
				if err != nil {
					t.Fatalf("OpenConn(%+v) of a %s database in a 0444 file: %s; want it opened read-only, as SQLite's unix VFS does", cfg, mode, k.describe(err))
				}
				func() {
					defer func() {
						if err := c.Close(); err != nil {
							t.Errorf("Close: %v", err)
						}
					}()
					if got := mustQueryOne(t, c, "SELECT count(*) FROM t"); got != int64(1) {
						t.Errorf("read %v rows, want 1", got)
					}
					err := noPanic(func() error { return execErr(t.Context(), c, "INSERT INTO t VALUES (2)") })
					if err == nil {
						t.Error("INSERT into a 0444 file succeeded")
					} else if !k.isCode(err, sqlite.READONLY) {
						t.Errorf("INSERT into a 0444 file: %s; want SQLITE_READONLY", k.describe(err))
					}
					if got := mustQueryOne(t, c, "SELECT count(*) FROM t"); got != int64(1) {
						t.Errorf("after the refused write: %v rows, want 1", got)
					}
				}()
				after, err := os.ReadFile(path)
				if err != nil || !bytes.Equal(before, after) {
					t.Errorf("the 0444 file changed (%v)", err)
				}
			})
		}
	}
}
