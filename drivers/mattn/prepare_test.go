//go:build cgo

package mattn

import (
	"errors"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

// TestPrepareStatementCount checks that Prepare accepts exactly one
// statement, with any comments, white space and semicolons around it.
func TestPrepareStatementCount(t *testing.T) {
	tests := []struct {
		query   string
		wantErr error // nil: accepted
	}{
		{"SELECT 1", nil},
		{"SELECT 1;", nil},
		{"  SELECT 1 ;  \n", nil},
		{"SELECT 1; -- trailing comment", nil},
		{"SELECT 1; /* c */ ; ;", nil},
		{"-- leading comment\nSELECT 1", nil},
		{"; ; SELECT 1", nil},
		{"", adapter.ErrNoStatement},
		{"   ", adapter.ErrNoStatement},
		{"-- only a comment", adapter.ErrNoStatement},
		{";;", adapter.ErrNoStatement},
		{"SELECT 1; SELECT 2", adapter.ErrMultipleStatements},
		{"SELECT 1; SELECT 2; SELECT 3", adapter.ErrMultipleStatements},
		{"SELECT 1; CREATE TABLE x(a); INSERT INTO x VALUES(1)", adapter.ErrMultipleStatements},
		{"; SELECT 1; SELECT 2", adapter.ErrMultipleStatements},
		{"SELECT 1; SELEC 2", adapter.ErrMultipleStatements},
	}
	c := open(t, adapter.ConnConfig{Path: ":memory:"})
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			st, err := prepare(t.Context(), c, tt.query)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Prepare: %v", err)
				}
				defer st.Close()
				rows := mustQuery(t, c, tt.query)
				if len(rows) != 1 || rows[0][0] != int64(1) {
					t.Errorf("got %v", rows)
				}
				return
			}
			if err == nil {
				st.Close()
				t.Fatalf("Prepare succeeded, want %v", tt.wantErr)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("got %v, want %v", err, tt.wantErr)
			}
		})
	}
	// Nothing of a rejected script ran.
	if _, err := queryErr(t.Context(), c, "SELECT * FROM x"); err == nil {
		t.Error("table x exists: part of a rejected script ran")
	}
}

// TestPrepareSyntaxError checks that Prepare compiles the statement.
func TestPrepareSyntaxError(t *testing.T) {
	c := open(t, adapter.ConnConfig{Path: ":memory:"})
	_, err := prepare(t.Context(), c, "SELEC 1")
	code, msg, ok := Driver{}.DecodeError(err)
	if !ok || code != 1 || msg != `near "SELEC": syntax error` {
		t.Errorf("DecodeError(%v) = %v, %q, %v", err, code, msg, ok)
	}
}
