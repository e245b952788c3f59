// Package stress shows, with real processes, what happens when several
// processes share one SQLite database through the adapter — each driver
// alone, every ordered pair of drivers, all three at once — and what a
// process killed with SIGKILL leaves behind. Its results are the
// "Multi-process and crash" section of docs/matrix.md (conform -stress).
//
// # How it runs
//
// Every worker is a separate process: the running binary started again
// with "worker" as its first argument (SelfCommand; `conform worker` in
// conform, TestMain in this package's tests), running [Worker] with one
// driver and one role:
//
//   - writer: BEGIN IMMEDIATE transactions of one row or a batch, each
//     moving an amount between two accounts and counting its rows, reported
//     on stdout only after COMMIT returned;
//   - reader: read transactions checking that the balances add up, that
//     the row counter matches the rows and that no transaction is visible
//     in part, with a full scan now and then; it reopens the database every
//     second, as short-lived processes do;
//   - checkpointer: PASSIVE, FULL, RESTART and TRUNCATE in turn;
//   - shrinker: insert junk, DELETE it, VACUUM, so that the file shrinks
//     while the others have it open (and mapped, with mmap_size 64 MiB);
//   - crasher: a writer that the parent kills with SIGKILL.
//
// [Run] runs every [Scenario] (workers on one WAL database for
// Size.Duration, then stopped by closing their standard input) and checks:
// no worker died (a death by signal, or a SIGBUS/SIGSEGV the Go runtime
// caught and turned into exit status 2), every reported transaction is
// in the database exactly once and whole, no reader invariant broke,
// integrity_check is ok, and no SQLITE_BUSY escaped busy_timeout. Then
// [RunCrash] kills a writer at random moments, WAL and DELETE × NORMAL and
// FULL, and reopens the database through each driver in turn. Sizes: [CI]
// (make test) and [Soak] (make soak).
//
// # What it found (Linux, ext4)
//
// Sharing works, between any drivers: every mix survived with mmap_size 0
// and 64 MiB, with all four checkpoint modes and the shrinker. mattn and
// modernc lock with POSIX fcntl locks and ncruces with OFD locks, and on
// Linux the two kinds conflict with each other, so the processes do see
// each other's locks. The crash loops lost no reported transaction and
// showed no partial one, whichever driver reopened the file.
//
// No SQLITE_BUSY escaped busy_timeout from IMMEDIATE writers — provided
// that a FULL, RESTART or TRUNCATE checkpoint waits less than the writers
// do. Such a checkpoint takes the write lock and then waits, up to its own
// busy_timeout, for readers of older snapshots; every writer of every
// process waits behind it. With the same busy_timeout everywhere (the
// adapter's 5 s), a writer that was already waiting when the checkpoint
// took the lock times out first: runs with the default showed writers
// stalled for up to busy_timeout and SQLITE_BUSY escaping in a few of the
// full-load scenarios on a loaded machine, and with readers running back
// to back TestBlockingCheckpointStallsWriters measures the stall (PASSIVE
// never takes the write lock and never waits). The scenarios' checkpointer
// therefore runs with busy_timeout 1 s (BlockingCheckpointBusyTimeout),
// and the matrix says so.
//
// The SIGBUS of the report that started this (a process with mmap_size
// 64 MiB, a second one shrinking the file) did not occur: SQLite
// truncates the database file only in a checkpoint that has copied the
// whole WAL, holding the lock that keeps out readers of the file alone
// (WAL_READ_LOCK(0)) and with no reader left on an older snapshot, and a
// reader unmaps the file whenever its snapshot changes; in rollback mode
// VACUUM truncates under an EXCLUSIVE lock. Note that every checkpoint
// mode shrinks the file, PASSIVE included (TestPassiveCheckpointShrinksFile:
// 1.2 MB to 28 KB after DELETE and VACUUM): the checkpoint mode is not what
// keeps a mapping safe. TRUNCATE truncates the -wal file, which SQLite
// reads with read(2) and never maps. mmap_size stays 0 by default all the
// same: the Linux evidence says nothing about other kernels and file
// systems (the report was macOS), and a failing mapping kills the process
// where read(2) would return an error.
//
// What does break sharing is losing the locks. POSIX locks belong to the
// process and a file, not to a descriptor: closing any descriptor of the
// file in the process releases all of them, SQLite's included
// (https://sqlite.org/howtocorrupt.html#_posix_advisory_locks_canceled_by_a_separate_thread_doing_close_).
// In the "touch" scenarios one writer process (in DELETE mode, every
// process) also opens, reads and closes the database's files with os.Open
// every 10 ms — what code that copies,
// hashes or inspects them does. With mattn and modernc every such run
// failed within seconds: SQLITE_CORRUPT in readers, writers and the final
// check, committed transactions lost, SQLITE_IOERR_RDLOCK and
// SQLITE_IOERR_DELETE_NOENT in DELETE mode, and — when the -shm file was
// touched by every process — writers and readers killed by SIGBUS: a
// process that finds no lock on the -shm believes it is the first, shrinks
// it and rebuilds it while the others have it mapped (modernc, whose
// faults become errors, reports SQLITE_IOERR_IN_PAGE). This is the SIGBUS
// that mmap_size cannot prevent: the -shm is always mapped in WAL mode.
// ncruces survived every touch run: its OFD locks belong to its own
// descriptors. The scenarios are kept in the matrix as known failures.
//
// # What the adapter should do about it
//
// Nothing in the adapter or the drivers opens a database file outside
// SQLite, and Open already refuses two drivers on one file in one process
// (ErrDriverConflict), which is the same hazard. The rest is the
// application's, and should be documented where users look (package
// adapter): do not open, copy, hash or watch with per-file descriptors
// (kqueue-based watchers open one per file) the database, -wal, -shm or
// -journal file in a process that has the database open through mattn or
// modernc — use DB.Backup to copy it — or use ncruces, which is immune.
//
// DB.Checkpoint with FULL, RESTART or TRUNCATE should not wait as long as
// writers do: run it with a shorter busy_timeout than the pool's (or
// document that a blocking checkpoint stalls every writer of every process
// for up to busy_timeout and can make them fail with SQLITE_BUSY), and
// recommend PASSIVE for shared databases. The adapter's documentation of
// the modes should also say that PASSIVE shrinks the database file like
// the others, and that TRUNCATE truncates only the -wal, which is never
// mapped.
package stress
