package adapter

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// wrapErr is decodeErr for this database, and also maps use after Close to
// ErrClosed and explains a missing FTS5 module.
func (db *DB) wrapErr(ctx context.Context, err error, query string) error {
	err = decodeErr(ctx, db.drv, err, query)
	var e *Error
	if errors.As(err, &e) && strings.Contains(e.msg, "no such module: fts5") {
		if s := db.info.Features[FeatureFTS5]; !s.OK && s.Reason != "" && !strings.Contains(e.msg, s.Reason) {
			e.msg += " (" + s.Reason + ")"
		}
	}
	if err != nil && db.closed.Load() && !errors.Is(err, ErrClosed) &&
		(errors.Is(err, sql.ErrConnDone) || err.Error() == "sql: database is closed" || err.Error() == "sql: statement is closed") {
		return fmt.Errorf("%w: %w", ErrClosed, err)
	}
	return err
}

// decodeErr turns a driver error into an *Error with the same codes on
// every driver, and marks errors caused by ctx so errors.Is(err, ctx.Err())
// holds.
func decodeErr(ctx context.Context, d Driver, err error, query string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e.withContext(ctx)
	}
	if strings.HasPrefix(err.Error(), "sql: expected ") && strings.Contains(err.Error(), " arguments, got ") {
		// database/sql's own count check of a prepared statement.
		return fmt.Errorf("%w: %w", ErrArgument, err)
	}
	if code, msg, ok := d.DecodeError(err); ok {
		return newError(code, msg, d.Info().Name, query, err).withContext(ctx)
	}
	if ctx != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		return fmt.Errorf("%w: %w", ctx.Err(), err)
	}
	return err
}
