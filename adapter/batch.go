package adapter

import (
	"context"
	"database/sql/driver"
	"fmt"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// Statement is one statement of a [DB.Batch] and its arguments, bound as
// for [DB.Run].
type Statement struct {
	SQL  string
	Args []any
}

// Batch runs stmts atomically, in order, and returns what each changed.
// nil means every statement was applied; an error means none was (on a
// remote engine, an error wrapping [ErrOutcomeUnknown] means the outcome
// could not be known). It is the portable way to write several statements
// at once: a local driver runs them in an IMMEDIATE transaction, a remote
// engine without interactive transactions (rqlite) in one atomic request.
// Each statement is one statement, not a transaction control statement
// and not a query: use Run for RETURNING.
func (db *DB) Batch(ctx context.Context, stmts ...Statement) ([]Result, error) {
	if db.closed.Load() {
		return nil, ErrClosed
	}
	parsed := make([]*statement, len(stmts))
	for i, s := range stmts {
		st, p, err := db.statement(s.SQL)
		if err == nil && (p != nil || st.kind == kindQuery) {
			err = fmt.Errorf("%w: statement %d of a batch must be a write, not %.40q", ErrArgument, i+1, s.SQL)
		}
		if err != nil {
			return nil, db.wrapErr(ctx, err, s.SQL)
		}
		parsed[i] = st
	}
	var out []Result
	err := db.onConn(ctx, func(cn *conn) error {
		b, ok := cn.inner.(contract.Batcher)
		if !ok {
			return errNoBatcher
		}
		var err error
		out, err = cn.batch(ctx, b, stmts, parsed)
		return err
	})
	if err == errNoBatcher {
		out, err = db.batchInTransaction(ctx, stmts)
	}
	return out, db.wrapErr(ctx, err, "")
}

// errNoBatcher says the connection runs batches as transactions.
var errNoBatcher = fmt.Errorf("adapter: no batcher")

// batch binds the statements' arguments on cn and runs them with b.
func (cn *conn) batch(ctx context.Context, b contract.Batcher, stmts []Statement, parsed []*statement) ([]Result, error) {
	batch := make([]contract.Statement, len(stmts))
	for i, s := range stmts {
		nvs, err := cn.namedValues(expandArgs(s.Args))
		if err != nil {
			return nil, err
		}
		args, err := bindArgs(parsed[i].params, parsed[i].names, append([]driver.NamedValue(nil), nvs...))
		cn.clearArgs()
		if err != nil {
			return nil, fmt.Errorf("statement %d: %w", i+1, err)
		}
		batch[i] = contract.Statement{SQL: parsed[i].sql, Args: args}
	}
	res, err := b.Batch(ctx, batch)
	if err != nil {
		return nil, cn.decode(err, "")
	}
	out := make([]Result, len(res))
	for i, r := range res {
		out[i] = resultOf(parsed[i], r)
	}
	return out, nil
}

// batchInTransaction runs stmts in an IMMEDIATE transaction.
func (db *DB) batchInTransaction(ctx context.Context, stmts []Statement) ([]Result, error) {
	out := make([]Result, len(stmts))
	err := db.ImmediateTransaction(ctx, func(tx *Tx) error {
		for i, s := range stmts {
			r, err := tx.Run(ctx, s.SQL, s.Args...)
			if err != nil {
				return fmt.Errorf("statement %d: %w", i+1, err)
			}
			out[i] = r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
