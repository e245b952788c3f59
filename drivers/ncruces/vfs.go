package ncruces

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/util/vfsutil"
	"github.com/ncruces/go-sqlite3/vfs"
)

// vfsName names the VFS every connection of this driver opens its files
// through: ncruces' default VFS, with three of its differences from
// SQLite's unix VFS (os_unix.c) undone, so that this driver fails, and
// survives a power cut, as mattn and modernc do:
//
//   - The directory of each new journal is synced. SQLite's unix VFS
//     syncs the directory that holds a rollback journal, super-journal or
//     WAL file it has just created, at the first sync of the file, so
//     that the file's name survives a power cut
//     (https://sqlite.org/atomiccommit.html#_hot_rollback_journals needs
//     the journal to be there after a reboot; unixSync and
//     UNIXFILE_DIRSYNC in os_unix.c). ncruces v0.35.6 means to do the
//     same (vfsFile.Sync's _FLAG_SYNC_DIR branch in vfs/file.go) but opens
//     the directory and then syncs the file again instead of the
//     directory, so the directory is never synced. On a file system that
//     needs the directory sync (strict POSIX; crashfs models it), a power
//     cut can then lose a new -wal with every transaction committed to it
//     at synchronous=FULL, a new database with its first transactions, or
//     leave database pages written without the journal that would roll
//     them back. The test in vfs_test.go shows both the loss through
//     ncruces' own VFS and that this one keeps everything.
//   - A full disk is SQLITE_FULL. SQLite's unix VFS answers a write that
//     fails with ENOSPC with SQLITE_FULL (unixWrite); ncruces v0.35.6
//     means to (osWriteAt in vfs/os_unix.go) but tests the error for a
//     unix.Errno where os.File.WriteAt returns an *os.PathError, so a
//     full disk is SQLITE_IOERR_WRITE, which an application cannot tell
//     from a failing disk. Here ENOSPC from a write, truncate, sync or
//     preallocation of any file (database, journal, WAL, temporary file)
//     is SQLITE_FULL (which, as in C SQLite, carries no errno: ncruces
//     attaches the OS error to SQLITE_IOERR and SQLITE_CANTOPEN only).
//     C SQLite maps ENOSPC so for writes only; an fsync or ftruncate that
//     fails with ENOSPC (seen only on file systems that allocate at
//     write-back, such as NFS) is SQLITE_IOERR_FSYNC or _TRUNCATE there.
//     SQLite rolls the statement or transaction back as for any
//     SQLITE_FULL
//     (https://sqlite.org/lang_transaction.html#response_to_errors_within_a_transaction),
//     so what was committed before stays, and writing resumes once space
//     is freed. diskfull_test.go checks it on a small tmpfs, and the
//     Storage/DiskFull conformance case on every driver.
//   - A file that cannot be opened for writing is opened read-only (see
//     openFile), so a WAL database behind a read-only mount reads while a
//     writer elsewhere keeps it in WAL mode (the Storage conformance case
//     ReadOnlyMountWhileWriterKeepsWAL).
const vfsName = "anysqlite-os"

var registerVFS = sync.OnceFunc(func() {
	vfs.Register(vfsName, osVFS{vfs.Find("")})
})

// openName returns the file name and flags that open path through the
// VFS of vfsName: a URI (https://sqlite.org/uri.html) with vfs= set. The
// in-memory database and Windows (whose VFS needs no directory sync) keep
// the default VFS and the plain name.
func openName(path string, flags sqlite3.OpenFlag) (string, sqlite3.OpenFlag) {
	if path == ":memory:" || path == "" || runtime.GOOS == "windows" {
		return path, flags
	}
	registerVFS()
	cfg := contract.ConnConfig{
		Path:     path,
		ReadOnly: flags&sqlite3.OPEN_READONLY != 0,
		NoCreate: flags&sqlite3.OPEN_CREATE == 0,
	}
	return cfg.URI() + "&vfs=" + vfsName, flags | sqlite3.OPEN_URI
}

// osVFS wraps a VFS so that every file it opens is an osFile, and a file
// that cannot be opened for writing is opened read-only.
type osVFS struct {
	vfs.VFS
}

var _ vfs.VFSFilename = osVFS{}

func (v osVFS) Open(name string, flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
	return openFile(func(flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
		return vfsutil.WrapOpen(v.VFS, name, flags)
	}, name, flags)
}

func (v osVFS) OpenFilename(name *vfs.Filename, flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
	return openFile(func(flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
		return vfsutil.WrapOpenFilename(v.VFS, name, flags)
	}, name.String(), flags)
}

// openFile opens a file with open and wraps it (wrapFile). As SQLite's
// unix VFS does (unixOpen in os_unix.c), a file that the system refuses
// to open for writing (EACCES, EPERM, EROFS) is opened read-only instead,
// and the flags returned say so; SQLite then reads it and fails writes
// with SQLITE_READONLY. This matters for the -wal of a database in a
// read-only directory or file system while a writer elsewhere keeps it in
// WAL mode: SQLite opens the -wal read-write whatever the connection's
// flags, and ncruces' VFS, which has no such retry, fails the read with
// SQLITE_CANTOPEN where C SQLite (mattn, modernc) reads the database
// through its read-only -shm (https://sqlite.org/walformat.html#readonly).
// If the read-only open fails too (the file does not exist), the first
// error is returned: it says why the file could not be written.
func openFile(open func(vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error), name string, flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
	f, out, err := open(flags)
	if err != nil && flags&vfs.OPEN_READWRITE != 0 && refusedWrite(err) {
		ro := flags&^(vfs.OPEN_READWRITE|vfs.OPEN_CREATE) | vfs.OPEN_READONLY
		if rf, rout, rerr := open(ro); rerr == nil {
			f, out, err, flags = rf, rout, nil, ro
		}
	}
	return wrapFile(f, name, flags), out, err
}

