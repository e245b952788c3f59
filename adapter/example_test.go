package adapter_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	_ "github.com/anysqlite/anysqlite/drivers/all" // link every driver
)

func ExampleOpen() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)

	// nil options: the defaults, and the driver from $ANYSQLITE_DRIVER or
	// the first available one. Options{Driver: "ncruces"} picks one.
	db, err := adapter.Open(ctx, filepath.Join(dir, "app.db"), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	mode, _ := db.PragmaValue(ctx, "journal_mode")
	fk, _ := db.PragmaValue(ctx, "foreign_keys")
	fmt.Println("journal_mode:", mode, "foreign_keys:", fk)
	// Output: journal_mode: wal foreign_keys: 1
}

func ExampleDB_Get() {
	ctx := context.Background()
	db, err := adapter.Open(ctx, ":memory:", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.Exec(ctx, `CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, email TEXT);
		INSERT INTO users(name, email) VALUES ('ann', 'ann@example.com'), ('bob', NULL)`)

	var u struct {
		ID    int64   `db:"id"`
		Name  string  `db:"name"`
		Email *string `db:"email"`
	}
	if err := db.Get(ctx, &u, "SELECT * FROM users WHERE name = ?", "bob"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.ID, u.Name, u.Email == nil)

	var count int
	db.Get(ctx, &count, "SELECT count(*) FROM users")
	fmt.Println("users:", count)

	err = db.Get(ctx, &u, "SELECT * FROM users WHERE name = ?", "cy")
	fmt.Println(errors.Is(err, adapter.ErrNoRows))
	// Output:
	// 2 bob true
	// users: 2
	// true
}

func ExampleDB_All() {
	ctx := context.Background()
	db, err := adapter.Open(ctx, ":memory:", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.Exec(ctx, "CREATE TABLE t(n INTEGER, label TEXT); INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, NULL)")

	var labels []*string
	db.All(ctx, &labels, "SELECT label FROM t ORDER BY n")
	fmt.Println(len(labels), *labels[0], labels[2] == nil)

	var rows []adapter.Row // map[string]any: int64, float64, string, []byte or nil
	db.All(ctx, &rows, "SELECT n, label FROM t WHERE n < ? ORDER BY n", 3)
	fmt.Println(rows)
	// Output:
	// 3 one true
	// [map[label:one n:1] map[label:two n:2]]
}

func ExampleDB_Transaction() {
	ctx := context.Background()
	db, err := adapter.Open(ctx, ":memory:", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.Exec(ctx, "CREATE TABLE accounts(name TEXT PRIMARY KEY, balance INTEGER CHECK (balance >= 0))")
	db.Exec(ctx, "INSERT INTO accounts VALUES ('a', 100), ('b', 0)")

	transfer := func(amount int) error {
		// Returning an error (or panicking) rolls everything back.
		return db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
			if _, err := tx.Run(ctx, "UPDATE accounts SET balance = balance + ? WHERE name = 'b'", amount); err != nil {
				return err
			}
			_, err := tx.Run(ctx, "UPDATE accounts SET balance = balance - ? WHERE name = 'a'", amount)
			return err
		})
	}
	fmt.Println(transfer(30))
	err = transfer(500)
	fmt.Println(errors.Is(err, sqlite.CONSTRAINT_CHECK))

	var total, b int
	db.Get(ctx, &total, "SELECT sum(balance) FROM accounts")
	db.Get(ctx, &b, "SELECT balance FROM accounts WHERE name = 'b'")
	fmt.Println(total, b)
	// Output:
	// <nil>
	// true
	// 100 30
}
