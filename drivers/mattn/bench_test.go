//go:build cgo

package mattn

import (
	"context"
	"database/sql/driver"
	"io"
	"strconv"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// benchConn opens an in-memory database holding table t of n rows of five
// columns: INTEGER, REAL, TEXT, BLOB and NULL.
func benchConn(b *testing.B, n int) driver.Conn {
	b.Helper()
	c, err := Driver{}.OpenConn(context.Background(), contract.ConnConfig{Path: ":memory:"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	exec := func(query string, args ...driver.NamedValue) {
		st, err := c.(driver.ConnPrepareContext).PrepareContext(context.Background(), query)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		if _, err := st.(driver.StmtExecContext).ExecContext(context.Background(), args); err != nil {
			b.Fatal(err)
		}
	}
	exec("CREATE TABLE t(id INTEGER PRIMARY KEY, i, f, s, b, z)")
	for i := range n {
		exec("INSERT INTO t(i, f, s, b, z) VALUES(?, ?, ?, ?, NULL)",
			driver.NamedValue{Ordinal: 1, Value: int64(i) * 1000},
			driver.NamedValue{Ordinal: 2, Value: float64(i) / 3},
			driver.NamedValue{Ordinal: 3, Value: "text value number " + strconv.Itoa(i)},
			driver.NamedValue{Ordinal: 4, Value: []byte("0123456789abcdef")})
	}
	return c
}

func benchPrepare(b *testing.B, c driver.Conn, query string) driver.Stmt {
	b.Helper()
	st, err := c.(driver.ConnPrepareContext).PrepareContext(context.Background(), query)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkQuery reads 100 rows of five columns from a prepared statement.
func BenchmarkQuery(b *testing.B) {
	for _, cancellable := range []bool{false, true} {
		name := "Background"
		if cancellable {
			name = "WithCancel"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			if cancellable {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				defer cancel()
			}
			c := benchConn(b, 100)
			st := benchPrepare(b, c, "SELECT i, f, s, b, z FROM t").(driver.StmtQueryContext)
			b.ReportAllocs()
			for b.Loop() {
				rows, err := st.QueryContext(ctx, nil)
				if err != nil {
					b.Fatal(err)
				}
				dest := make([]driver.Value, len(rows.Columns()))
				n := 0
				for {
					err := rows.Next(dest)
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				rows.Close()
				if n != 100 {
					b.Fatalf("%d rows", n)
				}
			}
		})
	}
}

// BenchmarkQueryRow runs a prepared one-row query with one argument.
func BenchmarkQueryRow(b *testing.B) {
	c := benchConn(b, 100)
	st := benchPrepare(b, c, "SELECT i, s FROM t WHERE id = ?").(driver.StmtQueryContext)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	args := []driver.NamedValue{{Ordinal: 1, Value: int64(42)}}
	dest := make([]driver.Value, 2)
	b.ReportAllocs()
	for b.Loop() {
		rows, err := st.QueryContext(ctx, args)
		if err != nil {
			b.Fatal(err)
		}
		if err := rows.Next(dest); err != nil {
			b.Fatal(err)
		}
		rows.Close()
	}
}

// BenchmarkExec runs a prepared UPDATE with two arguments.
func BenchmarkExec(b *testing.B) {
	c := benchConn(b, 100)
	st := benchPrepare(b, c, "UPDATE t SET s = ? WHERE id = ?").(driver.StmtExecContext)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	args := []driver.NamedValue{{Ordinal: 1, Value: "updated"}, {Ordinal: 2, Value: int64(42)}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := st.ExecContext(ctx, args); err != nil {
			b.Fatal(err)
		}
	}
}
