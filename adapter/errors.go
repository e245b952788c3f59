package adapter

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
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
	ErrNoStatement = errors.New("adapter: no SQL statement")
	// ErrMultipleStatements is returned by Prepare, Run, Get, All and
	// Iterate for SQL text that holds more than one statement; use Exec for
	// scripts.
	ErrMultipleStatements = errors.New("adapter: more than one SQL statement")
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
	// ErrFileMoved matches an [*Error] with code [ErrReadOnlyDBMoved]: the
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

// ErrorCode is an SQLite primary result code
// (https://sqlite.org/rescode.html). Error codes are errors: compare with
// errors.Is(err, adapter.ErrBusy).
type ErrorCode int

// SQLite primary result codes.
const (
	ErrError      ErrorCode = 1
	ErrInternal   ErrorCode = 2
	ErrPerm       ErrorCode = 3
	ErrAbort      ErrorCode = 4
	ErrBusy       ErrorCode = 5
	ErrLocked     ErrorCode = 6
	ErrNoMem      ErrorCode = 7
	ErrReadOnly   ErrorCode = 8
	ErrInterrupt  ErrorCode = 9
	ErrIOErr      ErrorCode = 10
	ErrCorrupt    ErrorCode = 11
	ErrNotFound   ErrorCode = 12
	ErrFull       ErrorCode = 13
	ErrCantOpen   ErrorCode = 14
	ErrProtocol   ErrorCode = 15
	ErrEmpty      ErrorCode = 16
	ErrSchema     ErrorCode = 17
	ErrTooBig     ErrorCode = 18
	ErrConstraint ErrorCode = 19
	ErrMismatch   ErrorCode = 20
	ErrMisuse     ErrorCode = 21
	ErrNoLFS      ErrorCode = 22
	ErrAuth       ErrorCode = 23
	ErrFormat     ErrorCode = 24
	ErrRange      ErrorCode = 25
	ErrNotADB     ErrorCode = 26
)

var codeNames = map[ErrorCode][2]string{
	ErrError:      {"SQLITE_ERROR", "SQL logic error"},
	ErrInternal:   {"SQLITE_INTERNAL", "internal error"},
	ErrPerm:       {"SQLITE_PERM", "access permission denied"},
	ErrAbort:      {"SQLITE_ABORT", "query aborted"},
	ErrBusy:       {"SQLITE_BUSY", "database is locked"},
	ErrLocked:     {"SQLITE_LOCKED", "database table is locked"},
	ErrNoMem:      {"SQLITE_NOMEM", "out of memory"},
	ErrReadOnly:   {"SQLITE_READONLY", "attempt to write a readonly database"},
	ErrInterrupt:  {"SQLITE_INTERRUPT", "interrupted"},
	ErrIOErr:      {"SQLITE_IOERR", "disk I/O error"},
	ErrCorrupt:    {"SQLITE_CORRUPT", "database disk image is malformed"},
	ErrNotFound:   {"SQLITE_NOTFOUND", "unknown operation"},
	ErrFull:       {"SQLITE_FULL", "database or disk is full"},
	ErrCantOpen:   {"SQLITE_CANTOPEN", "unable to open database file"},
	ErrProtocol:   {"SQLITE_PROTOCOL", "locking protocol"},
	ErrEmpty:      {"SQLITE_EMPTY", "empty"},
	ErrSchema:     {"SQLITE_SCHEMA", "database schema has changed"},
	ErrTooBig:     {"SQLITE_TOOBIG", "string or blob too big"},
	ErrConstraint: {"SQLITE_CONSTRAINT", "constraint failed"},
	ErrMismatch:   {"SQLITE_MISMATCH", "datatype mismatch"},
	ErrMisuse:     {"SQLITE_MISUSE", "bad parameter or other API misuse"},
	ErrNoLFS:      {"SQLITE_NOLFS", "large file support is disabled"},
	ErrAuth:       {"SQLITE_AUTH", "authorization denied"},
	ErrFormat:     {"SQLITE_FORMAT", "format error"},
	ErrRange:      {"SQLITE_RANGE", "column index out of range"},
	ErrNotADB:     {"SQLITE_NOTADB", "file is not a database"},
}

