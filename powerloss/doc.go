// Package powerloss measures what a power cut loses under SQLite, through
// the adapter, for every driver, journal mode and synchronous setting: the
// durability table of docs/durability.md (cmd/powerloss, make powerloss).
//
// [Run] mounts a crash-simulating file system (package crashfs) for each
// cut, runs a worker process that commits numbered transactions through
// adapter.Open and reports each commit only after the call returned nil,
// cuts the power at an operation drawn uniformly over the worker's run
// (during a commit, a checkpoint, a journal-mode change, a Backup, a
// VACUUM, or an Open that quarantines a corrupt file), and has every
// driver reopen its own copy of the disk in its own process: two copies of
// SQLite never open one file in one process. A reopen recovers the
// database, runs PRAGMA integrity_check, checks that every row belongs to
// a whole transaction, and counts the acknowledged transactions that are
// missing. Each row of the table is compared with what sqlite.org
// documents for it ([Documented]).
//
// The child processes are the running binary started again (see
// [SelfCommand] and [Child]): a main function or TestMain must call Child
// when [EnvChild] is set.
package powerloss
