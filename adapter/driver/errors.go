package driver

import "errors"

// Errors a driver returns from PrepareContext, wrapped with detail, which
// the adapter passes on to the application.
var (
	// ErrNoStatement is for SQL text that holds no statement (empty, or
	// only comments).
	ErrNoStatement = errors.New("adapter: no SQL statement")
	// ErrMultipleStatements is for SQL text that holds more than one
	// statement.
	ErrMultipleStatements = errors.New("adapter: more than one SQL statement")
)
