package adapter

import (
	"context"
	"strings"
)

// FTS5 tables checked with a stale cache.
//
// SQLite's FTS5 keeps each table's index structure cached per connection,
// and re-reads it when a statement starts reading the table after another
// connection changed it — but not when PRAGMA integrity_check or
// quick_check asks the table to check itself (its xIntegrity method; seen
// on SQLite 3.53.4 and 3.54.1, in all three drivers). A pool connection
// whose cache is older than another connection's write then reports
// `fts5: checksum mismatch for table "t"` for a table that is intact: a
// false alarm, on which an application would quarantine or restore a
// healthy database. So before either pragma (or a query of its
// table-valued form) runs on a connection, on every path, the adapter
// starts a read of each FTS5 table it checks on that connection (a rowid
// lookup that finds nothing), which brings the cache up to date. See
// https://sqlite.org/pragma.html#pragma_integrity_check.

// integrityCheck returns, for a PRAGMA integrity_check or quick_check
// statement, the schema it checks ("" for every one), and whether it is
// one. A query of their table-valued forms (pragma_integrity_check,
// pragma_quick_check, quoted or not) checks every schema, as far as the
// adapter knows; a quoted word that only looks like one costs a refresh.
func integrityCheck(st statement) (schema string, ok bool) {
	if st.kind != kindPragma {
		for i := 0; i < len(st.sql); {
			t := nextToken(st.sql, i)
			i = t.end
			if t.kind != tokWord && t.kind != tokQuoted {
				continue
			}
			if name := identName(st.sql[t.start:t.end]); strings.EqualFold(name, "pragma_integrity_check") ||
				strings.EqualFold(name, "pragma_quick_check") {
				return "", true
			}
		}
		return "", false
	}
	p, err := parsePragma(st.sql)
	if err != nil || (p.name != "integrity_check" && p.name != "quick_check") {
		return "", false
	}
	return identName(p.schema), true
}

// refreshFTS5 starts a read of every FTS5 table of schema ("" for every
// attached one) on cn, so that the next integrity check sees their
// current state (see above). It does what it can: a table it cannot read
// is left for the check to report.
func (cn *conn) refreshFTS5(ctx context.Context, schema string) {
	schemas := []string{schema}
	if schema == "" {
		_, rows, _ := cn.queryRows(ctx, "SELECT name FROM pragma_database_list")
		schemas = schemas[:0]
		for _, r := range rows {
			if s, ok := r[0].(string); ok {
				schemas = append(schemas, s)
			}
		}
	}
	for _, s := range schemas {
		_, rows, _ := cn.queryRows(ctx, "SELECT name FROM "+quoteName(s)+
			".sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING%fts5%'")
		for _, r := range rows {
			if name, ok := r[0].(string); ok {
				cn.queryRows(ctx, "SELECT 1 FROM "+quoteName(s)+"."+quoteName(name)+" WHERE rowid = 0")
			}
		}
	}
}

// quoteName quotes an SQL identifier.
func quoteName(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
