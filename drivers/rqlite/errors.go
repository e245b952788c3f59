package rqlite

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// Errors of the client. Returned errors wrap them with detail; test with
// [errors.Is].
var (
	// ErrOutcomeUnknown is returned for a write whose request reached the
	// cluster but whose outcome could not be learned before the resolve
	// deadline (Options.ResolveTimeout): it may or may not have been
	// applied. It is never returned for a write known to be applied or
	// known not to be. Only an unavailable cluster, or a write that gave
	// up its bookkeeping (see [Client.Exec]), produces it. It wraps the
	// adapter's contract.ErrOutcomeUnknown (adapter.ErrOutcomeUnknown).
	ErrOutcomeUnknown = fmt.Errorf("rqlite: outcome of the write is unknown (%w)", contract.ErrOutcomeUnknown)
	// ErrResultLost is returned for a write that was applied but whose
	// rows could not be returned: the response of an INSERT/UPDATE/DELETE
	// ... RETURNING was lost with the connection, or rqlite's SQL parser
	// did not recognise the statement and dropped its RETURNING rows.
	// Since the error does not mean "nothing changed", it wraps
	// [ErrOutcomeUnknown], the one exception to that rule, and so
	// contract.ErrOutcomeUnknown.
	ErrResultLost = fmt.Errorf("rqlite: write applied, its result rows are lost (%w)", ErrOutcomeUnknown)
	// ErrUnsupportedValue is returned, before anything is sent, for an
	// argument rqlite's JSON API cannot carry faithfully: ±Inf, TEXT that
	// is not valid UTF-8, or TEXT that rqlite would read as a BLOB literal
	// (X'...'). It wraps [errors.ErrUnsupported].
	ErrUnsupportedValue = fmt.Errorf("rqlite: value cannot be sent through rqlite's API (%w)", errors.ErrUnsupported)
	// ErrUnavailable is returned when no node could serve the request
	// before the retry window (Options.RetryTimeout) or the context ended.
	// A write that fails with it was not applied.
	ErrUnavailable = errors.New("rqlite: cluster unavailable")
	// ErrTxControl is returned for BEGIN, COMMIT, ROLLBACK, END, SAVEPOINT
	// and RELEASE: rqlite has no interactive transactions (see
	// [Client.Batch] for atomic requests).
	// It wraps [errors.ErrUnsupported].
	ErrTxControl = fmt.Errorf("rqlite: transaction control statements are not supported; use Batch (%w)", errors.ErrUnsupported)
	// ErrClosed is returned by a Client used after Close.
	ErrClosed = errors.New("rqlite: client closed")
)

// Error is an error reported by rqlite for one statement, or for the
// whole request. The write it belongs to was not applied.
type Error struct {
	// Code is the SQLite extended result code the message identifies
	// (https://sqlite.org/rescode.html), or 0 when rqlite's message text
	// does not tell it (rqlite reports SQLite errors as text only).
	Code int
	// Message is rqlite's error text: sqlite3_errmsg for SQLite errors.
	Message string
	// Statement is the index of the failing statement in the request, or
	// -1 for an error of the whole request.
	Statement int

	// guessed is set when Code is SQLITE_ERROR because the message is
	// none of those the table knows (see statementError).
	guessed bool
}

// Error returns the message, prefixed with "rqlite: ".
func (e *Error) Error() string { return "rqlite: " + e.Message }

// DecodeError reports the SQLite extended result code and message of an
// *Error anywhere in err's chain. ok is false for other errors and for an
// *Error whose code is unknown.
func DecodeError(err error) (code int, msg string, ok bool) {
	var e *Error
	if !errors.As(err, &e) || e.Code == 0 {
		return 0, "", false
	}
	return e.Code, e.Message, true
}

// SQLite result codes used by the message table.
const (
	codeError              = 1
	codeAbort              = 4
	codeBusy               = 5
	codeLocked             = 6
	codeNoMem              = 7
	codeReadOnly           = 8
	codeInterrupt          = 9
	codeIOErr              = 10
	codeCorrupt            = 11
	codeFull               = 13
	codeCantOpen           = 14
	codeTooBig             = 18
	codeConstraint         = 19
	codeMismatch           = 20
	codeMisuse             = 21
	codeAuth               = 23
	codeRange              = 25
	codeNotADB             = 26
	codeConstraintCheck    = codeConstraint | 1<<8
	codeConstraintFK       = codeConstraint | 3<<8
	codeConstraintNotNull  = codeConstraint | 5<<8
	codeConstraintDataType = codeConstraint | 12<<8
)

