package conformance_test

import (
	"context"
	"database/sql/driver"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
)

// broken wraps a real driver and breaks one behaviour, to prove the suite
// notices: a conformance suite that passes a broken driver is worthless.
type broken struct {
	adapter.Driver
	name string
	// query rewrites SQL before it reaches the real driver.
	query func(string) string
	// value rewrites each value read.
	value func(driver.Value) driver.Value
}

func (b broken) Info() adapter.DriverInfo {
	info := b.Driver.Info()
	info.Name = b.name
	return info
}

func (b broken) OpenConn(ctx context.Context, cfg adapter.ConnConfig) (driver.Conn, error) {
	c, err := b.Driver.OpenConn(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return brokenConn{Conn: c.(adapter.Conn), b: b}, nil
}

type brokenConn struct {
	adapter.Conn
	b broken
}

func (c brokenConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if c.b.query != nil {
		query = c.b.query(query)
	}
	s, err := c.Conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return brokenStmt{Stmt: s, b: c.b}, nil
}

type brokenStmt struct {
	driver.Stmt
	b broken
}

func (s brokenStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (s brokenStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil || s.b.value == nil {
		return rows, err
	}
	return brokenRows{Rows: rows, b: s.b}, nil
}

type brokenRows struct {
	driver.Rows
	b broken
}

func (r brokenRows) Next(dest []driver.Value) error {
	err := r.Rows.Next(dest)
	if err == nil {
		for i, v := range dest {
			dest[i] = r.b.value(v)
		}
	}
	return err
}

var registerBroken sync.Once

// brokenDrivers registers the broken wrappers around a pure-Go driver.
func brokenDrivers(t *testing.T) (base string, names []string) {
	base = "modernc"
	real, err := adapter.Lookup(base)
	if err != nil {
		t.Fatal(err)
	}
	wrappers := []broken{
		{name: "broken-emptyblob", value: func(v driver.Value) driver.Value {
			if b, ok := v.([]byte); ok && len(b) == 0 {
				return nil // the classic: an empty BLOB read back as NULL
			}
			return v
		}},
		{name: "broken-rollback", query: func(q string) string {
			if strings.EqualFold(strings.TrimSpace(q), "ROLLBACK") {
				return "COMMIT" // a rollback that keeps the changes
			}
			return q
		}},
		{name: "broken-declared-time", value: func(v driver.Value) driver.Value {
			if s, ok := v.(string); ok && len(s) == len("2006-01-02 15:04:05") && s[4] == '-' && s[10] == ' ' {
				return s + "Z" // a driver that "helps" with DATETIME text
			}
			return v
		}},
	}
	registerBroken.Do(func() {
		for _, w := range wrappers {
			w.Driver = real
			adapter.Register(w)
		}
	})
	for _, w := range wrappers {
		names = append(names, w.name)
	}
	return base, names
}

// TestSuiteCatchesBrokenDrivers runs the catalogue on the real driver and on
// each broken wrapper of it: every wrapper must fail cases that the real
// driver passes, in the category its breakage belongs to.
func TestSuiteCatchesBrokenDrivers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the catalogue four times")
	}
	base, names := brokenDrivers(t)
	ctx := context.Background()
	failing := func(name string) map[string]bool {
		out := map[string]bool{}
		for _, r := range conformance.RunAll(ctx, []conformance.Opener{conformance.Driver(name)}, nil, nil) {
			if r.Status == conformance.Fail {
				out[r.Category+"/"+r.Case] = true
			}
		}
		return out
	}
	realFails := failing(base)
	expect := map[string]string{ // wrapper -> category that must catch it
		"broken-emptyblob":     "Types",
		"broken-rollback":      "Transactions",
		"broken-declared-time": "Types",
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			var caught []string
			for c := range failing(name) {
				if !realFails[c] {
					caught = append(caught, c)
				}
			}
			slices.Sort(caught)
			if !slices.ContainsFunc(caught, func(c string) bool { return strings.HasPrefix(c, expect[name]+"/") }) {
				t.Errorf("no %s case caught %s; cases failing only on it: %v", expect[name], name, caught)
			}
			t.Logf("%s caught by %d cases: %v", name, len(caught), caught)
		})
	}
}

// Compile-time check that the wrappers keep the driver contract's shape.
var (
	_ adapter.Driver          = broken{}
	_ adapter.Conn            = brokenConn{}
	_ driver.StmtQueryContext = brokenStmt{}
	_ io.Closer               = brokenRows{}
)
