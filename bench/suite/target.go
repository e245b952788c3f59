package suite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"

	"github.com/anysqlite/anysqlite/adapter"
)

// Target is one way of running the benchmarked operations: through the
// adapter, through database/sql directly, or through a driver's own API.
// Every method runs the statement of the same name in this package.
// A Target is safe for concurrent use.
type Target interface {
	// Get reads user id (QueryGet).
	Get(ctx context.Context, id int64, u *User) error
	// Insert inserts u (QueryInsert) in its own transaction.
	Insert(ctx context.Context, u *User) error
	// InsertTx inserts us in one transaction.
	InsertTx(ctx context.Context, us []User) error
	// Page reads the first 100 users into structs (QueryPage).
	Page(ctx context.Context, dst *[]User) error
	// PageRows reads the first 100 users into maps by column name.
	PageRows(ctx context.Context, dst *[]map[string]any) error
	// Search runs QuerySearch.
	Search(ctx context.Context, match string, dst *[]Hit) error
	Close() error
}

// Implementation names, the impl= part of benchmark names.
const (
	ImplAdapter  = "adapter"  // anysqlite's API: db.Get, db.Run, db.All, db.Transaction
	ImplRaw      = "raw"      // idiomatic database/sql: db.QueryRow(sql, ...) on each call
	ImplPrepared = "prepared" // database/sql with *sql.Stmt prepared once and reused
	ImplDirect   = "direct"   // the driver's own API, without database/sql
	ImplFloor    = "floor"    // a loop below Go on the driver's SQLite (Floor)
)

// Driver describes one SQLite driver to the suite.
type Driver struct {
	// Name is the adapter's name of the driver.
	Name string
	// SQLName is the database/sql name the driver's own package registers.
	SQLName string
	// DSN returns the data source name that opens path with the adapter's
	// default settings, in the driver's own DSN dialect.
	DSN func(path string) string
	// Open, if set, opens the raw *sql.DB instead of sql.Open(SQLName,
	// DSN(path)): for a driver whose package documents another way (a
	// connection hook to register extensions).
	Open func(path string) (*sql.DB, error)
	// Unset lists the pragmas of Settings the DSN dialect cannot set
	// (they stay at SQLite's default in the raw implementations).
	Unset []string
	// Direct opens a target on the driver's own API, or is nil if the
	// driver has none. maxConns bounds its connections.
	Direct func(ctx context.Context, path string, maxConns int) (Target, error)
	// Peers are other libraries on the same SQLite build that a user
	// might pick instead, run as implementations of their own name.
	Peers []Peer
	// Floor opens the floor of the driver's SQLite on the database at
	// path, or is nil if the driver has none besides Direct.
	Floor func(ctx context.Context, path string) (Floor, error)
}

// Peer is a library benchmarked beside the adapter on a driver's SQLite.
type Peer struct {
	// Name is the implementation's name, the impl= part of benchmark
	// names: the library's, in lower case.
	Name string
	// Open opens a target on the library; maxConns bounds its
	// connections (0: its default).
	Open func(ctx context.Context, path string, maxConns int) (Target, error)
}

// Impls returns the implementations the suite runs for d.
func (d Driver) Impls() []string {
	impls := []string{ImplAdapter, ImplRaw, ImplPrepared}
	if d.Direct != nil {
		impls = append(impls, ImplDirect)
	}
	for _, p := range d.Peers {
		impls = append(impls, p.Name)
	}
	if d.Floor != nil {
		impls = append(impls, ImplFloor)
	}
	return impls
}

// open opens the target impl of d on the database at path. maxConns is
// the pool size (0: the adapter's default).
func (d Driver) open(ctx context.Context, impl, path string, maxConns int) (Target, error) {
	switch impl {
	case ImplAdapter:
		db, err := adapter.Open(ctx, path, &adapter.Options{Driver: d.Name, MaxOpenConns: maxConns})
		if err != nil {
			return nil, err
		}
		return adapterTarget{db}, nil
	case ImplRaw, ImplPrepared:
		db, err := OpenRaw(ctx, d, path, maxConns)
		if err != nil {
			return nil, err
		}
		if impl == ImplRaw {
			return rawTarget{db}, nil
		}
		t, err := newPreparedTarget(ctx, db)
		if err != nil {
			db.Close()
			return nil, err
		}
		return t, nil
	case ImplDirect:
		if d.Direct != nil {
			n := maxConns
			if n == 0 {
				n = 1
			}
			return d.Direct(ctx, path, n)
		}
	}
	for _, p := range d.Peers {
		if p.Name == impl {
			return p.Open(ctx, path, maxConns)
		}
	}
	return nil, fmt.Errorf("suite: driver %s has no implementation %q", d.Name, impl)
}

