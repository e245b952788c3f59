package adapter

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// conn wraps one driver connection for database/sql. It converts bound
// values to the adapter's storage rules (CheckNamedValue), caches prepared
// statements, enforces the argument count on every driver, keeps the
// connection's settings current, ends statements whose context ended
// (interrupt.go), and runs transactions itself (txstate.go), so that
// every path — DB, Tx, Stmt and DB.SQL — behaves the same on every driver.
type conn struct {
	c     *connector
	inner contract.Conn
	cache *stmtCache
	gen   uint64 // generation of connector.later applied

	// mu guards stepping and closed, and the state of the calls (see
	// call), which goroutines watching contexts read and change.
	mu       sync.Mutex
	stepping *call // the call whose step runs on the driver now
	closed   bool
	own      call // executions and prepares (rows have their own call)

	tx txState
	// maybeInTx is set when something may have left the connection inside
	// a transaction that tx does not know of (a statement failed, or
	// transaction control ran through DB.SQL): IsValid then asks SQLite.
	maybeInTx bool
	// broken is set when a rollback failed: the connection is discarded.
	broken bool

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
	numInput int      // sqlite3_bind_parameter_count
	names    []string // parameter names by index (statement.names)
	kind     stmtKind
	own      bool // sent by the adapter itself through database/sql (ownMarker)
	inUse    bool
	cached   bool
	closed   bool
	// explain marks an EXPLAIN statement, compiled again before each run
	// (recompile).
	explain bool

	// checksIntegrity marks PRAGMA integrity_check and quick_check (and
	// queries of their table-valued forms), run after refreshing the FTS5
	// tables of checkSchema (ftscheck.go).
	checksIntegrity bool
	checkSchema     string

	prev, next *connStmt // stmtCache list
}

var (
	_ driver.Stmt             = (*connStmt)(nil)
	_ driver.StmtExecContext  = (*connStmt)(nil)
	_ driver.StmtQueryContext = (*connStmt)(nil)
)

// stmt returns a statement for query, from the cache when it is idle there.
// A nil ctx prepares without interruption.
func (cn *conn) stmt(ctx context.Context, query string) (*connStmt, error) {
	return cn.stmtFor(ctx, query, false)
}

// callerStmt is stmt for a statement that database/sql passes on (the
// adapter's own, marked or already checked, and DB.SQL's): what DB.SQL
// may not send is refused (refusedThroughSQL).
func (cn *conn) callerStmt(ctx context.Context, query string) (*connStmt, error) {
	return cn.stmtFor(ctx, query, true)
}

// stmtFor is stmt, checking a statement it must compile with
// refusedThroughSQL if check is set.
func (cn *conn) stmtFor(ctx context.Context, query string, check bool) (*connStmt, error) {
	if s := cn.cache.take(query); s != nil {
		return s, nil
	}
	st := newStatement(query)
	if check {
		if err := refusedThroughSQL(query, &st); err != nil {
			return nil, err
		}
	}
	ds, err := cn.prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	n := ds.NumInput()
	if n < 0 {
		n = st.params
	}
	s := &connStmt{cn: cn, inner: ds, query: query, numInput: n, names: st.names, inUse: true, kind: st.kind,
		own: strings.HasPrefix(query, ownMarker), explain: st.explain}
	s.checkSchema, s.checksIntegrity = integrityCheck(st)
	cached, evicted := cn.cache.add(s)
	s.cached = cached
	if evicted != nil {
		evicted.closed = true
		evicted.inner.Close()
	}
	return s, nil
}

// refusedThroughSQL refuses what the adapter's own paths refuse before
// they reach a connection, for statements that come through DB.SQL: SQL
// text with a NUL byte, and a PRAGMA that would change the one pool
// connection it happens to run on (DB.SQL's connections carry the
// settings of DB.Pragma and Options.Pragmas, on every connection).
func refusedThroughSQL(query string, st *statement) error {
	if err := checkSQLText(query); err != nil {
		return err
	}
	if st.kind != kindPragma || strings.HasPrefix(query, ownMarker) {
		return nil
	}
	if p, err := parsePragma(st.sql); err == nil && p.setsConnection() {
		return fmt.Errorf("%w: %s through DB.SQL would change only the pool connection that runs it; use DB.Pragma or Options.Pragmas",
			ErrPerConnection, p.SQL())
	}
	return nil
}

