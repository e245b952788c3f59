package adapter

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitSQL(t *testing.T) {
	type st struct {
		SQL    string
		Kind   stmtKind
		Params int
	}
	tests := []struct {
		name, script string
		want         []st
	}{
		{"Empty", "", nil},
		{"OnlyCommentsAndSemicolons", " -- c\n/* x; */ ;; ", nil},
		{"One", "SELECT 1", []st{{"SELECT 1", kindQuery, 0}}},
		{"TrailingSemicolonAndComment", "SELECT 1; -- done", []st{{"SELECT 1", kindQuery, 0}}},
		{"Two", "CREATE TABLE t(a);INSERT INTO t VALUES(1)", []st{
			{"CREATE TABLE t(a)", kindOther, 0}, {"INSERT INTO t VALUES(1)", kindInsert, 0}}},
		{"SemicolonInString", "SELECT ';', \"a;b\", `c;`, [d;] FROM t", []st{
			{"SELECT ';', \"a;b\", `c;`, [d;] FROM t", kindQuery, 0}}},
		{"SemicolonInComments", "SELECT 1 /* ; */ -- ;\n, 2", []st{{"SELECT 1 /* ; */ -- ;\n, 2", kindQuery, 0}}},
		{"EscapedQuote", "SELECT 'it''s;'; SELECT 2", []st{{"SELECT 'it''s;'", kindQuery, 0}, {"SELECT 2", kindQuery, 0}}},
		{"Trigger", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a=1; DELETE FROM u; END; SELECT 1", []st{
			{"CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a=1; DELETE FROM u; END", kindOther, 0},
			{"SELECT 1", kindQuery, 0}}},
		{"TempTrigger", "create temp trigger tr after delete on t begin select 1; end;", []st{
			{"create temp trigger tr after delete on t begin select 1; end", kindOther, 0}}},
		{"CaseEndIsNotTriggerEnd", "SELECT CASE WHEN 1 THEN 2 END; SELECT 3", []st{
			{"SELECT CASE WHEN 1 THEN 2 END", kindQuery, 0}, {"SELECT 3", kindQuery, 0}}},
		{"WithInsert", "WITH x(a) AS (SELECT 1) INSERT INTO t SELECT a FROM x", []st{
			{"WITH x(a) AS (SELECT 1) INSERT INTO t SELECT a FROM x", kindInsert, 0}}},
		{"WithRecursiveSelect", "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c) SELECT n FROM c", []st{
			{"WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c) SELECT n FROM c", kindQuery, 0}}},
		{"WithDelete", "with a as (select 1) delete from t", []st{{"with a as (select 1) delete from t", kindDelete, 0}}},
		{"TxControl", "begin immediate; commit; end; rollback to x; savepoint y; release y", []st{
			{"begin immediate", kindTxControl, 0}, {"commit", kindTxControl, 0}, {"end", kindTxControl, 0},
			{"rollback to x", kindTxControl, 0}, {"savepoint y", kindTxControl, 0}, {"release y", kindTxControl, 0}}},
		{"Pragma", "PRAGMA foreign_keys=ON", []st{{"PRAGMA foreign_keys=ON", kindPragma, 0}}},
		{"PositionalParams", "SELECT ?, ?, ?", []st{{"SELECT ?, ?, ?", kindQuery, 3}}},
		{"NumberedParams", "SELECT ?3, ?1", []st{{"SELECT ?3, ?1", kindQuery, 3}}},
		{"NamedParamsRepeat", "SELECT :a, @b, $c, :a", []st{{"SELECT :a, @b, $c, :a", kindQuery, 3}}},
		{"DifferentPrefixesAreDifferent", "SELECT :a, @a", []st{{"SELECT :a, @a", kindQuery, 2}}},
		{"MixedParams", "SELECT ?, :x, ?", []st{{"SELECT ?, :x, ?", kindQuery, 3}}},
		{"ParamInStringIsNot", "SELECT '?', ':a' WHERE x = ?", []st{{"SELECT '?', ':a' WHERE x = ?", kindQuery, 1}}},
		{"BlobLiteral", "SELECT x'3B'; SELECT X'00'", []st{{"SELECT x'3B'", kindQuery, 0}, {"SELECT X'00'", kindQuery, 0}}},
		{"UnterminatedString", "SELECT 'abc; SELECT 2", []st{{"SELECT 'abc; SELECT 2", kindQuery, 0}}},
		{"Explain", "EXPLAIN QUERY PLAN SELECT 1", []st{{"EXPLAIN QUERY PLAN SELECT 1", kindQuery, 0}}},
		{"Replace", "REPLACE INTO t VALUES (1)", []st{{"REPLACE INTO t VALUES (1)", kindInsert, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []st
			for _, s := range splitSQL(tt.script) {
				got = append(got, st{s.sql, s.kind, s.params})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("splitSQL(%q) (-want +got):\n%s", tt.script, diff)
			}
		})
	}
}

func FuzzSplitSQL(f *testing.F) {
	for _, s := range []string{"SELECT 1; SELECT 2", "CREATE TRIGGER t BEGIN SELECT 1; END;", "'", "/*", "x'", "[", "?99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, st := range splitSQL(s) {
			if st.sql == "" || st.params < 0 {
				t.Fatalf("splitSQL(%q) gave %+v", s, st)
			}
		}
	})
}

// TestReturnsNoRows: a write without a RETURNING clause is known to have
// no rows before it runs; a word RETURNING in a string, a quoted name or a
// comment does not count.
func TestReturnsNoRows(t *testing.T) {
	for sql, want := range map[string]bool{
		"INSERT INTO t VALUES (1)":                                           true,
		"insert into t values (1) returning id":                              false,
		"UPDATE t SET x = 'RETURNING'":                                       true,
		`UPDATE t SET "returning" = 1`:                                       true,
		"DELETE FROM t -- RETURNING id":                                      true,
		"DELETE FROM t /* RETURNING */ RETURNING *":                          false,
		"WITH c AS (SELECT 1) INSERT INTO t SELECT * FROM c":                 true,
		"WITH c AS (SELECT 1) INSERT INTO t SELECT * FROM c RETURNING rowid": false,
		"REPLACE INTO t VALUES (1)":                                          true,
		"SELECT 1":                                                           false,
		"CREATE TABLE t(x)":                                                  false,
	} {
		st := newStatement(sql)
		if got := st.returnsNoRows(); got != want {
			t.Errorf("%q: returnsNoRows() = %v, want %v", sql, got, want)
		}
	}
}
