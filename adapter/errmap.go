package adapter

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// wrapErr turns a driver error into an *Error with the same codes on every
// driver, marks errors caused by ctx so errors.Is(err, ctx.Err()) holds,
// maps use after Close to ErrClosed, and explains a missing FTS5 module.
func (db *DB) wrapErr(ctx context.Context, err error, query string) error {
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
	if code, msg, ok := db.drv.DecodeError(err); ok {
		e = newError(code, msg, db.drv.Info().Name, query, err).withContext(ctx)
		if strings.Contains(msg, "no such module: fts5") {
			if s := db.info.Features[FeatureFTS5]; !s.OK && s.Reason != "" {
				e.msg += " (" + s.Reason + ")"
			}
		}
		return e
	}
	if ctx != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		return fmt.Errorf("%w: %w", ctx.Err(), err)
	}
	if db.closed.Load() && (errors.Is(err, sql.ErrConnDone) || err.Error() == "sql: database is closed" || err.Error() == "sql: statement is closed") {
		return fmt.Errorf("%w: %w", ErrClosed, err)
	}
	return err
}
