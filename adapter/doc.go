// Package adapter is one API over three SQLite drivers for Go:
// github.com/mattn/go-sqlite3 (C SQLite through cgo), modernc.org/sqlite
// (SQLite transpiled to Go) and github.com/ncruces/go-sqlite3 (SQLite
// compiled to Wasm, translated to Go). An application picks the driver with
// [Options.Driver] or $ANYSQLITE_DRIVER and changes nothing else.
//
// Import the drivers to link, usually all of them:
//
//	import _ "github.com/anysqlite/anysqlite/drivers/all"
//
//	db, err := adapter.Open(ctx, "app.db", nil)
//	...
//	err = db.Get(ctx, &user, "SELECT id, name FROM users WHERE id = ?", id)
//
// # Same behaviour on every driver
//
// The drivers differ in their defaults and conversions; the adapter makes
// them agree:
//
//   - Settings: the defaults listed at [Options] are set with PRAGMA
//     statements on every connection of the pool when it opens, not through
//     three DSN dialects, so none of them is lost on the second connection.
//     [DB.Pragma] changes a per-connection setting on every connection.
//   - Values read are int64, float64, string, []byte or nil by storage
//     class; a declared type (DATETIME, BOOLEAN) never changes what a [Row]
//     or an any holds, while scanning into *time.Time or *bool converts.
//     An empty BLOB is []byte{}, distinct from NULL.
//   - Values bound are stored the same way: []byte(nil) as NULL, []byte{}
//     as an empty BLOB, bool as 0/1, time.Time as TEXT in [TimeFormat];
//     uint64 above math.MaxInt64 and NaN are errors, not silent changes.
//   - Statements: Prepare, Run, Get and All take exactly one statement;
//     Exec takes a script. BEGIN, COMMIT and the like are refused: use
//     [DB.Transaction], which rolls back on error, panic and cancelled
//     contexts, and nests as savepoints.
//   - Errors from SQLite are [*Error] values with the same codes on every
//     driver (errors.Is(err, adapter.ErrBusy)), through DB.SQL too.

//   - Secure defaults: trusted_schema=OFF, defensive mode, and
//     double-quoted string literals refused, wherever the driver allows
//     setting them ([DriverInfo.Features] tells).
//
// # Nil means committed, an error means nothing changed
//
// On every driver and every path (DB, Tx, Stmt, DB.SQL), a call that
// returns nil has done all its work, committed as far as the journal and
// synchronous settings promise; a call that returns an error has changed
// nothing. The adapter is in the same process as SQLite, so it knows:
//
//   - A context that ends while a call runs interrupts it
//     (sqlite3_interrupt); if SQLite had already finished the statement or
//     the COMMIT, the call succeeds. A commit never starts once the call
//     was interrupted. The error of a call its context ended is an [*Error]
//     with code [ErrInterrupt] that satisfies errors.Is(err, ctx.Err()), the
//     same on every driver and for every wait (a computation, a row, a
//     lock under busy_timeout), and never errors.Is(err, ErrBusy). Through
//     DB.SQL, database/sql's own checks of the context may return
//     ctx.Err() alone.
//   - Inside a transaction, a statement its context interrupted rolls back
//     the transaction (or the innermost savepoint), and so do the errors
//     after which SQLite rolls back by itself: the [Tx] is dead, every
//     later call on it returns [ErrTxRolledBack], and no statement of it
//     ever runs in autocommit mode. See [DB.Transaction].
//   - No connection returns to the pool inside a transaction, or with a
//     statement or an interrupt pending.
//   - [DB.Close] interrupts the calls in flight (their errors satisfy
//     errors.Is(err, ErrClosed)) and keeps the file claimed until the last
//     connection has closed.
//
// The conformance suite's Adversity category checks this with a ledger of
// every call under randomised storms of cancellations, on every driver.
//
// # Storage safety
//
// [Open] looks at where the database lives ([DetectFileSystem]) and
// reports what it found and decided in [DB.Storage]:
//
//   - On a network file system (NFS, SMB/CIFS, 9p, AFS, Ceph, Lustre, GPFS,
//     macOS smbfs/afpfs/webdav, Windows remote drives and UNC paths) WAL
//     mode is unsafe: its shared-memory index does not work across hosts.
//     The default journal mode there is DELETE and mmap_size is 0; an
//     explicit JournalMode WAL or MmapSize is refused with
//     [ErrUnsafeStorage] unless [Options.AllowUnsafeStorage] is set. FUSE
//     is reported, and treated as network only with Options.FUSEIsNetwork.
//   - busy_timeout is set before the journal mode, and a journal mode
//     change that finds the database busy is retried until busy_timeout
//     (SQLite itself fails at once when leaving WAL).
//   - mmap_size is 0 unless asked for ([Options.MmapSize],
//     $ANYSQLITE_MMAP_SIZE). The multi-process runs (package stress, the
//     matrix's last section) did not reproduce the SIGBUS of a mapped
//     database shrunk by another process on Linux: SQLite truncates the
//     file only when no reader is left on an older snapshot. But a failing
//     mapping kills the process where read(2) would return an error, and
//     other kernels and file systems are not covered by that evidence.
//   - The adapter never checkpoints on its own with anything but PASSIVE:
//     SQLite's automatic checkpoint (every 1000 WAL pages, PASSIVE) is left
//     on, and [DB.Checkpoint] runs the blocking modes only when asked, with
//     half of busy_timeout so that writers queued behind them keep a
//     margin. A WAL grows without bound only while some reader always
//     holds an old snapshot (checkpoint starvation): give long reads an
//     end, and run Checkpoint(CheckpointRestart) when the database is quiet
//     to reset the WAL; a [CheckpointResult] with Log growing from call to
//     call and Checkpointed lagging shows starvation.
//   - A file that does not start with the SQLite header is refused with
//     ErrNotADB before SQLite opens it (SQLite would delete its -journal,
//     -wal and -shm). [Options.CheckOnOpen] runs PRAGMA quick_check on a
//     read-only connection before anything is written, and
//     [CorruptQuarantine] renames a corrupt file and its companions aside
//     (NAME.corrupt-TIMESTAMP) and starts a new database; nothing is ever
//     deleted.
//
// Two hazards remain the application's, found by the multi-process runs:
//
//   - With mattn and modernc, SQLite's locks are POSIX locks, which belong
//     to the process: opening and closing any descriptor of the database,
//     -wal, -shm or -journal file anywhere in the process (to copy, hash,
//     watch or inspect it) releases them, and other processes then corrupt
//     the database or die of SIGBUS on the -shm mapping. Copy a database
//     with [DB.Backup]; keep file watchers off it; or use ncruces, whose
//     OFD locks belong to its own descriptors and survived every such run.
//   - A -wal file beside a database is replayed into it even if it came
//     from another database: never copy or move a database without its
//     -wal, nor leave a foreign one beside it.
//
// # One file, one SQLite copy per process
//
// The three drivers are three copies of SQLite. Two copies in one process
// must not open the same file: POSIX locks belong to the process, and a
// copy closing its descriptor releases the other copy's locks
// (https://sqlite.org/howtocorrupt.html#_multiple_copies_of_sqlite_linked_into_the_same_application).
// [Open] therefore refuses, with [ErrDriverConflict], a file this process
// already has open through another driver. Separate processes may use
// different drivers on one file.
package adapter
