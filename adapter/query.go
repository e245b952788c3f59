package adapter

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
)

// Querier is what [*DB] and [*Tx] have in common, so code that reads and
// writes can be written once and run inside or outside a transaction.
type Querier interface {
	Run(ctx context.Context, query string, args ...any) (Result, error)
	Get(ctx context.Context, dest any, query string, args ...any) error
	All(ctx context.Context, dest any, query string, args ...any) error
	Iterate(ctx context.Context, query string, args ...any) iter.Seq2[Row, error]
	Exec(ctx context.Context, script string) error
	Prepare(ctx context.Context, query string) (*Stmt, error)
	Pragma(ctx context.Context, pragma string) ([]Row, error)
	PragmaValue(ctx context.Context, pragma string) (any, error)
	Transaction(ctx context.Context, fn func(*Tx) error) error
}

var (
	_ Querier = (*DB)(nil)
	_ Querier = (*Tx)(nil)
)

// Row is one result row, by column name. Values are int64, float64,
// string, []byte (never nil: an empty BLOB is []byte{}) or nil for NULL,
// on every driver, whatever the column's declared type.
type Row = map[string]any

// Result reports what a statement run with Run changed.
type Result struct {
	// Changes is the number of rows inserted, updated or deleted by an
	// INSERT, UPDATE, DELETE or REPLACE statement (sqlite3_changes), and 0
	// for any other statement.
	Changes int64
	// LastInsertRowID is the rowid of the last row inserted by an INSERT
	// or REPLACE statement that inserted at least one row, and 0 otherwise.
	// Unlike sqlite3_last_insert_rowid, it never reports a row inserted by
	// an earlier statement (which, with a pool of connections, would be an
	// arbitrary one).
	LastInsertRowID int64
}

// executor is satisfied by *sql.DB and *sql.Conn.
type executor interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// queries implements the query methods for a DB (ex is the pool) and for a
// Tx (ex is the transaction's connection, tx is set).
type queries struct {
	db *DB
	ex executor
	tx *Tx
}

// check reports a closed DB or a finished Tx.
func (q *queries) check() error {
	if q.db.closed.Load() {
		return ErrClosed
	}
	if q.tx != nil {
		return q.tx.check()
	}
	return nil
}

// statement validates query as exactly one statement that is not a
// transaction control statement. For a PRAGMA it also returns the
// validated pragma.
func (q *queries) statement(query string) (*statement, *pragma, error) {
	if err := q.check(); err != nil {
		return nil, nil, err
	}
	st, err := q.db.classes.classify(query)
	if err != nil || st.kind != kindPragma {
		return st, nil, err
	}
	p, err := parsePragma(st.sql)
	if err != nil {
		return nil, nil, err
	}
	return st, &p, nil
}

func (q *queries) run(ctx context.Context, query string, args []any) (Result, error) {
	st, p, err := q.statement(query)
	if err != nil {
		return Result{}, q.db.wrapErr(ctx, err, query)
	}
	text := st.sql
	if p != nil {
		if p.setsConnection() {
			return Result{}, q.db.wrapErr(ctx, q.setPragma(ctx, *p), query)
		}
		text = p.SQL()
	}
	if st.kind == kindQuery {
		// Run a query to its end, so an error in a later row is reported
		// (some drivers' Exec steps a statement only once).
		err := q.readDirect(ctx, text, expandArgs(args), drainSource)
		return Result{}, q.db.wrapErr(ctx, err, query)
	}
	res, err := q.execDirect(ctx, st, text, expandArgs(args))
	if err != nil {
		return Result{}, q.db.wrapErr(ctx, err, query)
	}
	return res, nil
}

// drainSource reads src to its end and closes it.
func drainSource(src source) error {
	defer src.close()
	for src.next() != nil {
	}
	return src.err()
}

// resultOf applies Result's rules to a driver result.
func resultOf(st *statement, res sql.Result) Result {
	var r Result
	if st.kind.isDML() {
		r.Changes, _ = res.RowsAffected()
		if st.kind == kindInsert && r.Changes > 0 {
			r.LastInsertRowID, _ = res.LastInsertId()
		}
	}
	return r
}

// query runs a statement that returns rows. A per-connection pragma
// setting is applied to the whole pool and its new value returned.
func (q *queries) query(ctx context.Context, query string, args []any) (*sql.Rows, error) {
	st, p, err := q.statement(query)
	if err != nil {
		return nil, q.db.wrapErr(ctx, err, query)
	}
	return q.queryStatement(ctx, query, st, p, args)
}

// queryStatement is query for a validated statement.
func (q *queries) queryStatement(ctx context.Context, query string, st *statement, p *pragma, args []any) (*sql.Rows, error) {
	text := st.ownSQL
	if p != nil {
		if p.setsConnection() {
			if err := q.setPragma(ctx, *p); err != nil {
				return nil, q.db.wrapErr(ctx, err, query)
			}
			p.value, p.call = "", false
		}
		text = ownText(p.SQL())
	}
	rows, err := q.ex.QueryContext(ctx, text, expandArgs(args)...)
	if err != nil {
		return nil, q.db.wrapErr(ctx, err, query)
	}
	return rows, nil
}

