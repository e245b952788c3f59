package modernc

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

// TestDecodeError checks the extended code and undecorated message of
// typical errors.
func TestDecodeError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "test.db")
	rw := open(t, adapter.ConnConfig{Path: path})
	mustExec(t, rw, "CREATE TABLE t(id INTEGER PRIMARY KEY, u UNIQUE)")
	mustExec(t, rw, "INSERT INTO t(u) VALUES(1)")
	ro := open(t, adapter.ConnConfig{Path: path, ReadOnly: true})

	tests := []struct {
		name     string
		run      func() error
		wantCode adapter.ExtendedErrorCode
		wantMsg  string
	}{
		{"unique", func() error { return execErr(t.Context(), rw, "INSERT INTO t(u) VALUES(1)") },
			adapter.ErrConstraintUnique, "UNIQUE constraint failed: t.u"},
		{"syntax", func() error { return execErr(t.Context(), rw, "SELEC 1") },
			adapter.ExtendedErrorCode(adapter.ErrError), `near "SELEC": syntax error`},
		{"no such table", func() error { return execErr(t.Context(), rw, "SELECT * FROM nosuch") },
			adapter.ExtendedErrorCode(adapter.ErrError), "no such table: nosuch"},
		{"read-only", func() error { return execErr(t.Context(), ro, "INSERT INTO t(u) VALUES(2)") },
			adapter.ExtendedErrorCode(adapter.ErrReadOnly), "attempt to write a readonly database"},
		{"NoCreate of a missing file", func() error {
			c, err := Driver{}.OpenConn(t.Context(), adapter.ConnConfig{Path: filepath.Join(dir, "missing.db"), NoCreate: true})
			if err == nil {
				c.Close()
			}
			return err
		}, adapter.ExtendedErrorCode(adapter.ErrCantOpen), "unable to open database file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil {
				t.Fatal("no error")
			}
			wrapped := fmt.Errorf("wrapped: %w", err)
			code, msg, ok := Driver{}.DecodeError(wrapped)
			if !ok || code != tt.wantCode || msg != tt.wantMsg {
				t.Errorf("DecodeError(%v) = %v (%d), %q, %v; want %v (%d), %q", err, code, code, msg, ok, tt.wantCode, tt.wantCode, tt.wantMsg)
			}
		})
	}

	for _, err := range []error{nil, errors.New("other"), context.Canceled} {
		if _, _, ok := (Driver{}).DecodeError(err); ok {
			t.Errorf("DecodeError(%v) ok", err)
		}
	}
}
