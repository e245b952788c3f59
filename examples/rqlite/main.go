// Command rqlite uses the adapter's API on an rqlite cluster: it opens the
// cluster whose node URLs it is given (the DSN: URLs separated by commas),
// writes two rows in one atomic DB.Batch, reads them back, and shows that
// an interactive transaction is refused with errors.ErrUnsupported.
//
//	rqlited -node-id 1 ~/node.1 &   # an rqlite v8 node on http://127.0.0.1:4001
//	go run ./examples/rqlite http://127.0.0.1:4001
//
// examples/rqlite's test runs it against a 3-node cluster of its own.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/anysqlite/anysqlite/adapter"
	_ "github.com/anysqlite/anysqlite/drivers/rqlite"
)

func main() {
	dsn := "http://127.0.0.1:4001"
	if len(os.Args) > 1 {
		dsn = os.Args[1]
	}
	if err := run(context.Background(), os.Stdout, dsn); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer, dsn string) error {
	db, err := adapter.Open(ctx, dsn, &adapter.Options{Driver: "rqlite"})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Exec(ctx, "CREATE TABLE IF NOT EXISTS accounts(id INTEGER PRIMARY KEY, owner TEXT NOT NULL, cents INTEGER NOT NULL)"); err != nil {
		return err
	}
	// One request, applied atomically on the cluster: both rows or neither.
	// An error means neither was written, unless it wraps
	// adapter.ErrOutcomeUnknown (the cluster could not be asked afterwards).
	res, err := db.Batch(ctx,
		adapter.Statement{SQL: "INSERT INTO accounts(owner, cents) VALUES (?, ?)", Args: []any{"ada", 1200}},
		adapter.Statement{SQL: "INSERT INTO accounts(owner, cents) VALUES (:owner, :cents)", Args: []any{map[string]any{"owner": "bob", "cents": 800}}},
	)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "inserted rows %d and %d\n", res[0].LastInsertRowID, res[1].LastInsertRowID)

	var total int64
	if err := db.Get(ctx, &total, "SELECT sum(cents) FROM accounts WHERE id IN (?, ?)", res[0].LastInsertRowID, res[1].LastInsertRowID); err != nil {
		return err
	}
	fmt.Fprintf(w, "their balance: %d cents\n", total)

	// rqlite applies each request on its own: no statement can be read
	// inside a transaction and acted on in it.
	err = db.Transaction(ctx, func(tx *adapter.Tx) error { return nil })
	fmt.Fprintf(w, "Transaction is unsupported: %t\n", errors.Is(err, errors.ErrUnsupported))
	return nil
}
