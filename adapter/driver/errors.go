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

// ErrOutcomeUnknown is wrapped by the error of a write whose outcome a
// remote driver cannot know (the connection to the engine broke after the
// request was sent, and the engine could not be asked afterwards). It is
// the one exception to "an error means nothing changed": the write may or
// may not have been applied. Local drivers never return it.
var ErrOutcomeUnknown = errors.New("adapter: outcome unknown")
