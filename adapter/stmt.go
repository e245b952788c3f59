package adapter

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"sync/atomic"
)

// Stmt is a prepared statement. A Stmt from [DB.Prepare] is safe for
// concurrent use and valid until Close or DB.Close; one from [Tx.Prepare]
// is valid until the transaction ends. Close it when done.
type Stmt struct {
	q      *queries
	st     *statement
	ss     *sql.Stmt
	closed atomic.Bool
}

func (q *queries) prepare(ctx context.Context, query string) (*Stmt, error) {
	st, p, err := q.statement(query)
	if err != nil {
		return nil, q.db.wrapErr(ctx, err, query)
	}
	text := st.ownSQL
	if p != nil {
		if p.setsConnection() {
			return nil, fmt.Errorf("%w: a prepared %s would change whichever pool connection runs it; use DB.Pragma or Options.Pragmas",
				ErrPerConnection, p.SQL())
		}
		text = ownText(p.SQL())
	}
	ss, err := q.ex.PrepareContext(ctx, text)
	if err != nil {
		return nil, q.db.wrapErr(ctx, err, query)
	}
	return &Stmt{q: q, st: st, ss: ss}, nil
}

// SQL returns the statement's text.
func (s *Stmt) SQL() string { return s.st.sql }

// NumParams returns the number of parameters, as
// sqlite3_bind_parameter_count.
func (s *Stmt) NumParams() int { return s.st.params }

// wrapErr is DB.wrapErr for this statement: a call that passed check
// while another goroutine closed the statement gets database/sql's
// "statement is closed", reported as ErrClosed too.
func (s *Stmt) wrapErr(ctx context.Context, err error) error {
	err = s.q.db.wrapErr(ctx, err, s.st.sql)
	if s.closed.Load() && closedBySQL(err) && !errors.Is(err, ErrClosed) {
		return fmt.Errorf("%w: %w", ErrClosed, err)
	}
	return err
}

func (s *Stmt) check() error {
	if s.closed.Load() {
		return ErrClosed
	}
	return s.q.check()
}

// Run runs the statement with args; see [DB.Run].
func (s *Stmt) Run(ctx context.Context, args ...any) (Result, error) {
	if err := s.check(); err != nil {
		return Result{}, err
	}
	if s.st.kind == kindQuery {
		rows, err := s.rows(ctx, args)
		if err != nil {
			return Result{}, err
		}
		defer rows.Close()
		for rows.Next() {
		}
		return Result{}, s.wrapErr(ctx, rows.Err())
	}
	xargs := expandArgs(args)
	if err := checkNames(xargs); err != nil {
		return Result{}, s.wrapErr(ctx, err)
	}
	res, err := s.ss.ExecContext(ctx, xargs...)
	if err != nil {
		return Result{}, s.wrapErr(ctx, err)
	}
	return resultOf(s.st, res), nil
}

func (s *Stmt) rows(ctx context.Context, args []any) (*sql.Rows, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	xargs := expandArgs(args)
	if err := checkNames(xargs); err != nil {
		return nil, s.wrapErr(ctx, err)
	}
	rows, err := s.ss.QueryContext(ctx, xargs...)
	if err != nil {
		return nil, s.wrapErr(ctx, err)
	}
	return rows, nil
}

// checkNames refuses an sql.Named argument whose name database/sql
// rejects, as the adapter's other paths do (ErrArgument), before
// database/sql reports it as a bare error.
func checkNames(args []any) error {
	for _, a := range args {
		if np, ok := a.(sql.NamedArg); ok {
			if err := validateNamedValueName(np.Name); err != nil {
				return fmt.Errorf("%w: %w", ErrArgument, err)
			}
		}
	}
	return nil
}

// Get reads the first row into dest; see [DB.Get].
func (s *Stmt) Get(ctx context.Context, dest any, args ...any) error {
	return s.read(ctx, dest, args, false)
}

// All reads every row into dest; see [DB.All].
func (s *Stmt) All(ctx context.Context, dest any, args ...any) error {
	return s.read(ctx, dest, args, true)
}

// read is queries.read for the statement: it passes its rows to scanAll
// (all) or scanOne.
func (s *Stmt) read(ctx context.Context, dest any, args []any, all bool) error {
	if err := s.check(); err != nil {
		return err
	}
	if _, err := destTargetFor(dest, all, s.st); err != nil {
		return s.wrapErr(ctx, err)
	}
	ctx, mark := markWrites(ctx, s.st.kind)
	rows, err := s.rows(ctx, args)
	if err != nil {
		return err
	}
	src := newSQLSource(rows, mark)
	if all {
		return s.wrapErr(ctx, scanAll(src, dest))
	}
	return s.wrapErr(ctx, scanOne(src, dest))
}

// Iterate yields the rows one at a time; breaking out of the loop releases
// the statement. See [DB.Iterate].
func (s *Stmt) Iterate(ctx context.Context, args ...any) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		if s.st.kind.isDML() {
			iterateWrite(s.st,
				func() error { _, err := s.Run(ctx, args...); return err },
				func(rows *[]Row) error { return s.All(ctx, rows, args...) }, yield)
			return
		}
		rows, err := s.rows(ctx, args)
		if err != nil {
			yield(nil, err)
			return
		}
		iterateRows(ctx, s.q.db, s.st.sql, newSQLSource(rows, nil), yield)
	}
}

// Close releases the statement. It is idempotent.
func (s *Stmt) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.ss.Close()
}
