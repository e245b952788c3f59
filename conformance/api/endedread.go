package api

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// endedReadCases: a write whose RETURNING row is being read when its
// context ends keeps the promise: nil means the row is there, an error
// means it is not. (Not through DB.SQL(): database/sql closes the rows
// from its own goroutine when the context ends and drops the error of
// closing them, so its Row.Scan can return nil for a write that was
// undone; the adapter's doc says so.)
var endedReadCases = []spec.Case{
	{
		Name: "ReturningContextEndedWhileStoringRow",
		Doc: "a context that ends while Get stores the RETURNING row of an INSERT (a Scanner that cancels it), through " +
			"DB.Get and Stmt.Get, or while an Iterate loop holds the first row and breaks: nil " +
			"comes with the row inserted, an error (matching context.Canceled) with no row",
		Setup:  resultTable,
		Action: returningEndedWhileStoring,
		Want: map[string]string{
			"DB.Get": "kept", "Stmt.Get": "kept", "DB.Iterate, break": "kept",
		},
	},
}

// cancellingScanner cancels its call's context when a value is stored
// into it, and waits for the adapter to see the context end.
type cancellingScanner struct{ cancel context.CancelFunc }

func (c *cancellingScanner) Scan(any) error {
	c.cancel()
	time.Sleep(5 * time.Millisecond)
	return nil
}

// endedReads are the reads returningEndedWhileStoring makes, by name: each
// inserts a row named after the read, with a context that ends during the
// read.
var endedReads = map[string]func(ctx context.Context, db *adapter.DB, name string) error{
	"DB.Get": func(ctx context.Context, db *adapter.DB, name string) error {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		return db.Get(ctx, &cancellingScanner{cancel}, "INSERT INTO t(name) VALUES (?) RETURNING id", name)
	},
	"Stmt.Get": func(ctx context.Context, db *adapter.DB, name string) error {
		st, err := db.Prepare(ctx, "INSERT INTO t(name) VALUES (?) RETURNING id")
		if err != nil {
			return err
		}
		defer st.Close()
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		return st.Get(ctx, &cancellingScanner{cancel}, name)
	},
	"DB.Iterate, break": func(ctx context.Context, db *adapter.DB, name string) error {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		for _, err := range db.Iterate(ctx, "INSERT INTO t(name) VALUES (?), (NULL) RETURNING id", name) {
			if err != nil {
				return err
			}
			cancel()
			time.Sleep(5 * time.Millisecond)
			break
		}
		return nil
	},
}

// returningEndedWhileStoring makes every read of endedReads and reports,
// for each, "kept" if the promise held, else what happened.
func returningEndedWhileStoring(ctx context.Context, e *spec.Env) (any, error) {
	got := map[string]string{}
	for name, read := range endedReads {
		err := read(ctx, e.DB, name)
		var n int64
		if err := e.DB.Get(ctx, &n, "SELECT count(*) FROM t WHERE name = ?", name); err != nil {
			return nil, err
		}
		switch {
		case err == nil && n == 1, err != nil && n == 0 && errors.Is(err, context.Canceled):
			got[name] = "kept"
		default:
			got[name] = fmt.Sprintf("error %v with %d rows inserted", err, n)
		}
	}
	return got, nil
}