// Error returns SQLite's description of the code.
func (c ErrorCode) Error() string {
	if n, ok := codeNames[c]; ok {
		return "sqlite: " + n[1]
	}
	return "sqlite: result code " + strconv.Itoa(int(c))
}

// String returns the C name of the code, e.g. "SQLITE_BUSY".
func (c ErrorCode) String() string {
	if n, ok := codeNames[c]; ok {
		return n[0]
	}
	return "SQLITE_" + strconv.Itoa(int(c))
}

// ExtendedErrorCode is an SQLite extended result code: the primary code in
// the low 8 bits plus detail (https://sqlite.org/rescode.html#extrc).
type ExtendedErrorCode int

// Frequently tested SQLite extended result codes.
const (
	ErrBusyRecovery         ExtendedErrorCode = ExtendedErrorCode(ErrBusy) | 1<<8
	ErrBusySnapshot         ExtendedErrorCode = ExtendedErrorCode(ErrBusy) | 2<<8
	ErrBusyTimeout          ExtendedErrorCode = ExtendedErrorCode(ErrBusy) | 3<<8
	ErrLockedSharedCache    ExtendedErrorCode = ExtendedErrorCode(ErrLocked) | 1<<8
	ErrReadOnlyRecovery     ExtendedErrorCode = ExtendedErrorCode(ErrReadOnly) | 1<<8
	ErrReadOnlyCantLock     ExtendedErrorCode = ExtendedErrorCode(ErrReadOnly) | 2<<8
	ErrReadOnlyRollback     ExtendedErrorCode = ExtendedErrorCode(ErrReadOnly) | 3<<8
	ErrReadOnlyDBMoved      ExtendedErrorCode = ExtendedErrorCode(ErrReadOnly) | 4<<8
	ErrReadOnlyCantInit     ExtendedErrorCode = ExtendedErrorCode(ErrReadOnly) | 5<<8
	ErrReadOnlyDirectory    ExtendedErrorCode = ExtendedErrorCode(ErrReadOnly) | 6<<8
	ErrIOErrShortRead       ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 2<<8
	ErrIOErrTruncate        ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 6<<8
	ErrIOErrRead            ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 1<<8
	ErrIOErrWrite           ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 3<<8
	ErrIOErrFsync           ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 4<<8
	ErrIOErrFstat           ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 7<<8
	ErrIOErrRdLock          ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 9<<8
	ErrIOErrDeleteNoEnt     ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 23<<8
	ErrIOErrInPage          ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 34<<8
	ErrIOErrLock            ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 15<<8
	ErrIOErrShmOpen         ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 18<<8
	ErrIOErrShmSize         ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 19<<8
	ErrIOErrShmMap          ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 21<<8
	ErrIOErrMmap            ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 24<<8
	ErrIOErrCorruptFS       ExtendedErrorCode = ExtendedErrorCode(ErrIOErr) | 33<<8
	ErrCantOpenNoTempDir    ExtendedErrorCode = ExtendedErrorCode(ErrCantOpen) | 1<<8
	ErrCorruptVTab          ExtendedErrorCode = ExtendedErrorCode(ErrCorrupt) | 1<<8
	ErrCorruptSequence      ExtendedErrorCode = ExtendedErrorCode(ErrCorrupt) | 2<<8
	ErrCorruptIndex         ExtendedErrorCode = ExtendedErrorCode(ErrCorrupt) | 3<<8
	ErrCantOpenIsDir        ExtendedErrorCode = ExtendedErrorCode(ErrCantOpen) | 2<<8
	ErrCantOpenFullPath     ExtendedErrorCode = ExtendedErrorCode(ErrCantOpen) | 3<<8
	ErrConstraintCheck      ExtendedErrorCode = ExtendedErrorCode(ErrConstraint) | 1<<8
	ErrConstraintCommitHook ExtendedErrorCode = ExtendedErrorCode(ErrConstraint) | 2<<8
	ErrConstraintForeignKey ExtendedErrorCode = ExtendedErrorCode(ErrConstraint) | 3<<8
	ErrConstraintFunction   ExtendedErrorCode = ExtendedErrorCode(ErrConstraint) | 4<<8
	ErrConstraintNotNull    ExtendedErrorCode = ExtendedErrorCode(ErrConstraint) | 5<<8
	ErrConstraintPrimaryKey ExtendedErrorCode = ExtendedErrorCode(ErrConstraint) | 6<<8
	ErrConstraintTrigger    ExtendedErrorCode = ExtendedErrorCode(ErrConstraint) | 7<<8
	ErrConstraintUnique     ExtendedErrorCode = ExtendedErrorCode(ErrConstraint) | 8<<8
	ErrConstraintVTab       ExtendedErrorCode = ExtendedErrorCode(ErrConstraint) | 9<<8
	ErrConstraintRowID      ExtendedErrorCode = ExtendedErrorCode(ErrConstraint) | 10<<8
	ErrConstraintDataType   ExtendedErrorCode = ExtendedErrorCode(ErrConstraint) | 12<<8
	ErrAuthUser             ExtendedErrorCode = ExtendedErrorCode(ErrAuth) | 1<<8
	ErrErrorMissingCollSeq  ExtendedErrorCode = ExtendedErrorCode(ErrError) | 1<<8
	ErrErrorRetry           ExtendedErrorCode = ExtendedErrorCode(ErrError) | 2<<8
	ErrErrorSnapshot        ExtendedErrorCode = ExtendedErrorCode(ErrError) | 3<<8
	ErrAbortRollback        ExtendedErrorCode = ExtendedErrorCode(ErrAbort) | 2<<8
)

