package api

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/methods"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// stmtCases: prepared statements are reusable, safe for concurrent use and
// refuse use after Close.
var stmtCases = []spec.Case{
	{
		Name:  "StmtReuse",
		Doc:   "a Stmt runs again and again with different arguments",
		Setup: "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			ins, err := e.DB.Prepare(ctx, "INSERT INTO t(v) VALUES (?)")
			if err != nil {
				return nil, err
			}
			defer ins.Close()
			sel, err := e.DB.Prepare(ctx, "SELECT v FROM t WHERE id = ?")
			if err != nil {
				return nil, err
			}
			defer sel.Close()
			var out []any
			for _, v := range []string{"a", "b", "c"} {
				res, err := ins.Run(ctx, v)
				if err != nil {
					return nil, err
				}
				out = append(out, res)
			}
			for _, id := range []int{3, 1, 2} {
				var v string
				if err := sel.Get(ctx, &v, id); err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			return out, nil
		},
		Want: []any{
			adapter.Result{Changes: 1, LastInsertRowID: 1}, adapter.Result{Changes: 1, LastInsertRowID: 2},
			adapter.Result{Changes: 1, LastInsertRowID: 3}, "c", "a", "b",
		},
	},
	{
		Name:  "StmtEveryMethod",
		Doc:   "one Stmt serves Get, All, Iterate and Run",
		Setup: "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)",
		Action: prepared("SELECT x FROM t WHERE x >= ? ORDER BY x", func(ctx context.Context, s *adapter.Stmt) (any, error) {
			var one int64
			if err := s.Get(ctx, &one, 2); err != nil {
				return nil, err
			}
			var xs []int64
			if err := s.All(ctx, &xs, 1); err != nil {
				return nil, err
			}
			var it []any
			for row, err := range s.Iterate(ctx, 3) {
				if err != nil {
					return nil, err
				}
				it = append(it, row["x"])
			}
			res, err := s.Run(ctx, 1)
			if err != nil {
				return nil, err
			}
			return []any{one, xs, it, res}, nil
		}),
		Want: []any{int64(2), []int64{1, 2, 3}, []any{int64(3)}, adapter.Result{}},
	},
	{
		Name: "StmtNumParams",
		Doc:  "NumParams counts parameters as sqlite3_bind_parameter_count: ?, :a and ?5 make 5",
		Action: prepared("SELECT ?, :a, ?5, :a", func(ctx context.Context, s *adapter.Stmt) (any, error) {
			return s.NumParams(), nil
		}),
		Want: 5,
	},
	{
		Name: "StmtSyntaxErrorAtPrepare",
		Doc:  "Prepare reports a syntax error itself (ErrError), not the first use",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return e.DB.Prepare(ctx, "SELEC 1")
		},
		WantErr: sqlite.ERROR,
	},
	{
		Name:  "StmtSeesSchemaChange",
		Doc:   "a Stmt prepared before ALTER TABLE ADD COLUMN returns the new column afterwards (SQLite re-prepares it)",
		Setup: "CREATE TABLE t(a); INSERT INTO t VALUES (1)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			s, err := e.DB.Prepare(ctx, "SELECT * FROM t")
			if err != nil {
				return nil, err
			}
			defer s.Close()
			var before adapter.Row
			if err := s.Get(ctx, &before); err != nil {
				return nil, err
			}
			if err := e.DB.Exec(ctx, "ALTER TABLE t ADD COLUMN b DEFAULT 'new'"); err != nil {
				return nil, err
			}
			var after adapter.Row
			err = s.Get(ctx, &after)
			return []adapter.Row{before, after}, err
		},
		Want: []adapter.Row{{"a": int64(1)}, {"a": int64(1), "b": "new"}},
	},
	{
		Name:    "CachedQuerySeesAddedColumn",
		Doc:     "the same query text run before and after ALTER TABLE ADD COLUMN (on one connection, so from the statement cache) returns the new column",
		Options: oneConn,
		Setup:   "CREATE TABLE t(a); INSERT INTO t VALUES (1)",
		Action:  alterBetween("ALTER TABLE t ADD COLUMN b DEFAULT 'new'"),
		Want:    []adapter.Row{{"a": int64(1)}, {"a": int64(1), "b": "new"}},
	},
	{
		Name:    "CachedQuerySeesDroppedColumn",
		Doc:     "the same query text run before and after ALTER TABLE DROP COLUMN (from the statement cache) no longer returns the column",
		Options: oneConn,
		Setup:   "CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 2)",
		Action:  alterBetween("ALTER TABLE t DROP COLUMN b"),
		Want:    []adapter.Row{{"a": int64(1), "b": int64(2)}, {"a": int64(1)}},
	},
	{
		Name:  "StmtConcurrent",
		Doc:   "one Stmt used by 8 goroutines at once (insert and read back) gives every goroutine its own correct results",
		Setup: "CREATE TABLE t(g INTEGER, i INTEGER, PRIMARY KEY (g, i))",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			ins, err := e.DB.Prepare(ctx, "INSERT INTO t(g, i) VALUES (?, ?) RETURNING g * 1000 + i")
			if err != nil {
				return nil, err
			}
			defer ins.Close()
			sum, err := e.DB.Prepare(ctx, "SELECT count(*) AS n, coalesce(sum(i), 0) AS s FROM t WHERE g = ?")
			if err != nil {
				return nil, err
			}
			defer sum.Close()
			const goroutines, each = 8, 25
			errs := make([]error, goroutines)
			var wg sync.WaitGroup
			for g := range goroutines {
				wg.Go(func() {
					for i := range each {
						var got int64
						if err := ins.Get(ctx, &got, g, i); err != nil {
							errs[g] = err
							return
						}
						if got != int64(g*1000+i) {
							errs[g] = fmt.Errorf("goroutine %d got %d for row %d", g, got, i)
							return
						}
						var r struct {
							N   int64 `db:"n"`
							Sum int64 `db:"s"`
						}
						if err := sum.Get(ctx, &r, g); err != nil {
							errs[g] = err
							return
						}
						if r.N != int64(i+1) || r.Sum != int64(i*(i+1)/2) {
							errs[g] = fmt.Errorf("goroutine %d after row %d: count %d sum %d", g, i, r.N, r.Sum)
							return
						}
					}
				})
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				return nil, err
			}
			var n int64
			err = e.DB.Get(ctx, &n, "SELECT count(*) FROM t")
			return n, err
		},
		Want: int64(200),
	},
	{
		Name: "StmtAfterClose",
		Doc:  "every method of a closed Stmt is ErrClosed, and Close is idempotent",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			s, err := e.DB.Prepare(ctx, "SELECT ? AS x")
			if err != nil {
				return nil, err
			}
			if err := s.Close(); err != nil {
				return nil, err
			}
			out := methods.Names(methods.Stmt(ctx, s, 1), errName)
			out["Close again"] = errName(s.Close())
			return out, nil
		},
		Want: methods.Expect(methods.OfStmt, "ErrClosed", "Close again", "nil"),
	},
	{
		Name: "StmtAfterDBClose",
		Doc:  "every method of a Stmt whose DB was closed is ErrClosed",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			db, err := e.Open(ctx, filepath.Join(e.Dir, "other.db"), adapter.Options{})
			if err != nil {
				return nil, err
			}
			s, err := db.Prepare(ctx, "SELECT ? AS x")
			if err != nil {
				return nil, err
			}
			if err := db.Close(); err != nil {
				return nil, err
			}
			out := methods.Names(methods.Stmt(ctx, s, 1), errName)
			out["Close"] = errName(s.Close())
			return out, nil
		},
		Want: methods.Expect(methods.OfStmt, "ErrClosed", "Close", "nil"),
	},
	{
		Name:  "StmtGetNoRows",
		Doc:   "Stmt.Get of a query without rows is ErrNoRows",
		Setup: "CREATE TABLE t(x)",
		Action: prepared("SELECT x FROM t WHERE x = :x", func(ctx context.Context, s *adapter.Stmt) (any, error) {
			var x int64
			return x, s.Get(ctx, &x, map[string]any{"x": 1})
		}),
		WantErr: adapter.ErrNoRows,
	},
	{
		Name:    "StmtIterateBreakReleases",
		Doc:     "breaking out of Stmt.Iterate releases the statement: on a one-connection pool the next write runs at once",
		Options: oneConn,
		Setup:   "CREATE TABLE t(x)",
		Action: prepared(counting, func(ctx context.Context, s *adapter.Stmt) (any, error) {
			n := 0
			for range 3 {
				for _, err := range s.Iterate(ctx) {
					if err != nil {
						return nil, err
					}
					n++
					break
				}
			}
			return n, nil
		}),
		Want: 3,
	},
}

// errName names err for comparison: "nil", "ErrClosed", or its text.
func errName(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, adapter.ErrClosed):
		return "ErrClosed"
	}
	return err.Error()
}

// alterBetween returns an Action that reads SELECT * FROM t as a Row, runs
// the schema change alter, and reads the same query text again.
func alterBetween(alter string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		var before, after adapter.Row
		if err := e.DB.Get(ctx, &before, "SELECT * FROM t"); err != nil {
			return nil, err
		}
		if _, err := e.DB.Run(ctx, alter); err != nil {
			return nil, err
		}
		err := e.DB.Get(ctx, &after, "SELECT * FROM t")
		return []adapter.Row{before, after}, err
	}
}