// OpenRaw opens path with the driver's own database/sql driver and DSN,
// and sizes the pool as the adapter does: maxConns connections at most
// (none: no limit) and as many idle ones, or max(4, GOMAXPROCS) idle.
// It checks that the settings took.
func OpenRaw(ctx context.Context, d Driver, path string, maxConns int) (*sql.DB, error) {
	var db *sql.DB
	var err error
	if d.Open != nil {
		db, err = d.Open(path)
	} else {
		db, err = sql.Open(d.SQLName, d.DSN(path))
	}
	if err != nil {
		return nil, err
	}
	if maxConns > 0 {
		db.SetMaxOpenConns(maxConns)
		db.SetMaxIdleConns(maxConns)
	} else {
		db.SetMaxIdleConns(max(4, runtime.GOMAXPROCS(0)))
	}
	if err := CheckSettings(ctx, db, d.Unset...); err != nil {
		db.Close()
		return nil, fmt.Errorf("suite: %s DSN %q: %w", d.Name, d.DSN(path), err)
	}
	return db, nil
}

// Settings are the pragma values the adapter sets by default, which the
// raw DSNs must reproduce.
var Settings = []struct{ Pragma, Want string }{
	{"journal_mode", "wal"},
	{"synchronous", "1"}, // NORMAL
	{"busy_timeout", "5000"},
	{"foreign_keys", "1"},
	{"cache_size", "-2000"},
	{"trusted_schema", "0"},
	{"mmap_size", "0"},
}

// CheckSettings verifies that a raw database's connection has the
// adapter's default settings, except those named in unset.
func CheckSettings(ctx context.Context, db *sql.DB, unset ...string) error {
	c, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	var errs []error
	for _, s := range Settings {
		if slices.Contains(unset, s.Pragma) {
			continue
		}
		var got string
		if err := c.QueryRowContext(ctx, "PRAGMA "+s.Pragma).Scan(&got); err != nil {
			return err
		}
		if got != s.Want {
			errs = append(errs, fmt.Errorf("%s = %s, want %s", s.Pragma, got, s.Want))
		}
	}
	return errors.Join(errs...)
}

// adapterTarget runs the operations through the adapter's API, as an
// application would.
type adapterTarget struct{ db *adapter.DB }

func (t adapterTarget) Get(ctx context.Context, id int64, u *User) error {
	return t.db.Get(ctx, u, QueryGet, id)
}

func (t adapterTarget) Insert(ctx context.Context, u *User) error {
	_, err := t.db.Run(ctx, QueryInsert, u.Name, u.Email, u.Age, u.Score, u.Created)
	return err
}

func (t adapterTarget) InsertTx(ctx context.Context, us []User) error {
	return t.db.Transaction(ctx, func(tx *adapter.Tx) error {
		for i := range us {
			u := &us[i]
			if _, err := tx.Run(ctx, QueryInsert, u.Name, u.Email, u.Age, u.Score, u.Created); err != nil {
				return err
			}
		}
		return nil
	})
}

func (t adapterTarget) Page(ctx context.Context, dst *[]User) error {
	return t.db.All(ctx, dst, QueryPage)
}

func (t adapterTarget) PageRows(ctx context.Context, dst *[]map[string]any) error {
	return t.db.All(ctx, dst, QueryPage)
}

func (t adapterTarget) Search(ctx context.Context, match string, dst *[]Hit) error {
	return t.db.All(ctx, dst, QuerySearch, match)
}

func (t adapterTarget) Close() error { return t.db.Close() }

// rawTarget is idiomatic database/sql: SQL text on every call.
type rawTarget struct{ db *sql.DB }

func (t rawTarget) Get(ctx context.Context, id int64, u *User) error {
	return t.db.QueryRowContext(ctx, QueryGet, id).Scan(&u.ID, &u.Name, &u.Email, &u.Age, &u.Score, &u.Created)
}

func (t rawTarget) Insert(ctx context.Context, u *User) error {
	_, err := t.db.ExecContext(ctx, QueryInsert, u.Name, u.Email, u.Age, u.Score, u.Created)
	return err
}