// messageCode maps sqlite3_errmsg text, as rqlite relays it, to the code
// SQLite gave with it. Only messages that one code alone produces are
// listed: "UNIQUE constraint failed" is SQLITE_CONSTRAINT_UNIQUE or
// SQLITE_CONSTRAINT_PRIMARYKEY, so it maps to the primary code
// SQLITE_CONSTRAINT; a RAISE() message in a trigger is the user's text and
// maps to nothing.
var messageCode = []struct {
	prefix, contains string
	code             int
}{
	{prefix: "UNIQUE constraint failed: ", code: codeConstraint},
	{prefix: "NOT NULL constraint failed: ", code: codeConstraintNotNull},
	{prefix: "CHECK constraint failed: ", code: codeConstraintCheck},
	{prefix: "FOREIGN KEY constraint failed", code: codeConstraintFK},
	{prefix: "cannot store ", contains: " value in ", code: codeConstraintDataType},
	{prefix: "datatype mismatch", code: codeMismatch},
	{prefix: "near \"", contains: "\": syntax error", code: codeError},
	{prefix: "incomplete input", code: codeError},
	{prefix: "unrecognized token: ", code: codeError},
	{prefix: "no such table: ", code: codeError},
	{prefix: "no such column: ", code: codeError},
	{prefix: "no such function: ", code: codeError},
	{prefix: "no such index: ", code: codeError},
	{prefix: "no such trigger: ", code: codeError},
	{prefix: "no such view: ", code: codeError},
	{prefix: "no such module: ", code: codeError},
	{prefix: "no such collation sequence: ", code: codeError | 1<<8},
	{prefix: "ambiguous column name: ", code: codeError},
	{prefix: "table ", contains: " already exists", code: codeError},
	{prefix: "index ", contains: " already exists", code: codeError},
	{prefix: "view ", contains: " already exists", code: codeError},
	{prefix: "trigger ", contains: " already exists", code: codeError},
	{prefix: "wrong number of arguments to function ", code: codeError},
	{prefix: "misuse of aggregate", code: codeError},
	{prefix: "too many SQL variables", code: codeError},
	{prefix: "integer overflow", code: codeError},
	{prefix: "malformed JSON", code: codeError},
	{prefix: "SELECTs to the left and right of ", code: codeError},
	{prefix: "cannot start a transaction within a transaction", code: codeError},
	{prefix: "cannot commit - no transaction is active", code: codeError},
	{prefix: "cannot rollback - no transaction is active", code: codeError},
	{prefix: "cannot VACUUM from within a transaction", code: codeError},
	{prefix: "string or blob too big", code: codeTooBig},
	{prefix: "database is locked", code: codeBusy},
	{prefix: "database table is locked", code: codeLocked},
	{prefix: "attempt to write a readonly database", code: codeReadOnly},
	{prefix: "interrupted", code: codeInterrupt},
	{prefix: "out of memory", code: codeNoMem},
	{prefix: "disk I/O error", code: codeIOErr},
	{prefix: "database disk image is malformed", code: codeCorrupt},
	{prefix: "database or disk is full", code: codeFull},
	{prefix: "unable to open database file", code: codeCantOpen},
	{prefix: "file is not a database", code: codeNotADB},
	{prefix: "query aborted", code: codeAbort},
	{prefix: "column index out of range", code: codeRange},
	{prefix: "bad parameter or other API misuse", code: codeMisuse},
	{prefix: "authorization denied", code: codeAuth},
	{prefix: "not authorized", code: codeAuth},
	// rqlite's own, when a query outlives its db_timeout: SQLite was
	// interrupted (sqlite3_interrupt through the context).
	{prefix: "query timeout", code: codeInterrupt},
}

// rqliteOwn are messages rqlite gives for a statement itself, not SQLite:
// they carry no SQLite code.
var rqliteOwn = []string{errQueryWrites, "execute timeout", "disallowed pragma"}

// codeOf returns the SQLite extended result code msg identifies, or 0.
func codeOf(msg string) int {
	for _, m := range messageCode {
		if strings.HasPrefix(msg, m.prefix) && (m.contains == "" || strings.Contains(msg[len(m.prefix):], m.contains)) {
			return m.code
		}
	}
	return 0
}

// statementError builds the *Error for rqlite's message about statement i.
// A message the table does not know is taken for SQLITE_ERROR, the code of
// almost every other message SQLite gives (every error of compiling, and
// those of SQL functions), unless rqlite itself wrote it; the driver
// refines that guess for a trigger's RAISE (see conn.refine).
func statementError(i int, msg string) *Error {
	code := codeOf(msg)
	guessed := false
	if code == 0 && !slices.Contains(rqliteOwn, msg) {
		code, guessed = codeError, true
	}
	return &Error{Code: code, Message: msg, Statement: i, guessed: guessed}
}