// refusedWrite reports whether err, of opening a file read-write, is the
// system's refusal to let it be written. (ncruces' VFS reports a journal
// that cannot be created in a read-only directory as
// SQLITE_READONLY_DIRECTORY, which errors.Is does not see into: no retry
// then, as in SQLite's unix VFS.)
func refusedWrite(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// wrapFile wraps every file in an osFile. A journal, super-journal or
// WAL file opened with OPEN_CREATE (as SQLite's unix VFS sets
// UNIXFILE_DIRSYNC) also syncs its directory.
func wrapFile(f vfs.File, name string, flags vfs.OpenFlag) vfs.File {
	if f == nil {
		return nil
	}
	w := &osFile{File: f}
	const journal = vfs.OPEN_MAIN_JOURNAL | vfs.OPEN_SUPER_JOURNAL | vfs.OPEN_WAL
	if name != "" && flags&vfs.OPEN_CREATE != 0 && flags&journal != 0 {
		w.dir = filepath.Dir(name)
	}
	return w
}

// osFile is a file of ncruces' VFS that reports a full disk as
// SQLITE_FULL and, for a new journal, syncs its directory after its first
// successful sync.
type osFile struct {
	vfs.File
	dir string // the directory still to sync; "" if none (or done)
}

// WriteAt writes p at off; ENOSPC is SQLITE_FULL.
func (f *osFile) WriteAt(p []byte, off int64) (int, error) {
	n, err := f.File.WriteAt(p, off)
	return n, full(err)
}

// Truncate sets the file's size; ENOSPC is SQLITE_FULL.
func (f *osFile) Truncate(size int64) error { return full(f.File.Truncate(size)) }

// SizeHint preallocates the file; ENOSPC is SQLITE_FULL.
func (f *osFile) SizeHint(size int64) error { return full(vfsutil.WrapSizeHint(f.File, size)) }

// Sync syncs the file (ENOSPC is SQLITE_FULL), then, the first time, its
// directory if it has one to sync. As in SQLite's unix VFS, a directory
// that cannot be opened is not an error; a failed directory sync is
// SQLITE_IOERR_DIR_FSYNC.
func (f *osFile) Sync(flags vfs.SyncFlag) error {
	if err := f.File.Sync(flags); err != nil || f.dir == "" {
		return full(err)
	}
	dir := f.dir
	f.dir = ""
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return vfs.SystemError(err, sqlite3.IOERR_DIR_FSYNC)
	}
	return nil
}

// full returns err as SQLITE_FULL, keeping the OS error, if the file
// system ran out of space (ENOSPC), as SQLite's unix VFS does for writes
// (an exceeded quota, EDQUOT, stays an I/O error there and here); other
// errors are returned as they are.
func full(err error) error {
	if err != nil && errors.Is(err, syscall.ENOSPC) {
		return vfs.SystemError(err, sqlite3.FULL)
	}
	return err
}

// The optional interfaces of the wrapped file, passed through.

func (f *osFile) Unwrap() vfs.File         { return f.File }
func (f *osFile) LockState() vfs.LockLevel { return vfsutil.WrapLockState(f.File) }
func (f *osFile) HasMoved() (bool, error)  { return vfsutil.WrapHasMoved(f.File) }
func (f *osFile) PersistWAL() bool         { return vfsutil.WrapPersistWAL(f.File) }
func (f *osFile) SetPersistWAL(keep bool)  { vfsutil.WrapSetPersistWAL(f.File, keep) }
func (f *osFile) PowersafeOverwrite() bool { return vfsutil.WrapPowersafeOverwrite(f.File) }
func (f *osFile) SetPowersafeOverwrite(psow bool) {
	vfsutil.WrapSetPowersafeOverwrite(f.File, psow)
}
func (f *osFile) SharedMemory() vfs.SharedMemory { return vfsutil.WrapSharedMemory(f.File) }
func (f *osFile) MemoryMapper() vfs.MemoryMapper { return vfsutil.WrapMemoryMapper(f.File) }
func (f *osFile) BeginAtomicWrite() error        { return vfsutil.WrapBeginAtomicWrite(f.File) }
func (f *osFile) CommitAtomicWrite() error       { return vfsutil.WrapCommitAtomicWrite(f.File) }
func (f *osFile) RollbackAtomicWrite() error     { return vfsutil.WrapRollbackAtomicWrite(f.File) }
func (f *osFile) DeviceCharacteristics() vfs.DeviceCharacteristic {
	return f.File.DeviceCharacteristics()
}

var (
	_ vfs.FileUnwrap             = (*osFile)(nil)
	_ vfs.FileLockState          = (*osFile)(nil)
	_ vfs.FileSizeHint           = (*osFile)(nil)
	_ vfs.FileHasMoved           = (*osFile)(nil)
	_ vfs.FilePersistWAL         = (*osFile)(nil)
	_ vfs.FilePowersafeOverwrite = (*osFile)(nil)
	_ vfs.FileSharedMemory       = (*osFile)(nil)
	_ vfs.FileMemoryMapper       = (*osFile)(nil)
	_ vfs.FileBatchAtomicWrite   = (*osFile)(nil)
)