// read runs a query and passes its rows to scanAll (all) or scanOne,
// straight from the driver (readDirect) when dest allows it, else through
// database/sql. A destination that can take no row is refused before the
// query runs.
func (q *queries) read(ctx context.Context, dest any, query string, args []any, all bool) error {
	st, p, err := q.statement(query)
	if err == nil {
		_, err = destTargetFor(dest, all, st)
	}
	if err != nil {
		return q.db.wrapErr(ctx, err, query)
	}
	scan := scanOne
	if all {
		scan = scanAll
	}
	if (p == nil || !p.setsConnection()) && readsDirect(dest) {
		text := st.sql
		if p != nil {
			text = p.SQL()
		}
		err := q.readDirect(ctx, text, expandArgs(args), func(src source) error { return scan(src, dest) })
		return q.db.wrapErr(ctx, err, query)
	}
	ctx, mark := markWrites(ctx, st.kind)
	rows, err := q.queryStatement(ctx, query, st, p, args)
	if err != nil {
		return err
	}
	return q.db.wrapErr(ctx, scan(newSQLSource(rows, mark), dest), query)
}

func (q *queries) get(ctx context.Context, dest any, query string, args []any) error {
	return q.read(ctx, dest, query, args, false)
}

func (q *queries) all(ctx context.Context, dest any, query string, args []any) error {
	return q.read(ctx, dest, query, args, true)
}

func (q *queries) iterate(ctx context.Context, query string, args []any) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		if st, err := q.db.classes.classify(query); err == nil && st.kind.isDML() {
			iterateWrite(st,
				func() error { _, err := q.run(ctx, query, args); return err },
				func(rows *[]Row) error { return q.all(ctx, rows, query, args) }, yield)
			return
		}
		rows, err := q.query(ctx, query, args)
		if err != nil {
			yield(nil, err)
			return
		}
		iterateRows(ctx, q.db, query, newSQLSource(rows, nil), yield)
	}
}

// iterateWrite is how Iterate runs st, a write: one without RETURNING
// with run, yielding only its error; one with RETURNING with all, its rows
// read to the end first, so that whether the write committed is known
// before the loop can stop: SQLite has made every change, and holds every
// row, by the time the first row can be read. A loop that breaks early
// then leaves the write committed and the call successful, and a write
// that failed or was cut short yields its error and nothing else.
func iterateWrite(st *statement, run func() error, all func(*[]Row) error, yield func(Row, error) bool) {
	var rows []Row
	var err error
	if st.returnsNoRows() {
		err = run()
	} else {
		err = all(&rows)
	}
	if err != nil {
		yield(nil, err)
		return
	}
	for _, r := range rows {
		if !yield(r, nil) {
			return
		}
	}
}

// iterateRows yields each row of src, and closes it when done or when the
// loop breaks.
func iterateRows(ctx context.Context, db *DB, query string, src source, yield func(Row, error) bool) {
	defer src.close()
	p, err := sourcePlan(src, rowType)
	if err != nil {
		yield(nil, db.wrapErr(ctx, err, query))
		return
	}
	for {
		vals := src.next()
		if vals == nil {
			break
		}
		if !yield(p.rowOf(vals), nil) {
			return
		}
	}
	if err := src.err(); err != nil {
		yield(nil, db.wrapErr(ctx, err, query))
	}
}

// exec runs a script statement by statement on one connection and stops at
// the first error. Every statement is checked before any runs.
func (q *queries) exec(ctx context.Context, script string) error {
	if err := q.check(); err != nil {
		return err
	}
	if err := checkSQLText(script); err != nil {
		return q.db.wrapErr(ctx, err, script)
	}
	stmts := splitSQL(script)
	for _, st := range stmts {
		if st.kind == kindTxControl {
			return q.db.wrapErr(ctx, fmt.Errorf("%w: %.40q", ErrTxControl, st.sql), script)
		}
		if st.kind == kindPragma {
			if _, err := parsePragma(st.sql); err != nil {
				return err
			}
		}
		if st.params > 0 {
			return q.db.wrapErr(ctx, fmt.Errorf("%w: Exec takes no arguments, and %.40q has %d parameters; use Run", ErrArgument, st.sql, st.params), script)
		}
	}
	if len(stmts) == 0 {
		return nil
	}
	ex := q.ex
	if db, ok := ex.(*sql.DB); ok && len(stmts) > 1 {
		c, err := db.Conn(ctx)
		if err != nil {
			return q.db.wrapErr(ctx, err, script)
		}
		defer c.Close()
		ex = c
	}
	sub := queries{db: q.db, ex: ex, tx: q.tx}
	for _, st := range stmts {
		if st.kind == kindPragma {
			if p, _ := parsePragma(st.sql); p.setsConnection() {
				if err := sub.setPragma(ctx, p); err != nil {
					return q.db.wrapErr(ctx, err, st.sql)
				}
				continue
			}
		}
		// Read straight from the driver, as Run reads a query: database/sql
		// would close the rows from its own goroutine when ctx ends and
		// report ctx's error for a statement that had already run.
		if err := sub.readDirect(ctx, st.sql, nil, drainSource); err != nil {
			return q.db.wrapErr(ctx, err, st.sql)
		}
	}
	return nil
}

// expandArgs turns a single map[string]any argument into named arguments,
// so :name, @name and $name parameters can be bound from a map.
func expandArgs(args []any) []any {
	if len(args) != 1 {
		return args
	}
	m, ok := args[0].(map[string]any)
	if !ok {
		return args
	}
	named := make([]any, 0, len(m))
	for k, v := range m {
		named = append(named, sql.Named(paramName(k), v))
	}
	return named
}
