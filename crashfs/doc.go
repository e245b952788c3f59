// Package crashfs is a FUSE file system that simulates power loss: the
// test infrastructure behind anysqlite's durability table
// (docs/durability.md, cmd/powerloss).
//
// Killing a process (SIGKILL) proves nothing about power loss: the
// kernel's page cache survives it, and everything the process wrote
// reaches the disk. crashfs keeps the difference. It serves a directory
// tree whose current state is what programs see, and tracks separately
// the durable state, what the disk holds:
//
//   - Data written to a file (pwrite at any offset), its size (ftruncate,
//     fallocate, O_TRUNC) are durable once the file is fsynced or
//     fdatasynced.
//   - A directory entry created (create, mknod, mkdir, link), removed
//     (unlink, rmdir) or renamed into a directory is durable once that
//     directory is fsynced. A rename is durable as a whole once its
//     destination directory is. An fsync of a file does not make its
//     name durable: this is strict POSIX, where ext4 and XFS are kinder
//     in practice, and it is what SQLite's unix VFS is written for (it
//     syncs the directory after creating a journal).
//   - Everything else is pending. [FS.Cut] is the power cut: it decides
//     what of the pending state reaches the disk (see [Mode]: drop all of
//     it, keep a prefix in issue order, or keep a random subset of
//     512-byte or 4096-byte units of the writes, torn and reordered, with
//     metadata in order), unmounts, and leaves in the backing directory
//     exactly what the disk would show after a reboot: the durable
//     names, each with its durable content. A file whose name is durable
//     but whose content never was is empty; a file whose content is
//     durable but whose name is not is gone.
//
// [FS.CutAfter] arms a cut at an exact operation: the file system freezes
// when that mutating operation arrives, before performing it, so a test
// can cut between any two writes, fsyncs or renames of the program under
// test, then kill it.
//
// # What SQLite needs, and how crashfs provides it
//
// pwrite and pread at offsets, ftruncate, fsync and fdatasync on files
// and directories, unlink and rename of journals: modelled as above.
//
// POSIX advisory locks (fcntl F_SETLK/F_GETLK, which mattn and modernc
// use; open file description locks, which ncruces uses on Linux; flock):
// crashfs does not ask the kernel to forward locks (go-fuse's EnableLocks,
// FUSE_POSIX_LOCKS), so the kernel keeps them itself, exactly as for a
// local file system. All processes use one mount on one machine, so that
// is the right semantics, and a power cut loses locks anyway. go-fuse
// offers Getlk/Setlk/Setlkw for forwarding, which only a network file
// system needs.
//
// The -shm file of WAL mode is mapped shared (MAP_SHARED) by every
// connection. FUSE can map a file shared only through the kernel's page
// cache: a file opened with direct_io cannot be mapped writable and
// shared (before Linux 6.6's FUSE_DIRECT_IO_ALLOW_MMAP). crashfs
// therefore never uses direct_io: reads go through the page cache, and
// writes are written through to crashfs at once (go-fuse does not enable
// the FUSE writeback cache), so each write is an operation crashfs sees
// in order. Pages of the mapped -shm reach crashfs only when the kernel
// writes them back; like every write to the -shm they are pending, and
// SQLite never syncs the -shm, so a cut loses what is not written back
// (SQLite rebuilds the index from the WAL after a crash: its content
// after a reboot does not matter, and crashfs does not treat it
// specially). WAL mode thus works unchanged, with any locking_mode.
//
// # What crashfs cannot model
//
//   - Content the kernel holds for a mapped file and has not written back
//     at the cut is lost to crashfs, not kept at random: only the -shm is
//     mapped by SQLite (and the database itself with mmap_size > 0, which
//     anysqlite leaves off).
//   - A file system without a metadata journal (ext2, FAT), where a write
//     issued after a truncate can land in the blocks the lost truncate
//     freed and overwrite the old content: the random modes keep metadata
//     in order and lose such a write with the truncate. Allowing it, the
//     power cuts corrupted databases in TRUNCATE mode at synchronous=NORMAL
//     (a new journal's records over the old journal, whose truncate was
//     not synced), which SQLite documents only as "a very small chance ...
//     on an older filesystem".
//   - File system specifics: ext4's data=ordered (a rename over a file
//     after writing it flushes the data first), XFS's zeroing of
//     unwritten extents, btrfs's and ZFS's copy-on-write atomicity, a
//     drive cache that lies about flushes. crashfs models strict POSIX
//     with honest flushes; reality is kinder in some ways and crueller in
//     that last one.
//   - Corruption of data that was durable (bit rot, a torn sector of an
//     old write), and garbage in a file extended but not written: new
//     space reads as zeros (SQLite assumes garbage,
//     https://sqlite.org/atomiccommit.html#hardware_assumptions).
//   - Permissions, owners and times are not modelled: the disk gets the
//     last permissions set. Extended attributes, symbolic links and
//     special files are not supported.
//   - Two mounts of one backing directory, or a cut while a process
//     still uses the mount (the unmount then detaches lazily).
//
// crashfs runs on Linux on 64-bit architectures (go-fuse's); elsewhere
// [Mount] and [Supported] fail with an error wrapping
// [errors.ErrUnsupported].
//
// Unlike LazyFS (https://github.com/dsrhaslab/lazyfs), which keeps
// unsynced file data in its own page cache and passes metadata
// operations such as create and rename straight to the underlying file
// system, crashfs also makes directory entries pending until their
// directory is synced. A missing directory sync, like the one in
// ncruces' VFS (drivers/ncruces), is invisible to LazyFS and shows here.
package crashfs
