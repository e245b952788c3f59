package drivertest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
)

// testDecodeErrorCodes checks the extended code and the undecorated
// sqlite3_errmsg that DecodeError finds in typical errors, wrapped.
func (k *kit) testDecodeErrorCodes(t *testing.T) {
	dir, rw, ro := k.readOnlyFixture(t)
	tests := []struct {
		name     string
		run      func() error
		wantCode sqlite.ExtendedCode
		wantMsg  string
	}{
		{"unique", func() error { return execErr(t.Context(), rw, "INSERT INTO t VALUES(2, 'a', 'x', 1)") },
			sqlite.CONSTRAINT_UNIQUE, "UNIQUE constraint failed: t.u"},
		{"primary key", func() error { return execErr(t.Context(), rw, "INSERT INTO t VALUES(1, 'b', 'x', 1)") },
			sqlite.CONSTRAINT_PRIMARYKEY, "UNIQUE constraint failed: t.id"},
		{"not null", func() error { return execErr(t.Context(), rw, "INSERT INTO t VALUES(3, 'c', NULL, 1)") },
			sqlite.CONSTRAINT_NOTNULL, "NOT NULL constraint failed: t.n"},
		{"check", func() error { return execErr(t.Context(), rw, "INSERT INTO t VALUES(4, 'd', 'x', 0)") },
			sqlite.CONSTRAINT_CHECK, "CHECK constraint failed: c > 0"},
		{"syntax", func() error { return execErr(t.Context(), rw, "SELEC 1") },
			sqlite.ExtendedCode(sqlite.ERROR), `near "SELEC": syntax error`},
		{"no such table", func() error { return execErr(t.Context(), rw, "SELECT * FROM nosuch") },
			sqlite.ExtendedCode(sqlite.ERROR), "no such table: nosuch"},
		{"read-only", func() error { return execErr(t.Context(), ro, "INSERT INTO t VALUES(5, 'e', 'x', 1)") },
			sqlite.ExtendedCode(sqlite.READONLY), "attempt to write a readonly database"},
		{"NoCreate of a missing file", func() error {
			c, err := k.d.OpenConn(t.Context(), contract.ConnConfig{Path: filepath.Join(dir, "missing.db"), NoCreate: true})
			if err == nil {
				c.Close()
			}
			return err
		}, sqlite.ExtendedCode(sqlite.CANTOPEN), "unable to open database file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.HasPrefix(tt.name, "NoCreate") {
				k.skipRemote(t, "the engine's database always exists")
			}
			err := tt.run()
			if err == nil {
				t.Fatal("no error")
			}
			wrapped := fmt.Errorf("wrapped: %w", err)
			code, msg, ok := k.decode(wrapped)
			if !ok || code != tt.wantCode || msg != tt.wantMsg {
				t.Errorf("DecodeError(%v) = %v (%d), %q, %v; want %v (%d), %q", err, code, code, msg, ok, tt.wantCode, tt.wantCode, tt.wantMsg)
			}
			if strings.HasPrefix(msg, "sqlite") {
				t.Errorf("message %q is decorated", msg)
			}
		})
	}
}

// testDecodeErrorOthers checks that DecodeError reports ok=false for
// errors that are not the driver's.
func (k *kit) testDecodeErrorOthers(t *testing.T) {
	for _, err := range []error{
		nil,
		errors.New("other"),
		context.Canceled,
		context.DeadlineExceeded,
		fmt.Errorf("wrapped: %w", adapter.ErrNoStatement),
		sqlite.BUSY,
		sqlite.CONSTRAINT_UNIQUE,
	} {
		if code, msg, ok := k.decode(err); ok {
			t.Errorf("DecodeError(%v) = %v, %q, true; want ok=false", err, code, msg)
		}
	}
}
