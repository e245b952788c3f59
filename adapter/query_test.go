package adapter_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/google/go-cmp/cmp"
)

type user struct {
	ID    int64          `db:"id"`
	Name  string         `db:"name"`
	Email sql.NullString `db:"email"`
	Age   *int           `db:"age"`
}

const usersSchema = `CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, email TEXT, age INTEGER);
	INSERT INTO users(name, email, age) VALUES ('ann', 'ann@x', 30), ('bob', NULL, NULL);`

func TestRunResult(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, usersSchema)
		steps := []struct {
			query string
			args  []any
			want  adapter.Result
		}{
			{"INSERT INTO users(name) VALUES (?)", []any{"cy"}, adapter.Result{Changes: 1, LastInsertRowID: 3}},
			{"INSERT INTO users(name) VALUES ('d1'), ('d2')", nil, adapter.Result{Changes: 2, LastInsertRowID: 5}},
			{"UPDATE users SET age = 1 WHERE id > 100", nil, adapter.Result{}},
			{"UPDATE users SET age = 2 WHERE id <= 2", nil, adapter.Result{Changes: 2}},
			{"INSERT OR IGNORE INTO users(name) VALUES ('ann')", nil, adapter.Result{}},
			{"DELETE FROM users WHERE name LIKE 'd%'", nil, adapter.Result{Changes: 2}},
			{"CREATE TABLE other(x)", nil, adapter.Result{}},
			{"SELECT * FROM users", nil, adapter.Result{}},
			{"WITH n(v) AS (VALUES ('e')) INSERT INTO users(name) SELECT v FROM n", nil, adapter.Result{Changes: 1, LastInsertRowID: 4}}, // rowids 4 and 5 were freed,
		}
		for _, s := range steps {
			got, err := db.Run(ctx, s.query, s.args...)
			must(t, err)
			if got != s.want {
				t.Errorf("Run(%q) = %+v, want %+v", s.query, got, s.want)
			}
		}
	})
}

func TestGetAndAll(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, usersSchema)
		thirty := 30

		var u user
		must(t, db.Get(ctx, &u, "SELECT * FROM users WHERE name = ?", "ann"))
		if diff := cmp.Diff(user{1, "ann", sql.NullString{String: "ann@x", Valid: true}, &thirty}, u); diff != "" {
			t.Errorf("Get struct (-want +got):\n%s", diff)
		}

		var users []user
		must(t, db.All(ctx, &users, "SELECT * FROM users ORDER BY id"))
		if diff := cmp.Diff([]user{{1, "ann", sql.NullString{String: "ann@x", Valid: true}, &thirty}, {ID: 2, Name: "bob"}}, users); diff != "" {
			t.Errorf("All structs (-want +got):\n%s", diff)
		}

		var ptrs []*user
		must(t, db.All(ctx, &ptrs, "SELECT id, name FROM users ORDER BY id"))
		if len(ptrs) != 2 || ptrs[1].Name != "bob" {
			t.Errorf("All pointers = %v", ptrs)
		}

		var names []string
		must(t, db.All(ctx, &names, "SELECT name FROM users ORDER BY name DESC"))
		if diff := cmp.Diff([]string{"bob", "ann"}, names); diff != "" {
			t.Errorf("All scalars (-want +got):\n%s", diff)
		}

		var rows []adapter.Row
		must(t, db.All(ctx, &rows, "SELECT id, email FROM users ORDER BY id"))
		if diff := cmp.Diff([]adapter.Row{{"id": int64(1), "email": "ann@x"}, {"id": int64(2), "email": nil}}, rows); diff != "" {
			t.Errorf("All rows (-want +got):\n%s", diff)
		}

		var n int
		must(t, db.Get(ctx, &n, "SELECT count(*) FROM users"))
		if n != 2 {
			t.Errorf("count = %d", n)
		}

		var none []user
		must(t, db.All(ctx, &none, "SELECT * FROM users WHERE 0"))
		if none == nil || len(none) != 0 {
			t.Errorf("All with no rows = %#v, want an empty slice", none)
		}
		err := db.Get(ctx, &u, "SELECT * FROM users WHERE 0")
		if !errors.Is(err, adapter.ErrNoRows) || !errors.Is(err, sql.ErrNoRows) {
			t.Errorf("Get with no rows = %v", err)
		}

		var id int64
		must(t, db.Get(ctx, &id, "INSERT INTO users(name) VALUES ('new') RETURNING id"))
		var returned []adapter.Row
		must(t, db.All(ctx, &returned, "UPDATE users SET age = 9 WHERE name IN ('new', 'bob') RETURNING name"))
		if id != 3 || len(returned) != 2 {
			t.Errorf("RETURNING: id %d, rows %v", id, returned)
		}
	})
}

