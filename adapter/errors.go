package adapter

import (
	"context"
	"database/sql"
	"errors"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// Errors of the adapter itself. Returned errors wrap them with detail; test
// with [errors.Is].
var (
	// ErrNoRows is returned by Get when the query returns no row. It is
	// [sql.ErrNoRows], so errors.Is(err, sql.ErrNoRows) holds too.
	ErrNoRows = sql.ErrNoRows
	// ErrTxDone is returned by a [Tx] used after its transaction ended. It
	// is [sql.ErrTxDone].
	ErrTxDone = sql.ErrTxDone
	// ErrTxRolledBack is returned by every call on a [Tx] whose
	// transaction (or savepoint) was rolled back while fn still ran:
	// SQLite rolled it back after an error, or a statement of it was
	// interrupted. The error wraps the one that caused the rollback.
	ErrTxRolledBack = errors.New("adapter: transaction rolled back")
	// ErrOutcomeUnknown is wrapped by the error of a write to a remote
	// engine whose outcome cannot be known: the connection broke after the
	// request was sent, and the engine could not be asked afterwards. It
	// is the one exception to "an error means nothing changed"; local
	// drivers never return it.
	ErrOutcomeUnknown = contract.ErrOutcomeUnknown
	// ErrClosed is returned by a [DB] or [Stmt] used after Close, and is
	// the cause of the error of a call that Close interrupted.
	ErrClosed = errors.New("adapter: use of closed handle")
	// ErrUnknownDriver is returned by Open for a driver name that is not
	// registered; the message lists the linked drivers.
	ErrUnknownDriver = errors.New("adapter: unknown driver")
	// ErrDriverUnavailable is returned by Open for a driver that is linked
	// but cannot work in this build (mattn without cgo); it also wraps
	// errors.ErrUnsupported.
	ErrDriverUnavailable = errors.New("adapter: driver unavailable")
	// ErrDriverConflict is returned by Open when this process already has
	// the same database file open through a different driver. Two copies
	// of SQLite in one process drop each other's POSIX locks and corrupt
	// the file: https://sqlite.org/howtocorrupt.html#_multiple_copies_of_sqlite_linked_into_the_same_application
	ErrDriverConflict = errors.New("adapter: database file already open with another driver in this process")
	// ErrNoStatement is returned for SQL text that holds no statement
	// (empty, or only comments) where one is required.
	ErrNoStatement = contract.ErrNoStatement
	// ErrMultipleStatements is returned by Prepare, Run, Get, All and
	// Iterate for SQL text that holds more than one statement; use Exec for
	// scripts.
	ErrMultipleStatements = contract.ErrMultipleStatements
	// ErrTxControl is returned for BEGIN, COMMIT, END, ROLLBACK,
	// SAVEPOINT and RELEASE statements: transactions are managed by
	// [DB.Transaction], which keeps pool connections consistent.
	ErrTxControl = errors.New("adapter: transaction control statement not allowed; use Transaction")
	// ErrPragma is returned for an unknown pragma name or a malformed
	// pragma value.
	ErrPragma = errors.New("adapter: invalid pragma")
	// ErrPerConnection is returned for a change to per-connection state
	// that would silently apply to a single connection of the pool (for
	// example a per-connection pragma set inside a transaction).
	ErrPerConnection = errors.New("adapter: per-connection setting")
	// ErrDestination is returned by Get and All for a destination they
	// cannot fill (wrong kind, or a column with no matching field).
	ErrDestination = errors.New("adapter: invalid destination")
	// ErrArgument is returned for a bound argument that cannot be stored
	// faithfully (unsupported type, uint64 above math.MaxInt64, ...).
	ErrArgument = errors.New("adapter: invalid argument")
	// ErrOptions is returned by Open for invalid [Options].
	ErrOptions = errors.New("adapter: invalid options")
	// ErrFileMoved matches an [*Error] with code [sqlite.READONLY_DBMOVED]: the
	// database file a [DB] opened is no longer at its path (it was
	// removed, or another file was renamed over it). A DB serves one file:
	// from then on it refuses new connections and writes, naming the path
	// (see [DB.Path]); close it and open the path again. SQLite reports the
	// same code for some writes in rollback-journal modes
	// (https://sqlite.org/rescode.html#readonly_dbmoved); the adapter checks
	// for every new connection, every write outside a transaction and
	// every BEGIN, in every journal mode.
	ErrFileMoved = errors.New("adapter: database file moved")
)

// Error is an error reported by SQLite, the same on every driver. Test for
// a class of error with errors.Is(err, sqlite.BUSY) or
// errors.Is(err, sqlite.CONSTRAINT_UNIQUE); errors.As gives the codes
// and message. An Error caused by a cancelled or expired context also
// satisfies errors.Is(err, ctx.Err()).
type Error struct {
	code   sqlite.ExtendedCode
	msg    string
	driver string
	sql    string
	cause  error // the context's error, when ctx ended the operation
	err    error // the driver's original error
	sys    error // the operating system's error the adapter found (see storageExplainer)
}

// newError builds an Error; driverErr may be nil for errors the adapter
// detects itself (corruption found by quick_check, for example).
func newError(code sqlite.ExtendedCode, msg, driverName, query string, driverErr error) *Error {
	if msg == "" {
		msg = code.Code().Description()
	}
	return &Error{code: code, msg: msg, driver: driverName, sql: query, err: driverErr}
}

// Code returns the primary result code, e.g. [sqlite.CONSTRAINT].
func (e *Error) Code() sqlite.Code { return e.code.Code() }

// ExtendedCode returns the extended result code, e.g. [sqlite.CONSTRAINT_UNIQUE].
func (e *Error) ExtendedCode() sqlite.ExtendedCode { return e.code }

// Message returns SQLite's message (sqlite3_errmsg) without decoration.
func (e *Error) Message() string { return e.msg }

// Driver returns the name of the driver that reported the error.
func (e *Error) Driver() string { return e.driver }

// SQL returns the statement that failed, if known.
func (e *Error) SQL() string { return e.sql }

// Error formats the message with the code's C name, for example
// "sqlite: UNIQUE constraint failed: t.id (SQLITE_CONSTRAINT_UNIQUE)".
func (e *Error) Error() string {
	s := "sqlite: " + e.msg + " (" + e.code.String() + ")"
	if e.cause != nil {
		s = e.cause.Error() + ": " + s
	}
	return s
}

// Is reports whether target is e's primary or extended code, or
// [ErrFileMoved] for code [sqlite.READONLY_DBMOVED].
func (e *Error) Is(target error) bool {
	if target == ErrFileMoved {
		return e.code == sqlite.READONLY_DBMOVED
	}
	switch t := target.(type) {
	case sqlite.Code:
		return e.Code() == t
	case sqlite.ExtendedCode:
		return e.code == t
	}
	return false
}

// Unwrap returns the context error that ended the operation, if any, the
// driver's original error, and the operating system's error that explains
// it when the adapter found one (an *fs.PathError: errors.Is(err,
// syscall.EROFS) holds for a read-only file system).
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, 3)
	if e.cause != nil {
		errs = append(errs, e.cause)
	}
	if e.err != nil {
		errs = append(errs, e.err)
	}
	if e.sys != nil {
		errs = append(errs, e.sys)
	}
	return errs
}

// withContext marks e as caused by ctx ending, if it has.
func (e *Error) withContext(ctx context.Context) *Error {
	if ctx != nil && e.cause == nil {
		if err := ctx.Err(); err != nil {
			e.cause = err
		}
	}
	return e
}
