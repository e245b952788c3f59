package adapter

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"
)

// conn wraps one driver connection for database/sql. It converts bound
// values to the adapter's storage rules (CheckNamedValue), caches prepared
// statements, enforces the argument count on every driver, keeps the
// connection's settings current, and runs transactions with plain SQL so
// that BEGIN modes behave the same everywhere.
type conn struct {
	c     *connector
	inner driver.Conn
	prep  driver.ConnPrepareContext
	cache *stmtCache
	gen   uint64 // generation of connector.later applied

	// args is reused by namedValues for the arguments of the adapter's
	// own statements (see queries.onConn), which run one at a time under
	// database/sql's lock of the connection.
	args []driver.NamedValue
	// src is the reader of the adapter's own result sets (see source).
	src driverSource
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
)

// connStmt is a prepared statement of one connection, cached or private.
type connStmt struct {
	cn       *conn
	inner    driver.Stmt
	query    string
	numInput int
	insert   bool // an INSERT or REPLACE: reset the last insert rowid first
	inUse    bool
	cached   bool
	closed   bool

	prev, next *connStmt // stmtCache list
}

var (
	_ driver.Stmt             = (*connStmt)(nil)
	_ driver.StmtExecContext  = (*connStmt)(nil)
	_ driver.StmtQueryContext = (*connStmt)(nil)
)

// stmt returns a statement for query, from the cache when it is idle there.
func (cn *conn) stmt(ctx context.Context, query string) (*connStmt, error) {
	if s := cn.cache.take(query); s != nil {
		return s, nil
	}
	ds, err := cn.prep.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	st := newStatement(query)
	n := ds.NumInput()
	if n < 0 {
		n = st.params
	}
	s := &connStmt{cn: cn, inner: ds, query: query, numInput: n, inUse: true, insert: st.kind == kindInsert}
	cached, evicted := cn.cache.add(s)
	s.cached = cached
	if evicted != nil {
		evicted.closed = true
		evicted.inner.Close()
	}
	return s, nil
}

// Close returns a cached statement to the cache, or closes a private one.
func (s *connStmt) Close() error {
	s.inUse = false
	if s.cached || s.closed {
		return nil
	}
	s.closed = true
	return s.inner.Close()
}

// NumInput returns the statement's parameter count, which database/sql
// checks against the number of arguments.
func (s *connStmt) NumInput() int { return s.numInput }

func (s *connStmt) Exec([]driver.Value) (driver.Result, error) { return nil, driver.ErrSkip }
func (s *connStmt) Query([]driver.Value) (driver.Rows, error)  { return nil, driver.ErrSkip }

// ExecContext runs the statement.
func (s *connStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.insert {
		if r, ok := s.cn.c.drv.(RowIDResetter); ok {
			if err := r.ResetLastInsertRowID(s.cn.inner); err != nil {
				return nil, err
			}
		}
	}
	return s.inner.(driver.StmtExecContext).ExecContext(ctx, args)
}

// QueryContext runs the statement and returns its rows.
func (s *connStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.inner.(driver.StmtQueryContext).QueryContext(ctx, args)
}

// checkArgs reports a wrong argument count, as database/sql does for
// prepared statements, for the conn-level Exec and Query paths too.
func (s *connStmt) checkArgs(args []driver.NamedValue) error {
	if len(args) != s.numInput {
		return fmt.Errorf("%w: statement has %d parameters, got %d arguments", ErrArgument, s.numInput, len(args))
	}
	return nil
}

// PrepareContext returns a statement owned by a *sql.Stmt until it closes.
func (cn *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return cn.stmt(ctx, query)
}

// Prepare is PrepareContext without a context.
func (cn *conn) Prepare(query string) (driver.Stmt, error) {
	return cn.PrepareContext(context.Background(), query)
}

// ExecContext runs query through the statement cache.
func (cn *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, err := cn.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.checkArgs(args); err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args)
}

// QueryContext runs query through the statement cache; the statement stays
// in use until the rows are closed.
func (cn *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := cn.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if err := s.checkArgs(args); err != nil {
		s.Close()
		return nil, err
	}
	rows, err := s.QueryContext(ctx, args)
	if err != nil {
		s.Close()
		return nil, err
	}
	return &stmtRows{Rows: rows, s: s}, nil
}

// stmtRows releases its statement on Close.
type stmtRows struct {
	driver.Rows
	s *connStmt
}

func (r *stmtRows) Close() error {
	err := r.Rows.Close()
	r.s.Close()
	return err
}

// Columns returns a copy of the driver's column names: database/sql hands
// them to its callers, who may change them, and a driver may return the
// same slice for every execution of a statement.
func (r *stmtRows) Columns() []string { return slices.Clone(r.Rows.Columns()) }

