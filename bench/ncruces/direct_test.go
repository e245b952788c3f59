package ncruces

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"

	"github.com/anysqlite/anysqlite/bench/suite"
)

// directTarget runs the operations on ncruces' root package, without
// database/sql: a fixed pool of connections, each with its statements
// prepared once. It is the floor the adapter and database/sql are measured
// against.
type directTarget struct {
	pool chan *directConn
	all  []*directConn
}

type directConn struct {
	c                         *sqlite3.Conn
	get, insert, page, search *sqlite3.Stmt
}

// directSettings are the adapter's default settings.
const directSettings = `PRAGMA busy_timeout = 5000; PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON;
PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000`

func openDirect(ctx context.Context, path string, maxConns int) (suite.Target, error) {
	t := &directTarget{pool: make(chan *directConn, maxConns)}
	for range maxConns {
		dc, err := openDirectConn(path)
		if err != nil {
			t.Close()
			return nil, err
		}
		t.all = append(t.all, dc)
		t.pool <- dc
	}
	return t, nil
}

func openDirectConn(path string) (*directConn, error) {
	c, err := sqlite3.Open(path)
	if err != nil {
		return nil, err
	}
	dc := &directConn{c: c}
	if err := c.Exec(directSettings); err != nil {
		dc.close()
		return nil, err
	}
	if err := fts5.Register(c); err != nil {
		dc.close()
		return nil, err
	}
	// A database holds either the users table or the search corpus:
	// prepare the statements of the tables it has.
	type prep struct {
		st  **sqlite3.Stmt
		sql string
	}
	stmts := []prep{{&dc.search, suite.QuerySearch}}
	if _, _, _, _, _, err := c.TableColumnMetadata("main", "users", ""); err == nil {
		stmts = []prep{{&dc.get, suite.QueryGet}, {&dc.insert, suite.QueryInsert}, {&dc.page, suite.QueryPage}}
	}
	for _, p := range stmts {
		st, _, err := c.Prepare(p.sql)
		if err != nil {
			dc.close()
			return nil, err
		}
		*p.st = st
	}
	return dc, nil
}

func (dc *directConn) close() error {
	for _, st := range []*sqlite3.Stmt{dc.get, dc.insert, dc.page, dc.search} {
		if st != nil {
			st.Close()
		}
	}
	return dc.c.Close()
}

func (t *directTarget) acquire() *directConn   { return <-t.pool }
func (t *directTarget) release(dc *directConn) { t.pool <- dc }

func (t *directTarget) Get(ctx context.Context, id int64, u *suite.User) error {
	dc := t.acquire()
	defer t.release(dc)
	st := dc.get
	if err := st.BindInt64(1, id); err != nil {
		return err
	}
	if !st.Step() {
		if err := st.Reset(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	u.ID = st.ColumnInt64(0)
	u.Name = st.ColumnText(1)
	u.Email = st.ColumnText(2)
	u.Age = st.ColumnInt64(3)
	u.Score = st.ColumnFloat(4)
	u.Created = st.ColumnInt64(5)
	return st.Reset()
}

func bindUser(st *sqlite3.Stmt, u *suite.User) error {
	return errors.Join(st.BindText(1, u.Name), st.BindText(2, u.Email), st.BindInt64(3, u.Age),
		st.BindFloat(4, u.Score), st.BindInt64(5, u.Created))
}

func (t *directTarget) Insert(ctx context.Context, u *suite.User) error {
	dc := t.acquire()
	defer t.release(dc)
	if err := bindUser(dc.insert, u); err != nil {
		return err
	}
	return dc.insert.Exec()
}

func (t *directTarget) InsertTx(ctx context.Context, us []suite.User) (err error) {
	dc := t.acquire()
	defer t.release(dc)
	if err := dc.c.Exec("BEGIN"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			dc.c.Exec("ROLLBACK")
		}
	}()
	for i := range us {
		if err := bindUser(dc.insert, &us[i]); err != nil {
			return err
		}
		if err := dc.insert.Exec(); err != nil {
			return err
		}
	}
	return dc.c.Exec("COMMIT")
}

func (t *directTarget) Page(ctx context.Context, dst *[]suite.User) error {
	dc := t.acquire()
	defer t.release(dc)
	st := dc.page
	var out []suite.User
	for st.Step() {
		out = append(out, suite.User{
			ID: st.ColumnInt64(0), Name: st.ColumnText(1), Email: st.ColumnText(2),
			Age: st.ColumnInt64(3), Score: st.ColumnFloat(4), Created: st.ColumnInt64(5),
		})
	}
	*dst = out
	return st.Reset()
}

func (t *directTarget) PageRows(ctx context.Context, dst *[]map[string]any) error {
	dc := t.acquire()
	defer t.release(dc)
	st := dc.page
	n := st.ColumnCount()
	cols := make([]string, n)
	for i := range cols {
		cols[i] = st.ColumnName(i)
	}
	vals := make([]any, n)
	var out []map[string]any
	for st.Step() {
		if err := st.Columns(vals...); err != nil {
			st.Reset()
			return err
		}
		m := make(map[string]any, n)
		for i, c := range cols {
			m[c] = vals[i]
			vals[i] = nil
		}
		out = append(out, m)
	}
	*dst = out
	return st.Reset()
}

func (t *directTarget) Search(ctx context.Context, match string, dst *[]suite.Hit) error {
	dc := t.acquire()
	defer t.release(dc)
	st := dc.search
	if err := st.BindText(1, match); err != nil {
		return err
	}
	var out []suite.Hit
	for st.Step() {
		out = append(out, suite.Hit{ID: st.ColumnInt64(0), Title: st.ColumnText(1), Score: st.ColumnFloat(2)})
	}
	*dst = out
	return st.Reset()
}

func (t *directTarget) Close() error {
	var errs []error
	for _, dc := range t.all {
		errs = append(errs, dc.close())
	}
	return errors.Join(errs...)
}
