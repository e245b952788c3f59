package driver

import (
	"context"
	"database/sql/driver"
)

// Statement is one statement of a batch, with its arguments already
// converted and bound by index as for any statement.
type Statement struct {
	SQL  string
	Args []driver.NamedValue
}

// Batcher is implemented by a connection that runs a batch of statements
// atomically itself (in one request, for a remote engine). Batch applies
// all of stmts or none: it returns their results in order and nil only if
// every statement was applied, and an error only if none was. Without
// Batcher the adapter runs a batch in an IMMEDIATE transaction.
type Batcher interface {
	Batch(ctx context.Context, stmts []Statement) ([]driver.Result, error)
}