// ColumnTypeDatabaseTypeName returns the declared type, if the driver tells.
func (r *stmtRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

// namedValues converts args for a statement on this connection exactly as
// database/sql does before it calls the driver (driverArgsConnLocked with
// the connection's CheckNamedValue), with the same errors. The result
// reuses cn.args: the caller clears it (clearArgs) once the driver has
// bound the values.
func (cn *conn) namedValues(args []any) ([]driver.NamedValue, error) {
	if cap(cn.args) < len(args) {
		cn.args = make([]driver.NamedValue, max(len(args), 8))
	}
	nvs := cn.args[:len(args)]
	for n, arg := range args {
		nv := &nvs[n]
		nv.Name = ""
		if np, ok := arg.(sql.NamedArg); ok {
			if err := validateNamedValueName(np.Name); err != nil {
				clear(nvs)
				return nil, err
			}
			arg = np.Value
			nv.Name = np.Name
		}
		nv.Ordinal = n + 1
		nv.Value = arg
		if err := cn.CheckNamedValue(nv); err != nil {
			err = fmt.Errorf("sql: converting argument %s type: %w", describeNamedValue(nv), err)
			clear(nvs)
			return nil, err
		}
	}
	return nvs, nil
}

// clearArgs drops the references namedValues kept.
func (cn *conn) clearArgs() { clear(cn.args) }

// validateNamedValueName is database/sql's check of an sql.Named name.
func validateNamedValueName(name string) error {
	if len(name) == 0 {
		return nil
	}
	r, _ := utf8.DecodeRuneInString(name)
	if unicode.IsLetter(r) {
		return nil
	}
	return fmt.Errorf("name %q does not begin with a letter", name)
}

// describeNamedValue names an argument as database/sql's errors do.
func describeNamedValue(nv *driver.NamedValue) string {
	if len(nv.Name) == 0 {
		return fmt.Sprintf("$%d", nv.Ordinal)
	}
	return fmt.Sprintf("with name %q", nv.Name)
}

// CheckNamedValue converts every argument with bindValue, so each driver
// stores the same thing.
func (cn *conn) CheckNamedValue(nv *driver.NamedValue) error {
	v, err := bindValue(nv.Value)
	if err != nil {
		if nv.Name != "" {
			return fmt.Errorf("argument %q: %w", nv.Name, err)
		}
		return fmt.Errorf("argument %d: %w", nv.Ordinal, err)
	}
	nv.Value = v
	return nil
}

// BeginTx serves database/sql users of DB.SQL: BEGIN DEFERRED, or BEGIN
// IMMEDIATE for sql.LevelLinearizable; a read-only transaction sets
// PRAGMA query_only for its duration.
func (cn *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	begin := "BEGIN"
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault, sql.LevelSerializable:
	case sql.LevelLinearizable:
		begin = "BEGIN IMMEDIATE"
	default:
		return nil, fmt.Errorf("adapter: isolation level %v is not supported (SQLite transactions are serializable)", sql.IsolationLevel(opts.Isolation))
	}
	if _, err := cn.ExecContext(ctx, begin, nil); err != nil {
		return nil, err
	}
	t := &connTx{cn: cn, readOnly: opts.ReadOnly}
	if opts.ReadOnly {
		if _, err := cn.ExecContext(ctx, "PRAGMA query_only = ON", nil); err != nil {
			t.Rollback()
			return nil, err
		}
	}
	return t, nil
}

// Begin is BeginTx with default options.
func (cn *conn) Begin() (driver.Tx, error) {
	return cn.BeginTx(context.Background(), driver.TxOptions{})
}

type connTx struct {
	cn       *conn
	readOnly bool
}

func (t *connTx) end(query string) error {
	_, err := t.cn.ExecContext(context.Background(), query, nil)
	if t.readOnly {
		if _, err2 := t.cn.ExecContext(context.Background(), "PRAGMA query_only = OFF", nil); err == nil {
			err = err2
		}
	}
	return err
}

func (t *connTx) Commit() error   { return t.end("COMMIT") }
func (t *connTx) Rollback() error { return t.end("ROLLBACK") }

// ResetSession brings the connection's settings up to date before reuse.
func (cn *conn) ResetSession(ctx context.Context) error {
	if ps, gen := cn.c.pending(cn.gen); ps != nil {
		for _, p := range ps {
			if _, _, err := cn.applyPragma(ctx, p); err != nil {
				return errors.Join(driver.ErrBadConn, err)
			}
		}
		cn.gen = gen
	}
	if r, ok := cn.inner.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

// IsValid reports whether the connection can be reused.
func (cn *conn) IsValid() bool {
	if v, ok := cn.inner.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

// Ping checks the connection.
func (cn *conn) Ping(ctx context.Context) error {
	if p, ok := cn.inner.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

// Close closes the cached statements and the connection.
func (cn *conn) Close() error {
	var errs []error
	for _, s := range cn.cache.drain() {
		s.closed = true
		errs = append(errs, s.inner.Close())
	}
	errs = append(errs, cn.inner.Close())
	return errors.Join(errs...)
}
