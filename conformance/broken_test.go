package conformance_test

import (
	"context"
	"database/sql/driver"
	"io"
	"slices"
	"strings"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
)

// broken wraps a real driver and breaks one behaviour, to prove the suite
// notices: a conformance suite that passes a broken driver is worthless.
type broken struct {
	contract.Driver
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

func (b broken) OpenConn(ctx context.Context, cfg contract.ConnConfig) (contract.Conn, error) {
	c, err := b.Driver.OpenConn(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return brokenConn{Conn: c.(contract.Conn), b: b}, nil
}

type brokenConn struct {
	contract.Conn
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

// brokenDrivers returns the real driver the wrappers wrap and the
// wrappers, as values: nothing is registered.
func brokenDrivers(t *testing.T) (base contract.Driver, wrappers []broken) {
	base, err := adapter.Lookup("modernc")
	if err != nil {
		t.Fatal(err)
	}
	wrappers = []broken{
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
	for i := range wrappers {
		wrappers[i].Driver = base
	}
	return base, wrappers
}

func TestSuiteCatchesBrokenDrivers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the catalogue four times")
	}
	base, wrappers := brokenDrivers(t)
	ctx := context.Background()
	failing := func(d contract.Driver) map[string]bool {
		out := map[string]bool{}
		for _, r := range conformance.RunAll(ctx, []conformance.Opener{conformance.For(d)}, nil, nil) {
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
	for _, w := range wrappers {
		name := w.name
		t.Run(name, func(t *testing.T) {
			var caught []string
			for c := range failing(w) {
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
	_ contract.Driver         = broken{}
	_ contract.Conn           = brokenConn{}
	_ driver.StmtQueryContext = brokenStmt{}
	_ io.Closer               = brokenRows{}
)
