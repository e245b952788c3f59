package adapter

import (
	"errors"
	"fmt"
	"path/filepath"
)

// ErrUnsafeStorage is returned by Open when the options ask for something
// the storage cannot do safely, such as WAL mode on a network file system,
// and Options.AllowUnsafeStorage is not set.
var ErrUnsafeStorage = errors.New("adapter: unsafe storage")

// FileSystem describes the file system that holds a database.
type FileSystem struct {
	// Type names the file system: "ext4", "tmpfs", "overlay", "nfs",
	// "smb", "cifs", "9p", "fuse", "apfs", "remote" (Windows), ... or
	// "unknown".
	Type string
	// Magic is the Linux statfs f_type, 0 elsewhere.
	Magic int64
	// Network reports a remote file system, where POSIX locks and shared
	// memory are unreliable: https://sqlite.org/wal.html#sometimes_queries_return_sqlite_busy_in_wal_mode
	// and https://sqlite.org/howtocorrupt.html#_filesystems_with_broken_or_missing_lock_implementations.
	Network bool
	// FUSE reports a file system in user space, whose locking depends on
	// the implementation. It counts as Network only with
	// Options.FUSEIsNetwork.
	FUSE bool
}

// DetectFileSystem reports the file system holding dir, the way Open does
// by default: statfs magic numbers on Linux, f_fstypename on macOS and the
// BSDs, UNC paths and remote drive types on Windows.
func DetectFileSystem(dir string) (FileSystem, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return FileSystem{}, err
	}
	return detectFileSystem(abs)
}

// Storage is what Open found out about where the database lives, and what
// it decided because of it. [DB.Storage] returns it.
//
// What Open does about storage:
//
//   - On a network file system (NFS, SMB/CIFS, 9p, AFS, Ceph, Lustre, GPFS,
//     macOS smbfs/afpfs/webdav, Windows remote drives and UNC paths) WAL
//     mode is unsafe: its shared-memory index does not work across hosts.
//     The default journal mode there is DELETE and mmap_size is 0; an
//     explicit JournalMode WAL or MmapSize is refused with
//     [ErrUnsafeStorage] unless [Options.AllowUnsafeStorage] is set. FUSE
//     is reported, and treated as network only with Options.FUSEIsNetwork.
//     [DetectFileSystem] is the probe.
//   - busy_timeout is set before the journal mode, and a journal mode
//     change that finds the database busy is retried until busy_timeout
//     (SQLite itself fails at once when leaving WAL).
//   - mmap_size is 0 unless asked for ([Options.MmapSize],
//     $ANYSQLITE_MMAP_SIZE): a failing mapping (a file shrunk by another
//     process, an I/O error) kills the process with SIGBUS where read(2)
//     would return an error.
//   - The adapter never checkpoints on its own with anything but PASSIVE:
//     SQLite's automatic checkpoint (every 1000 WAL pages, PASSIVE) is left
//     on, and [DB.Checkpoint] runs the blocking modes only when asked. A WAL
//     grows without bound only while some reader always holds an old
//     snapshot (checkpoint starvation): give long reads an end, and run
//     Checkpoint(CheckpointRestart) when the database is quiet to reset the
//     WAL; a [CheckpointResult] with Log growing from call to call and
//     Checkpointed lagging shows starvation.
//   - A file that does not start with the SQLite header is refused with
//     sqlite.NOTADB before SQLite opens it (SQLite would delete its -journal,
//     -wal and -shm). [Options.CheckOnOpen] runs PRAGMA quick_check on a
//     read-only connection before anything is written, and
//     [CorruptQuarantine] renames a corrupt file and its companions aside
//     (NAME.corrupt-TIMESTAMP) and starts a new database; nothing is ever
//     deleted.
//   - A path that names a directory is refused with [sqlite.CANTOPEN_ISDIR],
//     naming it. An error of SQLite that a read-only file system, a
//     directory this process may not write or a full file system explains
//     (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_IOERR_WRITE, ...) keeps
//     its code and gets the reason, the path and the errno, on every path
//     and driver (errors.Is(err, syscall.EROFS)). A full disk is [sqlite.FULL]
//     on every driver (except ncruces on Windows, whose VFS still reports
//     SQLITE_IOERR_WRITE).
//   - A DB serves one file: once its path no longer names the file it
//     opened (removed, or another file renamed over it), it refuses new
//     connections, writes and transactions with [ErrFileMoved].
//
// Two hazards remain the application's:
//
//   - With mattn and modernc, SQLite's locks are POSIX locks, which belong
//     to the process: opening and closing any descriptor of the database,
//     -wal, -shm or -journal file anywhere in the process (to copy, hash,
//     watch or inspect it) releases them, and other processes may then
//     corrupt the database or die of SIGBUS on the -shm mapping
//     (https://sqlite.org/howtocorrupt.html#_posix_advisory_locks_canceled_by_a_separate_thread_doing_close_).
//     Copy a database with [DB.Backup]; keep file watchers off it; or use
//     ncruces, whose OFD locks belong to its own descriptors.
//   - A -wal file beside a database is replayed into it even if it came
//     from another database: never copy or move a database without its
//     -wal, nor leave a foreign one beside it.
//
// The multi-process and crash runs of package stress exercise these cases
// on every driver; their results are in the "Multi-process and crash"
// section of https://github.com/anysqlite/anysqlite/blob/main/docs/matrix.md.
type Storage struct {
	Path        string     // the database file, or ":memory:"
	FileSystem  FileSystem // of the file's directory
	JournalMode string     // the journal mode in effect after Open, lower case
	MmapSize    int64      // PRAGMA mmap_size on every connection
	// Decisions explains, one sentence each, every setting Open chose
	// differently from what was asked or from the defaults because of the
	// storage.
	Decisions []string
	// Quarantined is set when Open found the database corrupt, moved its
	// files aside and created a new one (Options.OnCorrupt = Quarantine).
	Quarantined *Quarantine
}

