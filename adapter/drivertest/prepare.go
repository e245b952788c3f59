package drivertest

import (
	"database/sql/driver"
	"errors"
	"testing"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
)

// testPrepareOne checks that Prepare accepts one statement with any
// comments, white space and semicolons around it, and that the statement
// runs.
func (k *kit) testPrepareOne(t *testing.T) {
	c := k.mem(t)
	for _, query := range []string{
		"SELECT 1",
		"SELECT 1;",
		"  SELECT 1 ;  \n",
		"SELECT 1; -- trailing comment",
		"SELECT 1; /* c */ ; ;",
		"SELECT 1; ;\n -- trailing\n /* block */ ;",
		"SELECT 1; /* unterminated",
		"SELECT 1 -- no newline",
		"-- leading comment\nSELECT 1",
		"/* leading */ SELECT 1",
		"; ; SELECT 1",
	} {
		t.Run(query, func(t *testing.T) {
			st, err := prepare(t.Context(), c, query)
			if err != nil {
				t.Fatalf("Prepare: %s", k.describe(err))
			}
			defer st.Close()
			rows, err := queryStmt(t.Context(), st)
			if err != nil {
				t.Fatalf("Query: %v", err)
			}
			if len(rows) != 1 || len(rows[0]) != 1 || rows[0][0] != int64(1) {
				t.Errorf("got %v, want [[1]]", rows)
			}
		})
	}
}

// testPrepareEmpty checks that Prepare refuses text with no statement.
func (k *kit) testPrepareEmpty(t *testing.T) {
	k.testPrepareRejects(t, adapter.ErrNoStatement, []string{
		"", "   ", "  \n\t", "-- only a comment", "/* c */ ;", ";;",
	})
}

// testPrepareMultiple checks that Prepare refuses text with more than one
// statement, whether or not the later ones compile, and runs none of it.
func (k *kit) testPrepareMultiple(t *testing.T) {
	c := k.testPrepareRejects(t, adapter.ErrMultipleStatements, []string{
		"SELECT 1; SELECT 2",
		"SELECT 1; SELECT 2; SELECT 3",
		"SELECT 1; CREATE TABLE x(a); INSERT INTO x VALUES(1)",
		"CREATE TABLE x(a); INSERT INTO x VALUES(1)",
		"; SELECT 1; SELECT 2",
		"SELECT 1; -- c\n SELECT 2",
		"SELECT 1; SELEC 2",
		"SELECT 1; x",
	})
	if _, err := queryErr(t.Context(), c, "SELECT * FROM x"); err == nil {
		t.Error("table x exists: part of a rejected script ran")
	}
}

// testPrepareRejects checks that Prepare fails with want for each query,
// on one connection, which it returns.
func (k *kit) testPrepareRejects(t *testing.T, want error, queries []string) driver.Conn {
	c := k.mem(t)
	for _, query := range queries {
		t.Run(query, func(t *testing.T) {
			st, err := prepare(t.Context(), c, query)
			if err == nil {
				st.Close()
				t.Fatalf("Prepare succeeded, want an error wrapping %v", want)
			}
			if !errors.Is(err, want) {
				t.Errorf("got %s, want an error wrapping %v", k.describe(err), want)
			}
		})
	}
	return c
}

// testPrepareCompiles checks that Prepare compiles the statement, so that
// errors surface there with SQLite's code and message.
func (k *kit) testPrepareCompiles(t *testing.T) {
	c := k.mem(t)
	for _, tt := range []struct{ query, msg string }{
		{"SELEC 1", `near "SELEC": syntax error`},
		{"SELECT * FROM nope", "no such table: nope"},
		{"SELECT nosuchfunction(1)", "no such function: nosuchfunction"},
	} {
		st, err := prepare(t.Context(), c, tt.query)
		if err == nil {
			st.Close()
			t.Errorf("Prepare(%q) succeeded", tt.query)
			continue
		}
		code, msg, ok := k.decode(err)
		if !ok || code != sqlite.ExtendedCode(sqlite.ERROR) || msg != tt.msg {
			t.Errorf("Prepare(%q): DecodeError(%v) = %v, %q, %v; want SQLITE_ERROR, %q", tt.query, err, code, msg, ok, tt.msg)
		}
	}
}