// prepare compiles query on the driver, ended early if ctx ends (SQLite
// may wait for a lock to read the schema).
func (cn *conn) prepare(ctx context.Context, query string) (driver.Stmt, error) {
	if ctx == nil {
		return cn.inner.PrepareContext(context.Background(), query)
	}
	c := &cn.own
	cn.watch(c, ctx)
	defer cn.unwatch(c)
	var ds driver.Stmt
	err, interrupted := cn.run(c, func() (err error) {
		ds, err = cn.inner.PrepareContext(driverContext(c), query)
		return err
	})
	if err != nil {
		// Inside a transaction, a call its context ended rolls the
		// transaction back whether the statement was being compiled or
		// run (a statement is compiled only when the connection has not
		// cached it): the same answer either way.
		err = cn.decode(err, query)
		cn.afterError(err, interrupted)
	}
	return ds, err
}

// decode turns a driver error into an [*Error] (see decodeErr), so that
// every path, database/sql's through DB.SQL included, reports the same
// errors on every driver, with a write the storage refused explained
// (storageExplainer).
func (cn *conn) decode(err error, query string) error {
	if err == nil || err == io.EOF {
		return err
	}
	return cn.c.storage.explain(decodeErr(nil, cn.c.drv, err, strings.TrimPrefix(query, ownMarker)))
}