func TestDestinationErrors(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, usersSchema)
		var u user
		var n int
		var dup adapter.Row
		var s []user
		cases := map[string]func() error{
			"NotAPointer":     func() error { return db.Get(ctx, u, "SELECT * FROM users") },
			"NilPointer":      func() error { return db.Get(ctx, (*user)(nil), "SELECT * FROM users") },
			"UnknownColumn":   func() error { return db.Get(ctx, &u, "SELECT 1 AS nope") },
			"TwoColsIntoInt":  func() error { return db.Get(ctx, &n, "SELECT 1, 2") },
			"NullIntoInt":     func() error { return db.Get(ctx, &n, "SELECT NULL") },
			"DuplicateRowCol": func() error { return db.Get(ctx, &dup, "SELECT 1 AS a, 2 AS a") },
			"AllNotSlice":     func() error { return db.All(ctx, &u, "SELECT * FROM users") },
			"AllUnknownCol":   func() error { return db.All(ctx, &s, "SELECT 1 AS nope") },
		}
		for name, f := range cases {
			if err := f(); !errors.Is(err, adapter.ErrDestination) {
				t.Errorf("%s: got %v, want ErrDestination", name, err)
			}
		}
	})
}

func TestParameters(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		var row adapter.Row
		must(t, db.Get(ctx, &row, "SELECT :a AS a, @b AS b, $c AS c, ?4 AS d",
			sql.Named("a", 1), sql.Named("b", "two"), sql.Named("c", 3.5), 4))
		if diff := cmp.Diff(adapter.Row{"a": int64(1), "b": "two", "c": 3.5, "d": int64(4)}, row); diff != "" {
			t.Errorf("named (-want +got):\n%s", diff)
		}
		must(t, db.Get(ctx, &row, "SELECT :x AS x, :x + 1 AS y", map[string]any{"x": 10}))
		if row["x"] != int64(10) || row["y"] != int64(11) {
			t.Errorf("map args: %v", row)
		}
		for name, args := range map[string][]any{"TooFew": {1}, "TooMany": {1, 2, 3}, "None": nil} {
			var a adapter.Row
			if err := db.Get(ctx, &a, "SELECT ?, ?", args...); !errors.Is(err, adapter.ErrArgument) {
				t.Errorf("%s: Get = %v, want ErrArgument", name, err)
			}
			if _, err := db.Run(ctx, "SELECT ?, ?", args...); !errors.Is(err, adapter.ErrArgument) {
				t.Errorf("%s: Run = %v, want ErrArgument", name, err)
			}
		}
		if _, err := db.Run(ctx, "SELECT ?", struct{}{}); !errors.Is(err, adapter.ErrArgument) {
			t.Errorf("struct argument: %v", err)
		}
	})
}

func TestStatementCount(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		for query, want := range map[string]error{
			"":                          adapter.ErrNoStatement,
			" -- only a comment":        adapter.ErrNoStatement,
			"SELECT 1; SELECT 2":        adapter.ErrMultipleStatements,
			"SELECT 1; SELECT 2;":       adapter.ErrMultipleStatements,
			"BEGIN":                     adapter.ErrTxControl,
			"COMMIT":                    adapter.ErrTxControl,
			"SAVEPOINT x":               adapter.ErrTxControl,
			"rollback":                  adapter.ErrTxControl,
			"PRAGMA no_such = 1":        adapter.ErrPragma,
			"PRAGMA user_version = 1 x": adapter.ErrPragma,
		} {
			if _, err := db.Prepare(ctx, query); !errors.Is(err, want) {
				t.Errorf("Prepare(%q) = %v, want %v", query, err, want)
			}
			if _, err := db.Run(ctx, query); !errors.Is(err, want) {
				t.Errorf("Run(%q) = %v, want %v", query, err, want)
			}
		}
		st, err := db.Prepare(ctx, "SELECT 1;  -- trailing")
		must(t, err)
		must(t, st.Close())
		if err := db.Exec(ctx, "CREATE TABLE t(x); BEGIN; INSERT INTO t VALUES (1)"); !errors.Is(err, adapter.ErrTxControl) {
			t.Errorf("Exec with BEGIN = %v", err)
		}
		// Nothing of the refused script ran.
		if _, err := db.Run(ctx, "SELECT * FROM t"); !errors.Is(err, adapter.ErrError) {
			t.Errorf("table t exists after a refused script: %v", err)
		}
	})
}