func (t rawTarget) InsertTx(ctx context.Context, us []User) error {
	tx, err := t.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i := range us {
		u := &us[i]
		if _, err := tx.ExecContext(ctx, QueryInsert, u.Name, u.Email, u.Age, u.Score, u.Created); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (t rawTarget) Page(ctx context.Context, dst *[]User) error {
	rows, err := t.db.QueryContext(ctx, QueryPage)
	if err != nil {
		return err
	}
	return scanUsers(rows, dst)
}

func (t rawTarget) PageRows(ctx context.Context, dst *[]map[string]any) error {
	rows, err := t.db.QueryContext(ctx, QueryPage)
	if err != nil {
		return err
	}
	return scanMaps(rows, dst)
}

func (t rawTarget) Search(ctx context.Context, match string, dst *[]Hit) error {
	rows, err := t.db.QueryContext(ctx, QuerySearch, match)
	if err != nil {
		return err
	}
	return scanHits(rows, dst)
}

func (t rawTarget) Close() error { return t.db.Close() }

// preparedTarget is database/sql with every statement prepared once.
type preparedTarget struct {
	db                        *sql.DB
	get, insert, page, search *sql.Stmt
}

func newPreparedTarget(ctx context.Context, db *sql.DB) (*preparedTarget, error) {
	t := &preparedTarget{db: db}
	// A database holds either the users table or the search corpus:
	// prepare the statements of the tables it has.
	var tables int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = 'users'").Scan(&tables); err != nil {
		return nil, err
	}
	type prep struct {
		st  **sql.Stmt
		sql string
	}
	stmts := []prep{{&t.search, QuerySearch}}
	if tables > 0 {
		stmts = []prep{{&t.get, QueryGet}, {&t.insert, QueryInsert}, {&t.page, QueryPage}}
	}
	for _, p := range stmts {
		st, err := db.PrepareContext(ctx, p.sql)
		if err != nil {
			t.Close()
			return nil, err
		}
		*p.st = st
	}
	return t, nil
}

func (t *preparedTarget) Get(ctx context.Context, id int64, u *User) error {
	return t.get.QueryRowContext(ctx, id).Scan(&u.ID, &u.Name, &u.Email, &u.Age, &u.Score, &u.Created)
}

func (t *preparedTarget) Insert(ctx context.Context, u *User) error {
	_, err := t.insert.ExecContext(ctx, u.Name, u.Email, u.Age, u.Score, u.Created)
	return err
}

func (t *preparedTarget) InsertTx(ctx context.Context, us []User) error {
	tx, err := t.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st := tx.StmtContext(ctx, t.insert)
	for i := range us {
		u := &us[i]
		if _, err := st.ExecContext(ctx, u.Name, u.Email, u.Age, u.Score, u.Created); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (t *preparedTarget) Page(ctx context.Context, dst *[]User) error {
	rows, err := t.page.QueryContext(ctx)
	if err != nil {
		return err
	}
	return scanUsers(rows, dst)
}

func (t *preparedTarget) PageRows(ctx context.Context, dst *[]map[string]any) error {
	rows, err := t.page.QueryContext(ctx)
	if err != nil {
		return err
	}
	return scanMaps(rows, dst)
}

func (t *preparedTarget) Search(ctx context.Context, match string, dst *[]Hit) error {
	rows, err := t.search.QueryContext(ctx, match)
	if err != nil {
		return err
	}
	return scanHits(rows, dst)
}

func (t *preparedTarget) Close() error {
	for _, st := range []*sql.Stmt{t.get, t.insert, t.page, t.search} {
		if st != nil {
			st.Close()
		}
	}
	return t.db.Close()
}

func scanUsers(rows *sql.Rows, dst *[]User) error {
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.ID, &u.Name, &u.Email, &u.Age, &u.Score, &u.Created); err != nil {
			return err
		}
		out = append(out, u)
	}
	*dst = out
	return rows.Err()
}

func scanHits(rows *sql.Rows, dst *[]Hit) error {
	defer rows.Close()
	var out []Hit
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.ID, &h.Title, &h.Score); err != nil {
			return err
		}
		out = append(out, h)
	}
	*dst = out
	return rows.Err()
}

// scanMaps reads rows into maps by column name, as adapter.Row does.
func scanMaps(rows *sql.Rows, dst *[]map[string]any) error {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out []map[string]any
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	*dst = out
	return rows.Err()
}
