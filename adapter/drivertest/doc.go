// Package drivertest checks that an [contract.Driver] keeps the contract
// the adapter relies on, in the manner of testing/fstest.TestFS and
// golang.org/x/net/nettest.TestConn: a driver package calls [TestDriver]
// from one of its own tests, and every rule of the contract becomes a
// subtest named after the behaviour it checks (StorageClassRoundTrip,
// EmptyBlobIsNotNull, InterruptLockWait, DecodeErrorCodes, ...).
//
// The checks run against real SQLite databases, in-memory and in
// temporary directories, opened only through the driver's OpenConn; they
// use no mocks, and database/sql only as a thin pool over OpenConn (see
// [OpenDB]). They cover:
//
//   - Info: a well-formed description, registration under its name, and
//     an unavailable driver that refuses to open with the reason.
//   - Opening: a cancelled context, private in-memory databases, ReadOnly,
//     NoCreate, paths holding characters that mean something in a URI,
//     paths longer than a VFS holds (the file at that path, or
//     SQLITE_CANTOPEN; never a panic), and a file the process may not
//     write, which opens read-only as with SQLite's unix VFS (as root,
//     checked in a copy of the test binary run as the user nobody).
//   - Values: every storage class round-trips with its Go type, an empty
//     BLOB is a non-nil []byte{}, declared column types never convert
//     values, arguments bind by index to every kind of parameter, NumInput
//     is exact, and Exec reports the last rowid and the rows changed.
//   - Last insert rowid: ResetLastInsertRowID sets it to 0, so an INSERT
//     that inserts no rowid row reports 0. [contract.RowIDResetter] is
//     optional: for a driver without it, the check is skipped with the
//     reason.
//   - Schema changes: a prepared statement run again after ALTER TABLE,
//     on its connection or another, reports the new columns from Columns
//     before the first Next, and values to match.
//   - Prepare: exactly one statement, among any comments and semicolons;
//     none or several are refused with [adapter.ErrNoStatement] or
//     [adapter.ErrMultipleStatements], and syntax errors surface at once.
//   - Errors: DecodeError gives SQLite's extended code and bare message
//     through wrapping, and ok=false for errors of others. Running out of
//     memory under PRAGMA hard_heap_limit (in a step, in binding, in
//     compiling) is SQLITE_NOMEM or no error at all, never a panic, and
//     leaves the connection working or reporting itself bad.
//   - Interruption ([contract.Conn]): Interrupt, called from another
//     goroutine, ends a statement that computes, a step between rows and a
//     wait for a lock under a long busy_timeout (rollback and WAL mode); a
//     commit that starts while the connection is interrupted (an INSERT
//     ... RETURNING reset early) rolls back; a finished statement is not
//     undone; InTransaction follows BEGIN and COMMIT.
//   - Contexts: an expiring context ends OpenConn's wait for a lock, while
//     busy_timeout itself keeps working (statements are ended with
//     Interrupt, above).
//   - Options: sqlite3_db_config options have their effect; unknown ones
//     fail with errors.ErrUnsupported.
//   - Features: for each of FTS5, R*Tree, math functions, JSON, backup
//     (VACUUM INTO), serialization and db_config that Info reports
//     supported, the feature works; for each it reports unsupported, Info
//     gives a reason and the feature really fails. A feature Info does not
//     mention is held to what the adapter will probe.
//
// Usage, in the test of a third-party driver package:
//
//	package mydriver_test
//
//	import (
//		"testing"
//
//		"github.com/anysqlite/anysqlite/adapter/drivertest"
//		"example.com/mydriver"
//	)
//
//	func TestContract(t *testing.T) {
//		drivertest.TestDriver(t, mydriver.Driver{})
//	}
//
// Run one check with go test -run 'TestContract/InterruptLockWait'. A check
// that fails names the rule of [contract.Driver] the driver breaks; keep the
// tests of what is particular to the driver (its internals, its own
// extensions) next to it.
package drivertest
