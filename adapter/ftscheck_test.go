package adapter

import "testing"

func TestIntegrityCheck(t *testing.T) {
	tests := []struct {
		sql    string
		schema string
		ok     bool
	}{
		{"PRAGMA integrity_check", "", true},
		{"pragma QUICK_CHECK(10)", "", true},
		{"PRAGMA aux.integrity_check", "aux", true},
		{`PRAGMA "main".quick_check`, "main", true},
		{`PRAGMA [a b].integrity_check`, "a b", true},
		{"SELECT * FROM pragma_integrity_check", "", true},
		{"SELECT * FROM Pragma_Quick_Check('t')", "", true},
		{`SELECT * FROM "pragma_integrity_check"`, "", true},
		{"SELECT * FROM `pragma_quick_check`", "", true},
		{"SELECT * FROM [pragma_integrity_check]", "", true},
		{"PRAGMA foreign_key_check", "", false},
		{"SELECT * FROM pragma_table_info('t')", "", false},
		{"SELECT * FROM pragma_integrity_checks", "", false},
		{`SELECT * FROM "pragma_integrity_check_"`, "", false},
	}
	for _, tt := range tests {
		schema, ok := integrityCheck(newStatement(tt.sql))
		if schema != tt.schema || ok != tt.ok {
			t.Errorf("integrityCheck(%q) = %q, %v; want %q, %v", tt.sql, schema, ok, tt.schema, tt.ok)
		}
	}
}

func TestIdentName(t *testing.T) {
	for lit, want := range map[string]string{
		"abc": "abc", "abba": "abba", `"a""b"`: `a"b`, "`a``b`": "a`b", "[a]]": "a]", "'it''s'": "it's",
		"x'00'": "x'00'", `"open`: `"open`, "a": "a",
	} {
		if got := identName(lit); got != want {
			t.Errorf("identName(%q) = %q; want %q", lit, got, want)
		}
	}
}