// Storage reports where the database lives and what Open decided about it.
func (db *DB) Storage() Storage {
	s := db.storage
	s.Decisions = append([]string(nil), s.Decisions...)
	return s
}

// fsLinuxMagic maps Linux statfs magic numbers to names; the boolean says
// whether the file system is remote.
var fsLinuxMagic = map[int64]struct {
	name    string
	network bool
}{
	0xEF53:     {"ext4", false},
	0x01021994: {"tmpfs", false},
	0x794C7630: {"overlay", false},
	0x9123683E: {"btrfs", false},
	0x58465342: {"xfs", false},
	0x2FC12FC1: {"zfs", false},
	0xF2F52010: {"f2fs", false},
	0x4D44:     {"vfat", false},
	0x5346544E: {"ntfs", false},
	0x65735546: {"fuse", false},
	0x6969:     {"nfs", true},
	0x517B:     {"smb", true},
	0xFF534D42: {"cifs", true},
	0xFE534D42: {"smb2", true},
	0x01021997: {"9p", true},
	0x5346414F: {"afs", true},
	0x00C36400: {"ceph", true},
	0x0BD00BD0: {"lustre", true},
	0x47504653: {"gpfs", true},
	0x013111A8: {"ibrix", true},
	0x19830326: {"fhgfs", true},
	0x564C:     {"ncp", true},
	0x6B414653: {"kafs", true},
	0x61756673: {"aufs", false},
}

// fsByLinuxMagic names a Linux file system.
func fsByLinuxMagic(magic int64) FileSystem {
	fs := FileSystem{Type: "unknown", Magic: magic}
	if m, ok := fsLinuxMagic[magic]; ok {
		fs.Type, fs.Network = m.name, m.network
	}
	fs.FUSE = fs.Type == "fuse"
	return fs
}

// fsByTypeName names a macOS or BSD file system from f_fstypename.
func fsByTypeName(name string) FileSystem {
	fs := FileSystem{Type: name}
	switch name {
	case "nfs", "smbfs", "afpfs", "webdav", "cifs", "ftp", "9p":
		fs.Network = true
	case "osxfuse", "macfuse", "fusefs", "fuse", "osxfusefs":
		fs.FUSE = true
	}
	if fs.Type == "" {
		fs.Type = "unknown"
	}
	return fs
}

// storageDecisions adjusts settings s for the file system fs, or refuses
// them, and says what it decided.
func storageDecisions(s *settings, fs FileSystem, o *Options) ([]string, error) {
	network := fs.Network || (fs.FUSE && o != nil && o.FUSEIsNetwork)
	allow := o != nil && o.AllowUnsafeStorage
	if !network || s.memory {
		return nil, nil
	}
	var decisions []string
	explicitWAL := o != nil && o.JournalMode != ""
	switch {
	case s.journal == "WAL" && explicitWAL && !allow:
		return nil, fmt.Errorf("%w: JournalMode WAL on a network file system (%s) lets processes on different hosts corrupt the database; "+
			"use DELETE, or set AllowUnsafeStorage if only one host ever opens it", ErrUnsafeStorage, fs.Type)
	case s.journal == "WAL" && !explicitWAL:
		s.journal = "DELETE"
		if o == nil || o.Synchronous == "" {
			s.sync = defaultSync(s.journal, o != nil && o.Durable)
		}
		decisions = append(decisions, fmt.Sprintf("network file system (%s): journal_mode DELETE instead of the default WAL, "+
			"whose shared-memory index does not work across hosts", fs.Type))
	}
	if s.mmap > 0 {
		if o != nil && o.MmapSize > 0 && !allow {
			return nil, fmt.Errorf("%w: MmapSize on a network file system (%s): another host's writes do not reach the mapping; set AllowUnsafeStorage to insist",
				ErrUnsafeStorage, fs.Type)
		}
		if !allow {
			s.mmap = 0
			decisions = append(decisions, fmt.Sprintf("network file system (%s): mmap_size 0 instead of $%s", fs.Type, EnvMmapSize))
		}
	}
	return decisions, nil
}
