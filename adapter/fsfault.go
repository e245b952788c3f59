package adapter

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// What SQLite says when the storage refuses a write (a read-only file
// system, a directory or file this process may not write) is misleading:
// "unable to open database file" (SQLITE_CANTOPEN) when it cannot create
// the rollback journal, "disk I/O error" (SQLITE_IOERR_WRITE) when it
// cannot write the -wal, "attempt to write a readonly database"
// (SQLITE_READONLY) when it opened the file read-only itself. The error
// names neither the file nor the cause, and the driver seldom carries the
// errno (modernc never does). storageExplainer asks the operating system
// why, after the fact, and adds the answer to the [*Error]: its message
// names the path and the errno, its code stays SQLite's, and it unwraps
// to an *fs.PathError, so errors.Is(err, syscall.EROFS) holds for a
// read-only file system. Every path does it: the connections' decode (the
// DB's own calls and DB.SQL's), DB.wrapErr, and Open.

// storageCodes are the codes whose errors storageExplainer explains:
// failures to open, create or write a file. Read errors are left alone: a
// file system that an I/O error switched to read-only (ext4
// errors=remount-ro) does not explain the read error.
var storageCodes = map[sqlite.ExtendedCode]bool{
	sqlite.IOERR_WRITE:                          true,
	sqlite.IOERR_FSYNC:                          true,
	sqlite.ExtendedCode(sqlite.IOERR) | 5<<8:    true, // SQLITE_IOERR_DIR_FSYNC
	sqlite.IOERR_TRUNCATE:                       true,
	sqlite.ExtendedCode(sqlite.IOERR) | 10<<8:   true, // SQLITE_IOERR_DELETE
	sqlite.IOERR_SHMOPEN:                        true,
	sqlite.IOERR_SHMSIZE:                        true,
	sqlite.ExtendedCode(sqlite.CANTOPEN):        true,
	sqlite.CANTOPEN_NOTEMPDIR:                   true,
	sqlite.ExtendedCode(sqlite.CANTOPEN) | 4<<8: true, // SQLITE_CANTOPEN_CONVPATH
	sqlite.ExtendedCode(sqlite.READONLY):        true,
	sqlite.READONLY_RECOVERY:                    true,
	sqlite.READONLY_CANTLOCK:                    true,
	sqlite.READONLY_ROLLBACK:                    true,
	sqlite.READONLY_CANTINIT:                    true,
	sqlite.READONLY_DIRECTORY:                   true,
}

// storageExplainer explains the storage errors of one database: see
// explain. It creates a probe file in the database's directory (creatable)
// at most once per probeEvery, so that a loop of failing writes does not
// churn the directory.
type storageExplainer struct {
	cfg contract.ConnConfig

	mu     sync.Mutex
	probed time.Time // when creatable last ran
	dirErr error     // what it said
}

// probeEvery is how long a storageExplainer keeps creatable's answer.
const probeEvery = time.Second

// explain adds to the *Error in err the reason the operating system gives
// for not letting this process write the database (see writeRefusal), if
// err's code is one of storageCodes and there is a reason. A database
// opened read-only refuses writes with SQLITE_READONLY for that reason
// alone, which is left unexplained. It returns err, changed in place;
// other errors are returned as they are. A nil x returns err.
func (x *storageExplainer) explain(err error) error {
	var e *Error
	if x == nil || x.cfg.Path == "" || x.cfg.Path == ":memory:" || !errors.As(err, &e) || e.sys != nil ||
		!storageCodes[e.code] || (x.cfg.ReadOnly && e.Code() == sqlite.READONLY) {
		return err
	}
	why, sys := writeRefusal(x.cfg.Path, e.Code() == sqlite.CANTOPEN, x.creatable)
	if sys != nil {
		e.msg += ": " + why
		e.sys = sys
	}
	return err
}

// creatable is the package's creatable, its answer kept for probeEvery.
func (x *storageExplainer) creatable(dir string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.probed.IsZero() || time.Since(x.probed) >= probeEvery {
		x.dirErr, x.probed = creatable(dir), time.Now()
	}
	return x.dirErr
}

// writeRefusal says why this process may not write the database at path,
// and returns the operating system's error: it may not create files in
// the file's directory, as SQLite must for the journal, -wal and -shm,
// because the file system is read-only (EROFS), the directory is not
// writable (EACCES) or the file system is full (ENOSPC); it may not write
// the file (EACCES); or, with missing set, the file does not exist
// (ENOENT). It returns "", nil if none holds. creatable answers for the
// directory.
func writeRefusal(path string, missing bool, creatable func(dir string) error) (string, error) {
	dir := filepath.Dir(path)
	if err := creatable(dir); err != nil {
		pe := &fs.PathError{Op: "create", Path: dir, Err: err}
		switch {
		case errors.Is(err, syscall.EROFS):
			return "the file system holding " + path + " is read-only (EROFS)", pe
		case errors.Is(err, fs.ErrPermission):
			return "this process may not create files in " + dir + " (EACCES), as SQLite must for the journal, -wal and -shm", pe
		case errors.Is(err, syscall.ENOSPC):
			return "the file system holding " + path + " is full (ENOSPC)", pe
		}
		return "creating a file in " + dir + " fails: " + err.Error(), pe
	}
	if _, err := os.Stat(path); missing && errors.Is(err, fs.ErrNotExist) {
		return path + " does not exist (ENOENT)", err
	}
	if err := writable(path); errors.Is(err, fs.ErrPermission) {
		return "this process may not write " + path + " (EACCES)", &fs.PathError{Op: "write", Path: path, Err: err}
	}
	return "", nil
}

// creatable returns nil if this process may create a file in dir, else
// the errno that says why not. access(2) answers for a read-only mount and
// a directory the process may not write; a file system that switched
// itself to read-only after an error (ext4 errors=remount-ro, shown as
// "emergency_ro" in /proc/mounts) still passes it, so creatable then
// creates an empty file there and removes it. It is called only after
// SQLite failed to write, never on the way of a write that works. The
// database file itself is never opened: closing a descriptor of it would
// drop the process's POSIX locks on it.
func creatable(dir string) error {
	if err := writable(dir); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".anysqlite-probe-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return pe.Err
		}
		return err
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}
