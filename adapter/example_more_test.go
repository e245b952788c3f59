package adapter_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
)

// The examples print what is the same on every driver, so they pass
// whichever driver Open chooses ($ANYSQLITE_DRIVER or the build's first).

// memDB opens a private in-memory database with a small table, for the
// examples below; a program would check the errors.
func memDB(ctx context.Context, schema string) *adapter.DB {
	db, err := adapter.Open(ctx, ":memory:", nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := db.Exec(ctx, schema); err != nil {
		log.Fatal(err)
	}
	return db
}

func ExampleOptions_driver() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// By option: the driver is a name, and nothing else in the program
	// changes with it.
	db, err := adapter.Open(ctx, filepath.Join(dir, "a.db"), &adapter.Options{Driver: "modernc"})
	if err != nil {
		log.Fatal(err) // an unknown or unavailable driver is an error, never a nil *DB to use
	}
	fmt.Println("by option:", db.Driver().Name)
	db.Close()

	// By environment: with Options.Driver empty, $ANYSQLITE_DRIVER decides
	// (a deployment can switch drivers without a rebuild).
	defer os.Setenv(adapter.EnvDriver, os.Getenv(adapter.EnvDriver))
	os.Setenv(adapter.EnvDriver, "modernc")
	db, err = adapter.Open(ctx, filepath.Join(dir, "b.db"), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("by $ANYSQLITE_DRIVER:", db.Driver().Name)
	db.Close()

	// Settings: the zero value of each field is the documented default.
	db, err = adapter.Open(ctx, filepath.Join(dir, "c.db"), &adapter.Options{
		Driver:      "modernc",
		BusyTimeout: 2 * time.Second,
		JournalMode: "DELETE",
		Pragmas:     []string{"temp_store = MEMORY"},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	bt, _ := db.PragmaValue(ctx, "busy_timeout")
	mode, _ := db.PragmaValue(ctx, "journal_mode")
	ts, _ := db.PragmaValue(ctx, "temp_store")
	fmt.Println("busy_timeout:", bt, "journal_mode:", mode, "temp_store:", ts)

	_, err = adapter.Open(ctx, filepath.Join(dir, "d.db"), &adapter.Options{Driver: "sqlite4"})
	fmt.Println(errors.Is(err, adapter.ErrUnknownDriver))
	// Output:
	// by option: modernc
	// by $ANYSQLITE_DRIVER: modernc
	// busy_timeout: 2000 journal_mode: delete temp_store: 2
	// true
}

func ExampleDB_Run() {
	ctx := context.Background()
	db := memDB(ctx, "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
	defer db.Close()

	res, err := db.Run(ctx, "INSERT INTO users(name) VALUES (?), (?)", "ann", "bob")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("inserted", res.Changes, "last rowid", res.LastInsertRowID)

	// Named parameters bind from one map (or sql.Named), with :, @ or $.
	res, _ = db.Run(ctx, "UPDATE users SET name = :new WHERE name = :old", map[string]any{"old": "bob", "new": "bo"})
	fmt.Println("updated", res.Changes, "last rowid", res.LastInsertRowID)
	// Output:
	// inserted 2 last rowid 2
	// updated 1 last rowid 0
}

func ExampleDB_Iterate() {
	ctx := context.Background()
	db := memDB(ctx, `CREATE TABLE t(n INTEGER, sq INTEGER);
		WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM s WHERE n < 1000) INSERT INTO t SELECT n, n*n FROM s`)
	defer db.Close()

	// One row at a time, without loading the result; breaking out of the
	// loop closes the query.
	sum := int64(0)
	for row, err := range db.Iterate(ctx, "SELECT n, sq FROM t WHERE n <= ? ORDER BY n", 3) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(row["n"], row["sq"])
		sum += row["sq"].(int64) // values are int64, float64, string, []byte or nil
	}
	fmt.Println("sum", sum)
	// Output:
	// 1 1
	// 2 4
	// 3 9
	// sum 14
}

func ExampleDB_Prepare() {
	ctx := context.Background()
	db := memDB(ctx, "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT)")
	defer db.Close()

	// A Stmt holds exactly one statement, is safe for concurrent use, and
	// is valid until Close.
	ins, err := db.Prepare(ctx, "INSERT INTO users(name) VALUES (?)")
	if err != nil {
		log.Fatal(err)
	}
	defer ins.Close()
	for _, name := range []string{"ann", "bob", "cy"} {
		if _, err := ins.Run(ctx, name); err != nil {
			log.Fatal(err)
		}
	}
	get, err := db.Prepare(ctx, "SELECT name FROM users WHERE id = ?")
	if err != nil {
		log.Fatal(err)
	}
	defer get.Close()
	var name string
	if err := get.Get(ctx, &name, 2); err != nil {
		log.Fatal(err)
	}
	fmt.Println(name, get.NumParams())

	_, err = db.Prepare(ctx, "SELECT 1; SELECT 2")
	fmt.Println(errors.Is(err, adapter.ErrMultipleStatements))
	// Output:
	// bob 1
	// true
}

func ExampleDB_Pragma() {
	ctx := context.Background()
	db := memDB(ctx, "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
	defer db.Close()

	// PragmaValue: the first column of the first row.
	fk, err := db.PragmaValue(ctx, "foreign_keys")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("foreign_keys:", fk)

	// A per-connection setting applies to every connection of the pool,
	// current and future.
	if _, err := db.Pragma(ctx, "foreign_keys = OFF"); err != nil {
		log.Fatal(err)
	}
	fk, _ = db.PragmaValue(ctx, "foreign_keys")
	fmt.Println("foreign_keys:", fk)

	// Pragma: every row.
	cols, err := db.Pragma(ctx, "table_info(users)")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range cols {
		fmt.Println(c["name"], c["type"], c["notnull"])
	}

	// Only documented pragmas with one literal value: nothing can be injected.
	_, err = db.Pragma(ctx, "journal_mode = WAL; DROP TABLE users")
	fmt.Println(errors.Is(err, adapter.ErrPragma))
	// Output:
	// foreign_keys: 1
	// foreign_keys: 0
	// id INTEGER 0
	// name TEXT 1
	// true
}

func ExampleError() {
	ctx := context.Background()
	db := memDB(ctx, "CREATE TABLE users(email TEXT UNIQUE)")
	defer db.Close()
	db.Run(ctx, "INSERT INTO users VALUES ('ann@example.com')")

	_, err := db.Run(ctx, "INSERT INTO users VALUES ('ann@example.com')")

	// A class of error: the extended code, or the primary code it belongs to.
	fmt.Println(errors.Is(err, sqlite.CONSTRAINT_UNIQUE), errors.Is(err, sqlite.CONSTRAINT))

	// The codes and SQLite's message, the same on every driver. A code is
	// an error too, so fmt prints its Error text ("sqlite: constraint
	// failed"); String gives SQLite's C name.
	var se *adapter.Error
	if errors.As(err, &se) {
		fmt.Println(se.Code().String(), se.ExtendedCode().String())
		fmt.Println(se.Message())
	}
	fmt.Println(err)
	// Output:
	// true true
	// SQLITE_CONSTRAINT SQLITE_CONSTRAINT_UNIQUE
	// UNIQUE constraint failed: users.email
	// sqlite: UNIQUE constraint failed: users.email (SQLITE_CONSTRAINT_UNIQUE)
}

func ExampleDB_Backup() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := adapter.Open(ctx, filepath.Join(dir, "app.db"), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.Exec(ctx, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)")

	// A consistent copy while the database stays in use; never copy the
	// files of an open database yourself.
	if err := db.Backup(ctx, filepath.Join(dir, "copy.db")); err != nil {
		log.Fatal(err)
	}
	cp, err := adapter.Open(ctx, filepath.Join(dir, "copy.db"), &adapter.Options{ReadOnly: true})
	if err != nil {
		log.Fatal(err)
	}
	defer cp.Close()
	var n int
	cp.Get(ctx, &n, "SELECT count(*) FROM t")
	fmt.Println(n)
	// Output: 2
}

func ExampleDB_Serialize() {
	ctx := context.Background()
	db := memDB(ctx, "CREATE TABLE t(x); INSERT INTO t VALUES ('a'), ('b')")
	defer db.Close()

	// The bytes of the database file: send them, store them in a blob...
	b, err := db.Serialize(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b[:15])) // an SQLite file starts with "SQLite format 3"

	// ...and open a copy in memory, with any driver.
	mem, err := adapter.Deserialize(ctx, b, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer mem.Close()
	var xs []string
	mem.All(ctx, &xs, "SELECT x FROM t ORDER BY x")
	fmt.Println(xs)
	// Output:
	// SQLite format 3
	// [a b]
}

func ExampleDB_Checkpoint() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := adapter.Open(ctx, filepath.Join(dir, "app.db"), nil) // WAL mode by default
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.Exec(ctx, "CREATE TABLE t(x); INSERT INTO t VALUES (1)")

	// PASSIVE never waits and never blocks writers.
	r, err := db.Checkpoint(ctx, adapter.CheckpointPassive)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("busy:", r.Busy, "all frames copied:", r.Log > 0 && r.Checkpointed == r.Log)

	// TRUNCATE, when the database is quiet, also empties the -wal file.
	r, err = db.Checkpoint(ctx, adapter.CheckpointTruncate)
	if err != nil {
		log.Fatal(err)
	}
	fi, _ := os.Stat(filepath.Join(dir, "app.db-wal"))
	fmt.Println("busy:", r.Busy, "frames:", r.Log, "wal bytes:", fi.Size())
	// Output:
	// busy: false all frames copied: true
	// busy: false frames: 0 wal bytes: 0
}

func ExampleDB_SQL() {
	ctx := context.Background()
	db := memDB(ctx, "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users(name) VALUES ('ann'), ('bob')")
	defer db.Close()

	// database/sql, for code written against it: the same pool, with
	// every setting and value conversion of the adapter.
	var fk int
	if err := db.SQL().QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		log.Fatal(err)
	}
	fmt.Println("foreign_keys:", fk)

	// sqlx, likewise.
	var names []string
	if err := db.SQLX().SelectContext(ctx, &names, "SELECT name FROM users ORDER BY id"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(names)
	// Output:
	// foreign_keys: 1
	// [ann bob]
}

func ExampleDriverInfo_Supports() {
	ctx := context.Background()
	db, err := adapter.Open(ctx, ":memory:", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	// Automatic choice prefers a driver with FTS5 and the math functions,
	// so this holds in a plain build too; with Options.Driver "mattn" it
	// needs -tags 'sqlite_fts5 sqlite_math_functions', and Supports says so.
	fmt.Println(db.Driver().Supports(adapter.FeatureFTS5), db.Driver().Supports(adapter.FeatureMath))
	var r float64
	db.Get(ctx, &r, "SELECT round(sqrt(2), 3)")
	fmt.Println(r)
	// Output:
	// <nil> <nil>
	// 1.414
}

func ExampleDB_Batch() {
	ctx := context.Background()
	db, err := adapter.Open(ctx, ":memory:", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := db.Exec(ctx, "CREATE TABLE accounts(name TEXT PRIMARY KEY, balance INTEGER CHECK (balance >= 0))"); err != nil {
		log.Fatal(err)
	}

	// All or nothing, on every driver (a transaction locally, one atomic
	// request on rqlite, which has no interactive transactions).
	res, err := db.Batch(ctx,
		adapter.Statement{SQL: "INSERT INTO accounts VALUES (?, ?)", Args: []any{"a", 100}},
		adapter.Statement{SQL: "INSERT INTO accounts VALUES (?, ?)", Args: []any{"b", 0}},
	)
	fmt.Println(len(res), res[1].LastInsertRowID, err)

	// The second statement fails its CHECK: the first is not applied either.
	_, err = db.Batch(ctx,
		adapter.Statement{SQL: "UPDATE accounts SET balance = balance + 50 WHERE name = ?", Args: []any{"b"}},
		adapter.Statement{SQL: "UPDATE accounts SET balance = balance - 150 WHERE name = ?", Args: []any{"a"}},
	)
	fmt.Println(errors.Is(err, sqlite.CONSTRAINT_CHECK))
	var b int
	if err := db.Get(ctx, &b, "SELECT balance FROM accounts WHERE name = 'b'"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(b)
	// Output:
	// 2 2 <nil>
	// true
	// 0
}
