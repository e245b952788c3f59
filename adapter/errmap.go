package adapter

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// wrapErr is decodeErr for this database, and also maps use after Close to
// ErrClosed, explains a missing FTS5 module and a write the storage
// refused (storageExplainer).
func (db *DB) wrapErr(ctx context.Context, err error, query string) error {
	if err == nil {
		return nil
	}
	err = db.conn.storage.explain(decodeErr(ctx, db.drv, err, query))
	var e *Error
	if errors.As(err, &e) && strings.Contains(e.msg, "no such module: fts5") {
		if s := db.info.Features[FeatureFTS5]; !s.OK && s.Reason != "" && !strings.Contains(e.msg, s.Reason) {
			e.msg += " (" + s.Reason + ")"
		}
	}
	if db.closed.Load() && closedBySQL(err) && !errors.Is(err, ErrClosed) {
		return fmt.Errorf("%w: %w", ErrClosed, err)
	}
	return err
}

// closedBySQL reports whether err is database/sql's refusal of a closed
// database, connection or statement (it exports only ErrConnDone).
func closedBySQL(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, sql.ErrConnDone) {
		return true
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if m := e.Error(); m == "sql: database is closed" || m == "sql: statement is closed" {
			return true
		}
	}
	return false
}

// decodeErr turns a driver error into an *Error with the same codes on
// every driver. An error that a context's end caused, wherever it arose
// (the adapter's interrupt, database/sql's own check of the context), is
// an *Error with code sqlite.INTERRUPT that also satisfies
// errors.Is(err, ctx.Err()) (see interrupt.go).
func decodeErr(ctx context.Context, d contract.Driver, err error, query string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		if e.code.Code() == sqlite.INTERRUPT {
			e.withContext(ctx)
		}
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return interruptedError(d, contextCause(ctx, err), err)
	}
	if strings.HasPrefix(err.Error(), "sql: expected ") && strings.Contains(err.Error(), " arguments, got ") {
		// database/sql's own count check of a prepared statement.
		return fmt.Errorf("%w: %w", ErrArgument, err)
	}
	if code, msg, ok := d.DecodeError(err); ok {
		e := newError(code, msg, d.Info().Name, query, err)
		if code.Code() == sqlite.INTERRUPT {
			e.withContext(ctx)
		}
		return e
	}
	if ctx != nil && ctx.Err() != nil && !errors.Is(err, ErrClosed) {
		// database/sql's refusal of a transaction or rows its watch of
		// the context ended.
		return interruptedError(d, ctx.Err(), err)
	}
	return err
}

// contextCause returns the context error err carries: ctx's own if it is
// one, else the first context error in err's chain.
func contextCause(ctx context.Context, err error) error {
	if ctx != nil {
		if cerr := ctx.Err(); cerr != nil && errors.Is(err, cerr) {
			return cerr
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return context.DeadlineExceeded
	}
	return context.Canceled
}
