package adapter

import (
	"context"
	"sync"
)

// A writing statement read by Get or All (INSERT, UPDATE or DELETE with a
// RETURNING clause) has made its changes by the time its first row can be
// read; SQLite commits them when the statement is reset. When the rows
// cannot be stored into the destination (a column it has no place for, a
// NULL into a string, a Scanner's error), the call returns that error,
// and an error from a call means it changed nothing. So the adapter
// abandons the statement: closing its rows undoes it, as when the call's
// context ends before the last row (stmtRows.Close). Outside a
// transaction the connection is interrupted before the reset, so the
// commit is refused; inside one, the transaction (or its innermost
// savepoint) is rolled back, as it is for an interrupted statement.

// abandonMark carries, from the reader of a writing statement's rows to
// the rows, the error that abandons the statement (err); and back, the
// error with which closing the rows undid the statement (undone), for
// rows read through database/sql, which closes them from its own
// goroutine when their context ends and then drops that error. That
// goroutine and the reader's may use a mark at once, hence its lock.
type abandonMark struct {
	mu          sync.Mutex
	err, undone error
}

// set stores err into *field under the mark's lock.
func (m *abandonMark) set(field *error, err error) {
	m.mu.Lock()
	*field = err
	m.mu.Unlock()
}

// get returns *field under the mark's lock.
func (m *abandonMark) get(field *error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return *field
}

// abandonKey is the context key of an *abandonMark, for rows read through
// database/sql, which the adapter reaches only through the context it
// passes on.
type abandonKey struct{}

// markWrites returns ctx carrying a new mark, and the mark, when a
// statement of kind k writes; else ctx and nil.
func markWrites(ctx context.Context, k stmtKind) (context.Context, *abandonMark) {
	if !k.isDML() {
		return ctx, nil
	}
	m := &abandonMark{}
	return context.WithValue(ctx, abandonKey{}, m), m
}

// writeMark returns the mark ctx carries, if any.
func writeMark(ctx context.Context) *abandonMark {
	m, _ := ctx.Value(abandonKey{}).(*abandonMark)
	return m
}

// abandon marks the rows' statement abandoned with err, the error the
// call returns: closing the rows undoes its changes.
func (r *stmtRows) abandon(err error) {
	if r.mark == nil {
		r.mark = &abandonMark{}
	}
	r.mark.set(&r.mark.err, err)
}

// abandoned returns the error that abandoned the rows' statement, if it
// writes and was abandoned.
func (r *stmtRows) abandoned() error {
	if r.mark == nil || !r.s.kind.isDML() {
		return nil
	}
	return r.mark.get(&r.mark.err)
}

// refused is how a reader reports err, an error storing rows into its
// destination: it abandons src's statement and returns err.
func refused(src source, err error) error {
	src.abandon(err)
	return err
}
