package adapter

import (
	"errors"
	"testing"
)

func TestParsePragma(t *testing.T) {
	tests := []struct {
		in, sql string
		perConn bool
	}{
		{"journal_mode", "PRAGMA journal_mode", false},
		{"PRAGMA journal_mode = wal;", "PRAGMA journal_mode = wal", true},
		{"main.user_version", "PRAGMA main.user_version", false},
		{"user_version=7", "PRAGMA user_version = 7", false},
		{"cache_size = -2000", "PRAGMA cache_size = -2000", true},
		{"foreign_keys(ON)", "PRAGMA foreign_keys(ON)", true},
		{"table_info(t)", "PRAGMA table_info(t)", false},
		{`table_info("odd name")`, `PRAGMA table_info("odd name")`, false},
		{"table_info('x''y')", "PRAGMA table_info('x''y')", false},
		{"wal_checkpoint(TRUNCATE)", "PRAGMA wal_checkpoint(TRUNCATE)", false},
		{"Foreign_Keys", "PRAGMA foreign_keys", false},
		{"mmap_size=0x10", "PRAGMA mmap_size = 0x10", true},
		{"defer_foreign_keys = 1", "PRAGMA defer_foreign_keys = 1", false},
	}
	for _, tt := range tests {
		p, err := parsePragma(tt.in)
		if err != nil {
			t.Errorf("parsePragma(%q): %v", tt.in, err)
			continue
		}
		if p.SQL() != tt.sql || p.setsConnection() != tt.perConn {
			t.Errorf("parsePragma(%q) = %q, perConn %v; want %q, %v", tt.in, p.SQL(), p.setsConnection(), tt.sql, tt.perConn)
		}
	}
}

func TestParsePragmaRejects(t *testing.T) {
	for _, in := range []string{
		"",
		"no_such_pragma",
		"user_version = 1; DROP TABLE t",
		"user_version = (SELECT 1)",
		"table_info(t); DELETE FROM t",
		"table_info(t) x",
		"table_info('unterminated)",
		"foreign_keys = ON OFF",
		"foreign_keys = ?",
		"user_version = -abc",
		"x.y.z",
		"main.",
		"= 1",
		"journal_mode = 'wal' || 'x'",
		"main; DROP TABLE t --.user_version",
	} {
		if _, err := parsePragma(in); !errors.Is(err, ErrPragma) {
			t.Errorf("parsePragma(%q) = %v, want ErrPragma", in, err)
		}
	}
}

func FuzzParsePragma(f *testing.F) {
	for _, s := range []string{"journal_mode=WAL", "table_info('t')", "main.user_version", "x; y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePragma(s)
		if err != nil {
			return
		}
		// What parsePragma accepts re-emits as exactly one PRAGMA statement.
		stmts := splitSQL(p.SQL())
		if len(stmts) != 1 || stmts[0].kind != kindPragma || stmts[0].params != 0 {
			t.Fatalf("parsePragma(%q) produced %q, which is %d statements", s, p.SQL(), len(stmts))
		}
	})
}
