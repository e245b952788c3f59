package modernc

import (
	"context"
	"fmt"

	"zombiezen.com/go/sqlite"
	"zombiezen.com/go/sqlite/sqlitex"

	"github.com/anysqlite/anysqlite/bench/suite"
)

// zombiezenTarget runs the operations on zombiezen.com/go/sqlite, as its
// documentation shows for speed: a sqlitex.Pool, a connection per call
// (Take and Put), statements prepared once per connection and cached by
// Conn.Prep, read column by column.
type zombiezenTarget struct{ pool *sqlitex.Pool }

// zombiezenSettings are the adapter's default settings; the pool's default
// flags set journal_mode WAL.
var zombiezenSettings = []string{"PRAGMA busy_timeout = 5000", "PRAGMA trusted_schema = OFF",
	"PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -2000"}

func openZombiezen(ctx context.Context, path string, maxConns int) (suite.Target, error) {
	pool, err := sqlitex.NewPool(path, sqlitex.PoolOptions{
		PoolSize: maxConns, // 0: its default, 10
		PrepareConn: func(c *sqlite.Conn) error {
			for _, s := range zombiezenSettings {
				if err := sqlitex.ExecuteTransient(c, s, nil); err != nil {
					return err
				}
			}
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	return &zombiezenTarget{pool}, nil
}

func (t *zombiezenTarget) Get(ctx context.Context, id int64, u *suite.User) error {
	c, err := t.pool.Take(ctx)
	if err != nil {
		return err
	}
	defer t.pool.Put(c)
	st := c.Prep(suite.QueryGet)
	st.BindInt64(1, id)
	row, err := st.Step()
	if err != nil {
		return err
	}
	if !row {
		return fmt.Errorf("zombiezen: no user %d", id)
	}
	u.ID, u.Name, u.Email = st.ColumnInt64(0), st.ColumnText(1), st.ColumnText(2)
	u.Age, u.Score, u.Created = st.ColumnInt64(3), st.ColumnFloat(4), st.ColumnInt64(5)
	return st.Reset()
}

func insertZombiezen(c *sqlite.Conn, u *suite.User) error {
	st := c.Prep(suite.QueryInsert)
	st.BindText(1, u.Name)
	st.BindText(2, u.Email)
	st.BindInt64(3, u.Age)
	st.BindFloat(4, u.Score)
	st.BindInt64(5, u.Created)
	if _, err := st.Step(); err != nil {
		return err
	}
	return st.Reset()
}

func (t *zombiezenTarget) Insert(ctx context.Context, u *suite.User) error {
	c, err := t.pool.Take(ctx)
	if err != nil {
		return err
	}
	defer t.pool.Put(c)
	return insertZombiezen(c, u)
}

func (t *zombiezenTarget) InsertTx(ctx context.Context, us []suite.User) (err error) {
	c, err := t.pool.Take(ctx)
	if err != nil {
		return err
	}
	defer t.pool.Put(c)
	defer sqlitex.Transaction(c)(&err)
	for i := range us {
		if err := insertZombiezen(c, &us[i]); err != nil {
			return err
		}
	}
	return nil
}

func (t *zombiezenTarget) Page(ctx context.Context, dst *[]suite.User) error {
	c, err := t.pool.Take(ctx)
	if err != nil {
		return err
	}
	defer t.pool.Put(c)
	st := c.Prep(suite.QueryPage)
	var out []suite.User
	for {
		row, err := st.Step()
		if err != nil {
			return err
		}
		if !row {
			break
		}
		out = append(out, suite.User{ID: st.ColumnInt64(0), Name: st.ColumnText(1), Email: st.ColumnText(2),
			Age: st.ColumnInt64(3), Score: st.ColumnFloat(4), Created: st.ColumnInt64(5)})
	}
	*dst = out
	return st.Reset()
}

// value returns column i of st by its storage class.
func zombiezenValue(st *sqlite.Stmt, i int) any {
	switch st.ColumnType(i) {
	case sqlite.TypeInteger:
		return st.ColumnInt64(i)
	case sqlite.TypeFloat:
		return st.ColumnFloat(i)
	case sqlite.TypeText:
		return st.ColumnText(i)
	case sqlite.TypeBlob:
		b := make([]byte, st.ColumnLen(i))
		st.ColumnBytes(i, b)
		return b
	}
	return nil
}

func (t *zombiezenTarget) PageRows(ctx context.Context, dst *[]map[string]any) error {
	c, err := t.pool.Take(ctx)
	if err != nil {
		return err
	}
	defer t.pool.Put(c)
	st := c.Prep(suite.QueryPage)
	n := st.ColumnCount()
	cols := make([]string, n)
	for i := range cols {
		cols[i] = st.ColumnName(i)
	}
	var out []map[string]any
	for {
		row, err := st.Step()
		if err != nil {
			return err
		}
		if !row {
			break
		}
		m := make(map[string]any, n)
		for i, col := range cols {
			m[col] = zombiezenValue(st, i)
		}
		out = append(out, m)
	}
	*dst = out
	return st.Reset()
}

func (t *zombiezenTarget) Search(ctx context.Context, match string, dst *[]suite.Hit) error {
	c, err := t.pool.Take(ctx)
	if err != nil {
		return err
	}
	defer t.pool.Put(c)
	st := c.Prep(suite.QuerySearch)
	st.BindText(1, match)
	var out []suite.Hit
	for {
		row, err := st.Step()
		if err != nil {
			return err
		}
		if !row {
			break
		}
		out = append(out, suite.Hit{ID: st.ColumnInt64(0), Title: st.ColumnText(1), Score: st.ColumnFloat(2)})
	}
	*dst = out
	return st.Reset()
}

func (t *zombiezenTarget) Close() error { return t.pool.Close() }