// run runs one step of call c on the driver: it does not start if c was
// ended, and is interrupted if c ends while it runs.
func (cn *conn) run(c *call, step func() error) (_ error, interrupted bool) {
	if cause := cn.enter(c); cause != nil {
		return interruptedError(cn.c.drv, cause, nil), true
	}
	err := step()
	cn.leave(c)
	return cn.outcome(c, err)
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

// NumInput returns -1: the adapter checks the arguments itself, with
// errors that name the parameter (see params.go), rather than database/sql
// counting them.
func (s *connStmt) NumInput() int { return -1 }

func (s *connStmt) Exec([]driver.Value) (driver.Result, error) { return nil, driver.ErrSkip }
func (s *connStmt) Query([]driver.Value) (driver.Rows, error)  { return nil, driver.ErrSkip }

// ExecContext runs the statement.
func (s *connStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if err := s.cn.tx.refuse(); err != nil {
		return nil, err
	}
	c := &s.cn.own
	s.cn.watch(c, ctx)
	defer s.cn.unwatch(c)
	return s.exec(c, args)
}

// exec binds args, runs the statement under call c and applies the
// transaction rules to its error.
func (s *connStmt) exec(c *call, args []driver.NamedValue) (driver.Result, error) {
	args, err := bindArgs(s.numInput, s.names, args)
	if err != nil {
		return nil, err
	}
	if err := s.recompile(); err != nil {
		return nil, err
	}
	res, err, interrupted := s.execRaw(c, args)
	if s.kind == kindTxControl {
		s.cn.maybeInTx = true
	}
	if err != nil {
		s.cn.afterError(err, interrupted)
	}
	return res, err
}

// recompile prepares an EXPLAIN statement again before every run. SQLite
// checks that the schema is unchanged only when a program starts a
// transaction, which an EXPLAIN listing never does: one compiled before a
// table was dropped would list operands that point into the freed table
// (garbage on modernc, a panic on ncruces). Other statements need nothing:
// SQLite compiles them again itself (https://sqlite.org/c3ref/prepare.html).
func (s *connStmt) recompile() error {
	if !s.explain {
		return nil
	}
	ds, err := s.cn.prepare(nil, s.query)
	if err != nil {
		return err
	}
	s.inner.Close()
	s.inner = ds
	return nil
}

// execRaw runs the statement under call c, or uninterrupted if c is nil.
func (s *connStmt) execRaw(c *call, args []driver.NamedValue) (res driver.Result, err error, interrupted bool) {
	if err := s.cn.fileUnmoved(s.kind); err != nil {
		return nil, err, false
	}
	if s.kind == kindInsert {
		if r, ok := s.cn.c.drv.(contract.RowIDResetter); ok {
			if err := r.ResetLastInsertRowID(s.cn.inner); err != nil {
				return nil, err, false
			}
		}
	}
	step := func() (err error) {
		res, err = s.inner.(driver.StmtExecContext).ExecContext(driverContext(c), args)
		return err
	}
	if c == nil {
		return res, s.cn.decode(step(), s.query), false
	}
	err, interrupted = s.cn.run(c, step)
	return res, s.cn.decode(err, s.query), interrupted
}

// QueryContext runs the statement and returns its rows.
func (s *connStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if err := s.cn.tx.refuse(); err != nil {
		return nil, err
	}
	if err := s.cn.fileUnmoved(s.kind); err != nil {
		return nil, err
	}
	args, err := bindArgs(s.numInput, s.names, args)
	if err != nil {
		return nil, err
	}
	if err := s.recompile(); err != nil {
		return nil, err
	}
	cn := s.cn
	if s.checksIntegrity {
		cn.refreshFTS5(ctx, s.checkSchema)
	}
	r := &stmtRows{s: s}
	if s.kind.isDML() {
		r.mark = writeMark(ctx)
	}
	cn.watch(&r.call, ctx)
	err, interrupted := cn.run(&r.call, func() (err error) {
		r.Rows, err = s.inner.(driver.StmtQueryContext).QueryContext(driverContext(&r.call), args)
		return err
	})
	if s.kind == kindTxControl {
		cn.maybeInTx = true
	}
	if err != nil {
		err = cn.decode(err, s.query)
		cn.unwatch(&r.call)
		cn.afterError(err, interrupted)
		return nil, err
	}
	r.ran = len(r.Rows.Columns()) == 0 || cn.c.remote
	return r, nil
}

// PrepareContext returns a statement owned by a *sql.Stmt until it closes.
func (cn *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if err := cn.tx.refuse(); err != nil {
		return nil, err
	}
	return cn.callerStmt(ctx, query)
}

// Prepare is PrepareContext without a context.
func (cn *conn) Prepare(query string) (driver.Stmt, error) {
	return cn.PrepareContext(context.Background(), query)
}

// ExecContext runs query through the statement cache.
func (cn *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := cn.tx.refuse(); err != nil {
		return nil, err
	}
	s, err := cn.callerStmt(ctx, query)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	c := &cn.own
	cn.watch(c, ctx)
	defer cn.unwatch(c)
	return s.exec(c, args)
}

// QueryContext runs query through the statement cache; the statement stays
// in use until the rows are closed.
func (cn *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := cn.tx.refuse(); err != nil {
		return nil, err
	}
	s, err := cn.callerStmt(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := s.QueryContext(ctx, args)
	if err != nil {
		s.Close()
		return nil, err
	}
	rows.(*stmtRows).release = true
	return rows, nil
}

// stmtRows reads a statement's rows under its own call, from the first
// step to Close, and releases the statement on Close.
type stmtRows struct {
	driver.Rows
	s      *connStmt
	call   call
	eof    bool
	direct bool // read by the adapter itself (driverSource)
	// release says that closing the rows releases their statement: it was
	// taken for them alone (conn.QueryContext). A statement a *sql.Stmt
	// prepared stays its until the *sql.Stmt closes it: released by its
	// rows, it would look idle to the cache, which could hand it to
	// another query or finalize it while the *sql.Stmt still uses it.
	release bool
	// failed is set once a read of the rows (or Close) has returned an
	// error other than io.EOF.
	failed bool
	// ran is set when the statement has run to its end, and reading its
	// rows runs nothing: it has no result columns, so it ran to its end in
	// QueryContext's first step (see contract.Conn), committed in
	// autocommit mode; or its engine is remote, and sent its rows whole
	// after it ran. Its rows are read even once the call's context has
	// ended, so that the call reports what the statement did rather than
	// an interruption that undid nothing.
	ran bool
	// mark, for a writing statement, says whether the reader abandoned
	// it (see abandon.go).
	mark *abandonMark
	// entered is set while the call is entered across rows (NextValues).
	entered bool
	// times says which columns read as time.Time (sqltime.go), once the
	// first row is read; timesSet tells whether it is.
	times    []bool
	timesSet bool
}

// Next reads the next row, interrupted if the query's context ends.
func (r *stmtRows) Next(dest []driver.Value) error {
	cn := r.s.cn
	var err error
	interrupted := false
	if r.ran {
		err = r.Rows.Next(dest)
	} else {
		err, interrupted = cn.run(&r.call, func() error { return r.Rows.Next(dest) })
	}
	if err == nil {
		if !r.timesSet {
			r.times, r.timesSet = r.timeColumns(), true
		}
		if r.times != nil {
			convertTimes(r.times, dest)
		}
	} else if err == io.EOF {
		r.eof = true
	} else if err != nil {
		r.failed = true
		err = cn.decode(err, r.s.query)
		cn.afterError(err, interrupted)
	}
	return err
}

// NextValues is Next through the driver's [contract.ValueRows], for the
// adapter's own reads (driverSource), which convert no times and run
// nothing else on the connection between rows. So the rows' call stays
// entered (see conn.enter) from the first row it reads to the last or to
// Close, rather than for each row: an interrupt that arrives while the
// adapter stores a row ends the next step, and Close ends a read that is
// under way, as for a call inside one step. A driver that reads rows
// ahead may hand out rows it already read after the call was ended; the
// read then ends at its next step.
func (r *stmtRows) NextValues(dest []contract.Value) error {
	cn := r.s.cn
	var err error
	interrupted := false
	if r.ran {
		if err = r.Rows.(contract.ValueRows).NextValues(dest); err == nil || err == io.EOF {
			r.eof = err == io.EOF
			return err
		}
	} else if !r.entered {
		if cause := cn.enter(&r.call); cause != nil {
			err, interrupted = interruptedError(cn.c.drv, cause, nil), true
		} else {
			r.entered = true
		}
	}
	if r.entered {
		if err = r.Rows.(contract.ValueRows).NextValues(dest); err == nil {
			return nil
		}
		cn.leave(&r.call)
		r.entered = false
		if err == io.EOF {
			r.eof = true
			return err
		}
		err, interrupted = cn.outcome(&r.call, err)
	}
	r.failed = true
	err = cn.decode(err, r.s.query)
	cn.afterError(err, interrupted)
	return err
}

// Close releases the rows, and the statement if it was taken for them
// (release). A writing statement (INSERT ... RETURNING) that its context
// ended before its last row, or that its reader abandoned, must not
// commit when it is reset: the connection is interrupted first, which
// makes the commit fail and roll back (see Conn.Interrupt), and inside a
// transaction the transaction (or its innermost savepoint) is rolled back,
// as for an interrupted statement. Close then returns the interruption
// error, unless a row's read already did: the reader, who may have read
// every row it wanted (Get reads one), must not report success for a
// write that was undone.
func (r *stmtRows) Close() error {
	cn := r.s.cn
	if r.entered {
		cn.leave(&r.call)
		r.entered = false
	}
	cn.unwatch(&r.call)
	abandoned, cause := r.abandoned(), cn.ended(&r.call)
	undo := !r.eof && r.s.kind.isDML() && !r.ran && (abandoned != nil || cause != nil)
	if undo {
		cn.mu.Lock()
		if !cn.closed {
			cn.inner.Interrupt()
		}
		cn.mu.Unlock()
	}
	err := cn.decode(r.Rows.Close(), r.s.query)
	if r.release {
		r.s.Close()
	}
	switch {
	case abandoned != nil:
		r.mark = nil
		cn.afterError(abandoned, true)
	case undo && !r.failed:
		r.failed = true
		err = interruptedError(cn.c.drv, cause, err)
		cn.afterError(err, true)
		if r.mark != nil {
			r.mark.set(&r.mark.undone, err)
		}
	}
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
				return nil, fmt.Errorf("%w: %w", ErrArgument, err)
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
// PRAGMA query_only for its duration. The transaction follows the rules of
// txstate.go, as the adapter's own.
func (cn *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	begin := "BEGIN"
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault, sql.LevelSerializable:
	case sql.LevelLinearizable:
		begin = "BEGIN IMMEDIATE"
	default:
		return nil, fmt.Errorf("adapter: isolation level %v is not supported (SQLite transactions are serializable)", sql.IsolationLevel(opts.Isolation))
	}
	if s, ok := cn.c.drv.Info().Features[FeatureTransactions]; ok && !s.OK {
		return nil, fmt.Errorf("%w: %s: transactions: %s", errors.ErrUnsupported, cn.c.drv.Info().Name, s.Reason)
	}
	if err := cn.begin(ctx, begin); err != nil {
		return nil, err
	}
	if opts.ReadOnly {
		cn.tx.readOnly = true
		if err := cn.control(ctx, "PRAGMA query_only = ON"); err != nil {
			cn.rollback()
			return nil, err
		}
	}
	return connTx{cn}, nil
}

// Begin is BeginTx with default options.
func (cn *conn) Begin() (driver.Tx, error) {
	return cn.BeginTx(context.Background(), driver.TxOptions{})
}

// connTx is a database/sql transaction on the connection.
type connTx struct{ cn *conn }

// Commit commits; database/sql has already refused it if the
// transaction's context ended.
func (t connTx) Commit() error   { return t.cn.commit(context.Background()) }
func (t connTx) Rollback() error { return t.cn.rollback() }

// ResetSession brings the connection's settings up to date before reuse.
func (cn *conn) ResetSession(ctx context.Context) error {
	if ps, gen := cn.c.pending(cn.gen); ps != nil {
		for _, p := range ps {
			if _, _, err := cn.applyPragma(ctx, p); err != nil {
				if cn.isInterruption(err) {
					return err // the caller's context ended; the next reset tries again
				}
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

// IsValid reports whether the connection can go back to the pool. One
// left inside a transaction is rolled back first, or discarded if that
// fails.
func (cn *conn) IsValid() bool {
	if cn.tx.depth != 0 || cn.maybeInTx {
		cn.maybeInTx = false
		cn.cleanUp()
	}
	if cn.broken {
		return false
	}
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
	cn.mu.Lock()
	cn.closed = true
	cn.mu.Unlock()
	var errs []error
	for _, s := range cn.cache.drain() {
		s.closed = true
		errs = append(errs, s.inner.Close())
	}
	errs = append(errs, cn.inner.Close())
	cn.c.forget(cn)
	return errors.Join(errs...)
}
