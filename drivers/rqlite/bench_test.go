package rqlite

import (
	"context"
	"testing"
)

// The benchmarks compare what the client adds to rqlite's own cost: the
// bookkeeping of exactly-once writes, and the wrapping of queries that
// keeps values exact. Run them together to quote ratios, e.g.
//
//	go test -run '^$' -bench . -benchtime 2s ./drivers/rqlite

// BenchmarkWrite is Exec of one INSERT: one transaction=true request with
// the bookkeeping row and the result record around the statement.
func BenchmarkWrite(b *testing.B) {
	c, tb := benchClient(b)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		if _, err := c.Exec(ctx, "INSERT INTO "+tb+"(v, w) VALUES(?, ?)", int64(i), "x"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWritePlain sends the same INSERT as a bare transaction=true
// request, as a client without exactly-once writes would.
func BenchmarkWritePlain(b *testing.B) {
	c, tb := benchClient(b)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		body, err := encodeRequest([]Statement{{SQL: "INSERT INTO " + tb + "(v, w) VALUES(?, ?)", Args: []any{int64(i), "x"}}})
		if err != nil {
			b.Fatal(err)
		}
		if a := c.send(ctx, execEndpoint(true), body); a.outcome != answered {
			b.Fatal(a.err)
		}
	}
}

// BenchmarkQuery reads 100 rows of three columns through the wrapped
// query (probe and wrapped statement in one request).
func BenchmarkQuery(b *testing.B) {
	c, tb := benchClient(b)
	ctx := context.Background()
	q := "SELECT id, v, w FROM " + tb + " ORDER BY id LIMIT 100"
	for b.Loop() {
		rows, err := c.Query(ctx, q)
		if err != nil || len(rows.Values) != 100 {
			b.Fatal(err)
		}
	}
}

// BenchmarkQueryPlain reads the same rows as rqlite encodes them.
func BenchmarkQueryPlain(b *testing.B) {
	c, tb := benchClient(b)
	ctx := context.Background()
	q := "SELECT id, v, w FROM " + tb + " ORDER BY id LIMIT 100"
	for b.Loop() {
		resp, err := c.read(ctx, []Statement{{SQL: q}})
		if err != nil {
			b.Fatal(err)
		}
		r, err := oneResult(resp)
		if err != nil {
			b.Fatal(err)
		}
		if rows, err := rawRows(r); err != nil || len(rows.Values) != 100 {
			b.Fatal(err)
		}
	}
}

// benchClient returns a client of the shared cluster and a table with
// 200 rows.
func benchClient(b *testing.B) (*Client, string) {
	b.Helper()
	cl := sharedClusterTB(b)
	c, err := Open(context.Background(), cl.DSN(""), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	tb := "bench_" + sanitize(b.Name())
	ctx := context.Background()
	stmts := []Statement{{SQL: "DROP TABLE IF EXISTS " + tb}, {SQL: "CREATE TABLE " + tb + "(id INTEGER PRIMARY KEY, v INTEGER, w TEXT)"}}
	for i := 0; i < 200; i++ {
		stmts = append(stmts, Statement{SQL: "INSERT INTO " + tb + "(v, w) VALUES(?, ?)", Args: []any{int64(i), "some text"}})
	}
	if _, err := c.Batch(ctx, stmts...); err != nil {
		b.Fatal(err)
	}
	return c, tb
}
