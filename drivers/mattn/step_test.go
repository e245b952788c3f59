//go:build cgo

package mattn

import (
	"bytes"
	"context"
	"database/sql/driver"
	"strings"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// TestBindLargeValues checks that the TEXT and BLOB arguments of one
// execution, bound from the connection's arena, arrive intact when they
// are larger than the arena ever was and than it keeps between
// executions: the arena grows once, before any value is bound from it.
func TestBindLargeValues(t *testing.T) {
	ctx := context.Background()
	dc, err := Driver{}.OpenConn(ctx, contract.ConnConfig{Path: ":memory:"})
	if err != nil {
		t.Fatal(err)
	}
	defer dc.Close()
	c := dc.(*conn)
	exec := func(query string, args ...driver.NamedValue) {
		t.Helper()
		st, err := c.PrepareContext(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := st.(driver.StmtExecContext).ExecContext(ctx, args); err != nil {
			t.Fatal(err)
		}
	}
	exec("CREATE TABLE t(a TEXT, b BLOB, c TEXT, d BLOB)")
	// Together more than maxArena, each more than half of it; small
	// enough for the 8 MiB PRAGMA hard_heap_limit that TestContract's
	// NoMemIsAnError leaves behind (the PRAGMA can only lower it).
	small, text := "small", strings.Repeat("text ", 3*maxArena/20)
	blob := bytes.Repeat([]byte{1, 2, 3, 0}, maxArena/7)
	for range 2 { // the second time into an arena given back and grown again
		exec("DELETE FROM t")
		exec("INSERT INTO t VALUES (?, ?, ?, ?)", driver.NamedValue{Ordinal: 1, Value: small},
			driver.NamedValue{Ordinal: 2, Value: blob}, driver.NamedValue{Ordinal: 3, Value: text},
			driver.NamedValue{Ordinal: 4, Value: []byte{}})
		st, err := c.PrepareContext(ctx, "SELECT a, b, c, d FROM t")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		row := make([]driver.Value, 4)
		if err := rows.Next(row); err != nil {
			t.Fatal(err)
		}
		if row[0] != small || !bytes.Equal(row[1].([]byte), blob) || row[2] != text || row[3] == nil || len(row[3].([]byte)) != 0 {
			t.Errorf("read back %q, %d bytes, %d bytes, %#v", row[0], len(row[1].([]byte)), len(row[2].(string)), row[3])
		}
		rows.Close()
		st.Close()
	}
}