var extendedNames = map[ExtendedErrorCode]string{
	ErrBusyRecovery: "SQLITE_BUSY_RECOVERY", ErrBusySnapshot: "SQLITE_BUSY_SNAPSHOT", ErrBusyTimeout: "SQLITE_BUSY_TIMEOUT",
	ErrLockedSharedCache: "SQLITE_LOCKED_SHAREDCACHE",
	ErrReadOnlyRecovery:  "SQLITE_READONLY_RECOVERY", ErrReadOnlyCantLock: "SQLITE_READONLY_CANTLOCK",
	ErrReadOnlyRollback: "SQLITE_READONLY_ROLLBACK", ErrReadOnlyDBMoved: "SQLITE_READONLY_DBMOVED",
	ErrReadOnlyCantInit: "SQLITE_READONLY_CANTINIT", ErrReadOnlyDirectory: "SQLITE_READONLY_DIRECTORY",
	ErrIOErrRead: "SQLITE_IOERR_READ", ErrIOErrShortRead: "SQLITE_IOERR_SHORT_READ", ErrIOErrWrite: "SQLITE_IOERR_WRITE",
	ErrIOErrFsync: "SQLITE_IOERR_FSYNC", ErrIOErrTruncate: "SQLITE_IOERR_TRUNCATE", ErrIOErrFstat: "SQLITE_IOERR_FSTAT",
	ErrIOErrLock: "SQLITE_IOERR_LOCK", ErrIOErrRdLock: "SQLITE_IOERR_RDLOCK", ErrIOErrDeleteNoEnt: "SQLITE_IOERR_DELETE_NOENT",
	ErrIOErrInPage: "SQLITE_IOERR_IN_PAGE", ErrIOErrShmOpen: "SQLITE_IOERR_SHMOPEN", ErrIOErrShmSize: "SQLITE_IOERR_SHMSIZE",
	ErrIOErrShmMap: "SQLITE_IOERR_SHMMAP", ErrIOErrMmap: "SQLITE_IOERR_MMAP", ErrIOErrCorruptFS: "SQLITE_IOERR_CORRUPTFS",
	ErrCantOpenNoTempDir: "SQLITE_CANTOPEN_NOTEMPDIR",
	ErrCorruptVTab:       "SQLITE_CORRUPT_VTAB", ErrCorruptSequence: "SQLITE_CORRUPT_SEQUENCE", ErrCorruptIndex: "SQLITE_CORRUPT_INDEX",
	ErrCantOpenIsDir: "SQLITE_CANTOPEN_ISDIR", ErrCantOpenFullPath: "SQLITE_CANTOPEN_FULLPATH",
	ErrConstraintCheck: "SQLITE_CONSTRAINT_CHECK", ErrConstraintCommitHook: "SQLITE_CONSTRAINT_COMMITHOOK",
	ErrConstraintForeignKey: "SQLITE_CONSTRAINT_FOREIGNKEY", ErrConstraintFunction: "SQLITE_CONSTRAINT_FUNCTION",
	ErrConstraintNotNull: "SQLITE_CONSTRAINT_NOTNULL", ErrConstraintPrimaryKey: "SQLITE_CONSTRAINT_PRIMARYKEY",
	ErrConstraintTrigger: "SQLITE_CONSTRAINT_TRIGGER", ErrConstraintUnique: "SQLITE_CONSTRAINT_UNIQUE",
	ErrConstraintVTab: "SQLITE_CONSTRAINT_VTAB", ErrConstraintRowID: "SQLITE_CONSTRAINT_ROWID",
	ErrConstraintDataType: "SQLITE_CONSTRAINT_DATATYPE", ErrAuthUser: "SQLITE_AUTH_USER",
	ErrErrorMissingCollSeq: "SQLITE_ERROR_MISSING_COLLSEQ", ErrErrorRetry: "SQLITE_ERROR_RETRY",
	ErrErrorSnapshot: "SQLITE_ERROR_SNAPSHOT", ErrAbortRollback: "SQLITE_ABORT_ROLLBACK",
}

