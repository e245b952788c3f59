package rqlite

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestErrorCodes triggers each error of the message table on the real
// server and checks the code decoded from rqlite's text.
func TestErrorCodes(t *testing.T) {
	ctx := context.Background()
	c := open(t, "")
	tb := table(t)
	mustExec(t, c, "CREATE TABLE "+tb+"(id INTEGER PRIMARY KEY, u TEXT UNIQUE, nn TEXT NOT NULL DEFAULT 'x', ck INT CHECK(ck > 0), f INT REFERENCES "+tb+"(id))")
	mustExec(t, c, "CREATE TABLE "+tb+"_s(a INTEGER) STRICT")
	mustExec(t, c, "CREATE TABLE "+tb+"_w(a, b, PRIMARY KEY(a, b)) WITHOUT ROWID")
	mustExec(t, c, "INSERT INTO "+tb+"(id, u) VALUES(1, 'a')")
	mustExec(t, c, "INSERT INTO "+tb+"_w VALUES(1, 1)")
	cases := []struct {
		sql  string
		code int
		msg  string
	}{
		{"INSERT INTO " + tb + "(id, u) VALUES(2, 'a')", codeConstraint, "UNIQUE constraint failed: " + tb + ".u"},
		{"INSERT INTO " + tb + "(id) VALUES(1)", codeConstraint, "UNIQUE constraint failed: " + tb + ".id"},
		{"INSERT INTO " + tb + "_w VALUES(1, 1)", codeConstraint, "UNIQUE constraint failed: " + tb + "_w.a, " + tb + "_w.b"},
		{"INSERT INTO " + tb + "(id, nn) VALUES(3, NULL)", codeConstraintNotNull, "NOT NULL constraint failed: " + tb + ".nn"},
		{"INSERT INTO " + tb + "(id, ck) VALUES(4, 0)", codeConstraintCheck, "CHECK constraint failed: ck > 0"},
		{"INSERT INTO " + tb + "_s VALUES('x')", codeConstraintDataType, "cannot store TEXT value in INTEGER column " + tb + "_s.a"},
		{"SELEC 1", codeError, `near "SELEC": syntax error`},
		{"SELECT * FROM no_such_table", codeError, "no such table: no_such_table"},
		{"SELECT nope FROM " + tb, codeError, "no such column: nope"},
		{"SELECT nofunc(1)", codeError, "no such function: nofunc"},
		{"SELECT 'unterminated", codeError, `unrecognized token: "'unterminated"`},
		{"SELECT abs(-9223372036854775808)", codeError, "integer overflow"},
		{"SELECT json('{')", codeError, "malformed JSON"},
		{"SELECT 1 UNION SELECT 1, 2", codeError, "SELECTs to the left and right of UNION do not have the same number of result columns"},
		{"CREATE TABLE " + tb + "(x)", codeError, "table " + tb + " already exists"},
		{"SELECT zeroblob(2000000000)", codeTooBig, "string or blob too big"},
		{"SELECT substr()", codeError, "wrong number of arguments to function substr()"},
		{"SELECT 'a' = 'b' COLLATE nocoll", codeError | 1<<8, "no such collation sequence: nocoll"},
	}
	for _, tc := range cases {
		_, err := c.Exec(ctx, tc.sql)
		code, msg, ok := DecodeError(err)
		if !ok || code != tc.code || msg != tc.msg {
			t.Errorf("%s:\n got %d %q %v (%v)\nwant %d %q", tc.sql, code, msg, ok, err, tc.code, tc.msg)
		}
		var e *Error
		if errors.As(err, &e) && e.Statement != 0 {
			t.Errorf("%s: Statement = %d, want 0", tc.sql, e.Statement)
		}
	}
	// Foreign keys are off unless the cluster runs with -fk; a trigger's
	// RAISE text is the user's: the client takes it for SQLITE_ERROR, as
	// any message it does not know (the driver's connection finds the
	// trigger and refines it to SQLITE_CONSTRAINT_TRIGGER).
	mustExec(t, c, "CREATE TRIGGER "+tb+"_tr BEFORE INSERT ON "+tb+"_s BEGIN SELECT RAISE(ABORT, 'custom message'); END")
	_, err := c.Exec(ctx, "INSERT INTO "+tb+"_s VALUES(1)")
	var e *Error
	if !errors.As(err, &e) || e.Message != "custom message" || e.Code != codeError || !e.guessed {
		t.Errorf("RAISE: %#v", err)
	}
}

// TestRequestErrors checks errors rqlite raises itself.
func TestRequestErrors(t *testing.T) {
	ctx := context.Background()
	c := open(t, "")
	for _, q := range []string{"PRAGMA journal_mode=DELETE", "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA synchronous=OFF"} {
		_, err := c.Exec(ctx, q)
		var e *Error
		if !errors.As(err, &e) || e.Message != "disallowed pragma" || e.Statement != -1 {
			t.Errorf("%s: %v", q, err)
		}
	}
	for _, q := range []string{"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT x", "RELEASE x", "END"} {
		if _, err := c.Exec(ctx, q); !errors.Is(err, ErrTxControl) {
			t.Errorf("%s: %v, want ErrTxControl", q, err)
		}
	}
}

// TestCodeTable checks codeOf on texts that need no server.
func TestCodeTable(t *testing.T) {
	for msg, want := range map[string]int{
		"database is locked":                   codeBusy,
		"FOREIGN KEY constraint failed":        codeConstraintFK,
		"table x has 2 columns but 3 values":   0,
		"index i already exists":               codeError,
		"attempt to write a readonly database": codeReadOnly,
		"something new":                        0,
		"near \"x\": syntax error":             codeError,
		"near x":                               0,
	} {
		if got := codeOf(msg); got != want {
			t.Errorf("codeOf(%q) = %d, want %d", msg, got, want)
		}
	}
	if !strings.HasPrefix((&Error{Message: "m"}).Error(), "rqlite: ") {
		t.Error("Error() lacks the prefix")
	}
	// A statement's message the table does not know is SQLITE_ERROR,
	// unless rqlite wrote it.
	for msg, want := range map[string]int{
		"table x has 2 columns but 3 values":             codeError,
		"no such tokenizer: nosuch":                      codeError,
		"query timeout":                                  codeInterrupt,
		"attempt to change database via query operation": 0,
		"disallowed pragma":                              0,
		"UNIQUE constraint failed: t.a":                  codeConstraint,
	} {
		if got := statementError(0, msg).Code; got != want {
			t.Errorf("statementError(%q).Code = %d, want %d", msg, got, want)
		}
	}
}

// TestClassifyRequestError pins which request-level errors mean "not
// applied" (the request is sent again as it is) and which are resolved.
func TestClassifyRequestError(t *testing.T) {
	for msg, want := range map[string]outcome{
		"not leader":        refused,
		"leader not found":  refused,
		"store not ready":   refused,
		"disallowed pragma": rejected,
		"node failed to process Execute on remote node at 127.0.0.1:4002: pool get: dial tcp 127.0.0.1:4002: connect: connection refused": refused,
		"node failed to process Execute on remote node at 127.0.0.1:4002: read protobuf length: EOF":                                      lost,
		"node failed to process Execute on remote node at 127.0.0.1:4002: write protobuf bytes: write: broken pipe":                       lost,
		"leadership lost while committing log": lost,
		"timed out enqueuing operation":        lost,
		"something unheard of":                 lost,
	} {
		if got := classifyRequestError(msg); got != want {
			t.Errorf("%q: %d, want %d", msg, got, want)
		}
	}
}
