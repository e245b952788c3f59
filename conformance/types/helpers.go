package types

import (
	"context"
	"errors"
	"fmt"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/google/go-cmp/cmp"
)

// valueTable is the Setup of the round-trip cases: a column without a
// declared type, so SQLite applies no affinity and stores each value as
// it is bound.
const valueTable = "CREATE TABLE v(id INTEGER PRIMARY KEY, x)"

// storeAndRead returns an Action that binds v into column x of valueTable,
// reads the row back and returns the value and its storage class as
// {"x", "type"}; with lengths it adds length(x) as "chars" and the size in
// bytes as "bytes". The value read into an *any must equal the one in the
// Row.
func storeAndRead(v any, lengths bool) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		if _, err := e.DB.Run(ctx, "INSERT INTO v(id, x) VALUES (1, ?)", v); err != nil {
			return nil, err
		}
		q := "SELECT x, typeof(x) AS type FROM v WHERE id = 1"
		if lengths {
			q = "SELECT x, typeof(x) AS type, length(x) AS chars, length(CAST(x AS BLOB)) AS bytes FROM v WHERE id = 1"
		}
		var row adapter.Row
		if err := e.DB.Get(ctx, &row, q); err != nil {
			return nil, err
		}
		var a any
		if err := e.DB.Get(ctx, &a, "SELECT x FROM v WHERE id = 1"); err != nil {
			return nil, err
		}
		if !cmp.Equal(a, row["x"]) {
			return nil, spec.Failf("read into *any: %#v, into a Row: %#v", a, row["x"])
		}
		return row, nil
	}
}

// scanInto returns an Action that runs query and reads its first row into
// a new T with Get, returning the T.
func scanInto[T any](query string, args ...any) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		var dst T
		if err := e.DB.Get(ctx, &dst, query, args...); err != nil {
			return nil, err
		}
		return dst, nil
	}
}

// typeName is the Go type of v as %T prints it, for results that show
// what a value was read as.
func typeName(v any) string { return fmt.Sprintf("%T", v) }

// isDestination reports whether err is the adapter's ErrDestination.
func isDestination(err error) bool { return errors.Is(err, adapter.ErrDestination) }
