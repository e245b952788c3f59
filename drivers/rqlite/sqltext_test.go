package rqlite

import "testing"

func TestScanSQL(t *testing.T) {
	cases := []struct {
		sql                     string
		verb, main, body        string
		multiple, query, assign bool
		returning               bool
	}{
		{sql: "SELECT 1", verb: "SELECT", main: "SELECT", body: "SELECT 1", query: true},
		{sql: "  select 1 ; ", verb: "SELECT", main: "SELECT", body: "  select 1", query: true},
		{sql: "SELECT 1; -- done\n/* more */", verb: "SELECT", main: "SELECT", body: "SELECT 1", query: true},
		{sql: "SELECT 1 -- no newline", verb: "SELECT", main: "SELECT", body: "SELECT 1", query: true},
		{sql: "SELECT ';' AS \"a;b\", [c;d], `e;f`; SELECT 2", verb: "SELECT", main: "SELECT", body: "SELECT ';' AS \"a;b\", [c;d], `e;f`", multiple: true, query: true},
		{sql: "WITH x AS (SELECT 1) SELECT * FROM x", verb: "WITH", main: "SELECT", body: "WITH x AS (SELECT 1) SELECT * FROM x", query: true},
		{sql: "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x RETURNING *", verb: "WITH", main: "INSERT", body: "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x RETURNING *", returning: true},
		{sql: "WITH RECURSIVE x(n) AS MATERIALIZED (VALUES(1)) DELETE FROM t", verb: "WITH", main: "DELETE", body: "WITH RECURSIVE x(n) AS MATERIALIZED (VALUES(1)) DELETE FROM t"},
		{sql: "VALUES(1),(2)", verb: "VALUES", main: "VALUES", body: "VALUES(1),(2)", query: true},
		{sql: "PRAGMA user_version", verb: "PRAGMA", main: "PRAGMA", body: "PRAGMA user_version", query: true},
		{sql: "PRAGMA user_version = 3", verb: "PRAGMA", main: "PRAGMA", body: "PRAGMA user_version = 3", assign: true},
		{sql: "PRAGMA table_info('a=b')", verb: "PRAGMA", main: "PRAGMA", body: "PRAGMA table_info('a=b')", query: true},
		{sql: "INSERT INTO returning_log VALUES('RETURNING')", verb: "INSERT", main: "INSERT", body: "INSERT INTO returning_log VALUES('RETURNING')"},
		{sql: "UPDATE t SET a = (SELECT 1 RETURNING)", verb: "UPDATE", main: "UPDATE", body: "UPDATE t SET a = (SELECT 1 RETURNING)", assign: true},
		{sql: "/* only a comment */ ;", body: ""},
		{sql: "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO u VALUES(1); UPDATE u SET a = CASE WHEN a THEN 1 END; END; SELECT 1",
			verb: "CREATE", main: "CREATE", body: "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO u VALUES(1); UPDATE u SET a = CASE WHEN a THEN 1 END; END",
			multiple: true, assign: true},
		{sql: "CREATE TEMP TRIGGER IF NOT EXISTS tr BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no;'); END ; ",
			verb: "CREATE", main: "CREATE", body: "CREATE TEMP TRIGGER IF NOT EXISTS tr BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no;'); END"},
		{sql: " ; ; SELECT 1", verb: "SELECT", main: "SELECT", body: " ; ; SELECT 1", query: true},
		{sql: "'unterminated", body: "'unterminated"},
	}
	for _, tc := range cases {
		s := scanSQL(tc.sql)
		if s.verb != tc.verb || s.main != tc.main || tc.sql[:s.end] != tc.body || s.multiple != tc.multiple ||
			s.query() != tc.query || s.assigns != tc.assign || s.returning != tc.returning {
			t.Errorf("scanSQL(%q) = %+v body %q query %v", tc.sql, s, tc.sql[:s.end], s.query())
		}
	}
	if !scanSQL("/* */").empty || scanSQL("x").empty || !scanSQL(" ; ;").empty {
		t.Error("empty misreported")
	}
	if s := scanSQL(" ; ; SELECT 1 ;"); s.start != 5 {
		t.Errorf("start = %d, want 5", s.start)
	}
}

// TestParamCount checks the parameter count against what
// sqlite3_bind_parameter_count gives.
func TestParamCount(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		want int
	}{
		{"SELECT 1", 0},
		{"SELECT ?", 1},
		{"SELECT ?, ?", 2},
		{"SELECT ?3", 3},
		{"SELECT ?1, ?1", 1},
		{"SELECT ?2, ?", 3},
		{"SELECT :a, :b, :a, @c", 3},
		{"SELECT :a, ?", 2},
		{"SELECT $a, :a", 2},
		{"SELECT '?', \"?\", [?], :a -- ?\n/* ? */", 1},
		{"SELECT ?; SELECT ?, ?", 1},
	} {
		if got := scanSQL(tc.sql).params; got != tc.want {
			t.Errorf("scanSQL(%q).params = %d, want %d", tc.sql, got, tc.want)
		}
	}
}

func TestParseDSN(t *testing.T) {
	cfg, err := parseDSN("http://u:p@127.0.0.1:4001/base/, https://h:4003?level=strong&timeout=2s&retry=1m&resolve=5s&retention=1h&freshness=1s&freshness_strict=true", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.nodes) != 2 || cfg.nodes[0].String() != "http://127.0.0.1:4001/base" || cfg.nodes[1].String() != "https://h:4003" {
		t.Errorf("nodes %v", cfg.nodes)
	}
	if p, _ := cfg.user.Password(); cfg.user.Username() != "u" || p != "p" {
		t.Errorf("user %v", cfg.user)
	}
	if cfg.level != Strong || cfg.attempt != 2e9 || cfg.retry != 60e9 || cfg.resolve != 5e9 || cfg.retained != 3600e9 || cfg.fresh != 1e9 || !cfg.strict {
		t.Errorf("config %+v", cfg)
	}
	def, err := parseDSN("http://a:1", &Options{Level: Weak})
	if err != nil || def.level != Weak || def.attempt != 10e9 || def.retry != 30e9 || def.resolve != 30e9 || def.retained != 600e9 {
		t.Errorf("defaults %+v %v", def, err)
	}
	if d, _ := parseDSN("http://a:1", nil); d.level != Linearizable {
		t.Errorf("default level %q", d.level)
	}
	for _, bad := range []string{"", "?level=weak", "a:4001", "ftp://a:1", "http://a:1?x=1", "http://a:1?timeout=soon",
		"http://a:1/?level=weak,http://b:2", "http://u:p@a:1,http://v:q@b:2", "http://a:1?level=eventual"} {
		if _, err := parseDSN(bad, nil); err == nil {
			t.Errorf("parseDSN(%q) accepted", bad)
		}
	}
}