// Code returns the primary result code.
func (c ExtendedErrorCode) Code() ErrorCode { return ErrorCode(c & 0xff) }

// Error returns SQLite's description of the primary code.
func (c ExtendedErrorCode) Error() string { return c.Code().Error() }

// String returns the C name of the code, e.g. "SQLITE_CONSTRAINT_UNIQUE".
func (c ExtendedErrorCode) String() string {
	if n, ok := extendedNames[c]; ok {
		return n
	}
	if c == ExtendedErrorCode(c.Code()) {
		return c.Code().String()
	}
	return c.Code().String() + "_" + strconv.Itoa(int(c>>8))
}

// Error is an error reported by SQLite, the same on every driver. Test for
// a class of error with errors.Is(err, adapter.ErrBusy) or
// errors.Is(err, adapter.ErrConstraintUnique); errors.As gives the codes
// and message. An Error caused by a cancelled or expired context also
// satisfies errors.Is(err, ctx.Err()).
type Error struct {
	code   ExtendedErrorCode
	msg    string
	driver string
	sql    string
	cause  error // the context's error, when ctx ended the operation
	err    error // the driver's original error
	sys    error // the operating system's error the adapter found (see storageExplainer)
}

// newError builds an Error; driverErr may be nil for errors the adapter
// detects itself (corruption found by quick_check, for example).
func newError(code ExtendedErrorCode, msg, driverName, query string, driverErr error) *Error {
	if msg == "" {
		msg = code.Code().Error()[len("sqlite: "):]
	}
	return &Error{code: code, msg: msg, driver: driverName, sql: query, err: driverErr}
}

// Code returns the primary result code, e.g. [ErrConstraint].
func (e *Error) Code() ErrorCode { return e.code.Code() }

// ExtendedCode returns the extended result code, e.g. [ErrConstraintUnique].
func (e *Error) ExtendedCode() ExtendedErrorCode { return e.code }

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
// [ErrFileMoved] for code [ErrReadOnlyDBMoved].
func (e *Error) Is(target error) bool {
	if target == ErrFileMoved {
		return e.code == ErrReadOnlyDBMoved
	}
	switch t := target.(type) {
	case ErrorCode:
		return e.Code() == t
	case ExtendedErrorCode:
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
