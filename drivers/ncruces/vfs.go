package ncruces

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/util/vfsutil"
	"github.com/ncruces/go-sqlite3/vfs"

	"github.com/anysqlite/anysqlite/adapter"
)

// vfsName names the VFS every connection of this driver opens its files
// through: ncruces' default VFS, with the directory of each new journal
// synced.
//
// SQLite's unix VFS syncs the directory that holds a rollback journal,
// super-journal or WAL file it has just created, at the first sync of the
// file, so that the file's name survives a power cut
// (https://sqlite.org/atomiccommit.html#_hot_rollback_journals needs the
// journal to be there after a reboot; unixSync and UNIXFILE_DIRSYNC in
// os_unix.c). ncruces v0.35.6 means to do the same (vfsFile.Sync's
// _FLAG_SYNC_DIR branch in vfs/file.go) but opens the directory and then
// syncs the file again instead of the directory, so the directory is
// never synced. On a file system that needs the directory sync (strict
// POSIX; crashfs models it), a power cut can then lose a new -wal with
// every transaction committed to it at synchronous=FULL, a new database
// with its first transactions, or leave database pages written without the
// journal that would roll them back. The test in vfs_test.go shows both
// the loss through ncruces' own VFS and that this one keeps everything.
const vfsName = "anysqlite-syncdir"

var registerVFS = sync.OnceFunc(func() {
	vfs.Register(vfsName, syncDirVFS{vfs.Find("")})
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
	cfg := adapter.ConnConfig{
		Path:     path,
		ReadOnly: flags&sqlite3.OPEN_READONLY != 0,
		NoCreate: flags&sqlite3.OPEN_CREATE == 0,
	}
	return cfg.URI() + "&vfs=" + vfsName, flags | sqlite3.OPEN_URI
}

// syncDirVFS wraps a VFS so that the journals it creates sync their
// directory.
type syncDirVFS struct {
	vfs.VFS
}

var _ vfs.VFSFilename = syncDirVFS{}

func (v syncDirVFS) Open(name string, flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
	f, out, err := vfsutil.WrapOpen(v.VFS, name, flags)
	return wrapSyncDir(f, name, flags), out, err
}

func (v syncDirVFS) OpenFilename(name *vfs.Filename, flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
	f, out, err := vfsutil.WrapOpenFilename(v.VFS, name, flags)
	return wrapSyncDir(f, name.String(), flags), out, err
}

// wrapSyncDir wraps a journal, super-journal or WAL file opened with
// OPEN_CREATE (as SQLite's unix VFS sets UNIXFILE_DIRSYNC) in a
// syncDirFile; other files are returned as they are.
func wrapSyncDir(f vfs.File, name string, flags vfs.OpenFlag) vfs.File {
	const journal = vfs.OPEN_MAIN_JOURNAL | vfs.OPEN_SUPER_JOURNAL | vfs.OPEN_WAL
	if f == nil || name == "" || flags&vfs.OPEN_CREATE == 0 || flags&journal == 0 {
		return f
	}
	return &syncDirFile{File: f, dir: filepath.Dir(name)}
}

// syncDirFile syncs its directory after its first successful sync.
type syncDirFile struct {
	vfs.File
	dir string // "" once synced
}

// Sync syncs the file, then, the first time, its directory. As in
// SQLite's unix VFS, a directory that cannot be opened is not an error;
// a failed directory sync is SQLITE_IOERR_DIR_FSYNC.
func (f *syncDirFile) Sync(flags vfs.SyncFlag) error {
	if err := f.File.Sync(flags); err != nil || f.dir == "" {
		return err
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

// The optional interfaces of the wrapped file, passed through.

func (f *syncDirFile) Unwrap() vfs.File          { return f.File }
func (f *syncDirFile) LockState() vfs.LockLevel  { return vfsutil.WrapLockState(f.File) }
func (f *syncDirFile) SizeHint(size int64) error { return vfsutil.WrapSizeHint(f.File, size) }
func (f *syncDirFile) HasMoved() (bool, error)   { return vfsutil.WrapHasMoved(f.File) }
func (f *syncDirFile) PersistWAL() bool          { return vfsutil.WrapPersistWAL(f.File) }
func (f *syncDirFile) SetPersistWAL(keep bool)   { vfsutil.WrapSetPersistWAL(f.File, keep) }
func (f *syncDirFile) PowersafeOverwrite() bool  { return vfsutil.WrapPowersafeOverwrite(f.File) }
func (f *syncDirFile) SetPowersafeOverwrite(psow bool) {
	vfsutil.WrapSetPowersafeOverwrite(f.File, psow)
}
func (f *syncDirFile) SharedMemory() vfs.SharedMemory { return vfsutil.WrapSharedMemory(f.File) }
func (f *syncDirFile) MemoryMapper() vfs.MemoryMapper { return vfsutil.WrapMemoryMapper(f.File) }
func (f *syncDirFile) BeginAtomicWrite() error        { return vfsutil.WrapBeginAtomicWrite(f.File) }
func (f *syncDirFile) CommitAtomicWrite() error       { return vfsutil.WrapCommitAtomicWrite(f.File) }
func (f *syncDirFile) RollbackAtomicWrite() error     { return vfsutil.WrapRollbackAtomicWrite(f.File) }
func (f *syncDirFile) DeviceCharacteristics() vfs.DeviceCharacteristic {
	return f.File.DeviceCharacteristics()
}

var (
	_ vfs.FileUnwrap             = (*syncDirFile)(nil)
	_ vfs.FileLockState          = (*syncDirFile)(nil)
	_ vfs.FileSizeHint           = (*syncDirFile)(nil)
	_ vfs.FileHasMoved           = (*syncDirFile)(nil)
	_ vfs.FilePersistWAL         = (*syncDirFile)(nil)
	_ vfs.FilePowersafeOverwrite = (*syncDirFile)(nil)
	_ vfs.FileSharedMemory       = (*syncDirFile)(nil)
	_ vfs.FileMemoryMapper       = (*syncDirFile)(nil)
	_ vfs.FileBatchAtomicWrite   = (*syncDirFile)(nil)
)