func TestExecScript(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		must(t, db.Exec(ctx, `
			CREATE TABLE t(x);
			CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.x); END;
			CREATE TABLE log(x);
			INSERT INTO t VALUES (1), (2);
			SELECT * FROM t; -- a query in a script runs to completion
		`))
		var n int
		must(t, db.Get(ctx, &n, "SELECT count(*) FROM log"))
		if n != 2 {
			t.Errorf("trigger rows = %d", n)
		}
		err := db.Exec(ctx, "INSERT INTO t VALUES (3); INSERT INTO nope VALUES (1); INSERT INTO t VALUES (4)")
		var se *adapter.Error
		if !errors.As(err, &se) || se.Code() != adapter.ErrError {
			t.Errorf("bad script: %v", err)
		}
		must(t, db.Get(ctx, &n, "SELECT count(*) FROM t"))
		if n != 3 {
			t.Errorf("after a failing script: %d rows, want 3 (stops at the first error)", n)
		}
		must(t, db.Exec(ctx, " ; -- nothing"))
	})
}

func TestPreparedStatement(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")
		ins, err := db.Prepare(ctx, "INSERT INTO t(v) VALUES (?)")
		must(t, err)
		for _, v := range []string{"a", "b", "c"} {
			res, err := ins.Run(ctx, v)
			must(t, err)
			if res.Changes != 1 {
				t.Errorf("Changes = %d", res.Changes)
			}
		}
		if ins.NumParams() != 1 {
			t.Errorf("NumParams = %d", ins.NumParams())
		}
		sel, err := db.Prepare(ctx, "SELECT v FROM t WHERE id >= ? ORDER BY id")
		must(t, err)
		var vs []string
		must(t, sel.All(ctx, &vs, 2))
		var first string
		must(t, sel.Get(ctx, &first, 1))
		if diff := cmp.Diff([]string{"b", "c"}, vs); diff != "" || first != "a" {
			t.Errorf("All = %v, Get = %q", vs, first)
		}
		var seen []any
		for row, err := range sel.Iterate(ctx, 1) {
			must(t, err)
			seen = append(seen, row["v"])
			break // early break must release the statement
		}
		if len(seen) != 1 {
			t.Errorf("iterated %v", seen)
		}
		// The connection is free again: a write goes through at once.
		_, err = db.Run(ctx, "DELETE FROM t WHERE id = 3")
		must(t, err)
		must(t, ins.Close())
		must(t, ins.Close())
		if _, err := ins.Run(ctx, "x"); !errors.Is(err, adapter.ErrClosed) {
			t.Errorf("Run on closed Stmt = %v", err)
		}
		must(t, db.Close())
		if err := sel.Get(ctx, &first, 1); !errors.Is(err, adapter.ErrClosed) {
			t.Errorf("Get on Stmt of closed DB = %v", err)
		}
	})
}

func TestIterate(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)")
		sum := int64(0)
		must(t, db.Transaction(ctx, func(tx *adapter.Tx) error {
			const q = "SELECT x FROM t WHERE x >= ? ORDER BY x"
			for row, err := range tx.Iterate(ctx, q, 1) {
				if err != nil {
					return err
				}
				// The same query text again, on the same connection, while
				// the outer rows are still open.
				var inner []int64
				if err := tx.All(ctx, &inner, q, row["x"]); err != nil {
					return err
				}
				sum += int64(len(inner))
			}
			return nil
		}))
		if sum != 6 {
			t.Errorf("sum = %d, want 3+2+1", sum)
		}
		n := 0
		for _, err := range db.Iterate(ctx, "SELECT nope FROM t") {
			n++
			if !errors.Is(err, adapter.ErrError) {
				t.Errorf("Iterate error = %v", err)
			}
		}
		if n != 1 {
			t.Errorf("a failing Iterate yielded %d times", n)
		}
	})
}
