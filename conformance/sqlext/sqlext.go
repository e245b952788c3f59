// Package sqlext is the conformance catalogue for SQL that some drivers
// compile into their SQLite and others do not: functions (REGEXP,
// decimal, base64, ...), table-valued functions and virtual tables
// (generate_series, dbstat, sqlite_dbpage) and collations. SQL that uses
// one of them works on some drivers only, so switching drivers breaks it:
// on a driver without it, its case is reported unsupported with SQLite's
// own error as the reason, and the matrix lists it under what changes if
// you switch.
package sqlext

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// Categories returns this package's case table.
func Categories() []spec.Category {
	return []spec.Category{{
		Name:  "SQL",
		Title: "SQL beyond the core",
		Doc: "Functions, table-valued functions and collations that only some drivers compile in " +
			"(https://sqlite.org/loadext.html lists where they come from): SQL that uses them does not move between drivers.",
		Cases: cases,
	}}
}

// cases: each runs one query of an optional piece of SQL and compares its
// one value.
var cases = []spec.Case{
	optional("Regexp", "the REGEXP operator (ext/misc/regexp.c)", "SELECT 'abc' REGEXP 'b.$'", int64(1)),
	optional("GenerateSeries", "the generate_series table-valued function (ext/misc/series.c)",
		"SELECT sum(value) FROM generate_series(1, 4)", int64(10)),
	optional("Decimal", "the decimal functions (ext/misc/decimal.c): exact decimal arithmetic on text",
		"SELECT decimal_add('0.1', '0.2')", "0.3"),
	optional("IEEE754", "the ieee754 function (ext/misc/ieee754.c)", "SELECT ieee754(2.0)", "ieee754(2,0)"),
	optional("Base64", "the base64 function (ext/misc/base64.c)", "SELECT base64(x'00ff')", "AP8="),
	optional("UintCollation", "the UINT collation (ext/misc/uint.c): digits compare as numbers",
		"SELECT 'a10' > 'a9' COLLATE uint", int64(1)),
	optional("Soundex", "the soundex function (SQLITE_SOUNDEX)", "SELECT soundex('Robert')", "R163"),
	optional("Dbstat", "the dbstat virtual table (SQLITE_ENABLE_DBSTAT_VTAB)",
		"SELECT count(*) > 0 FROM dbstat WHERE name = 'sqlite_schema'", int64(1)),
	optional("DBPage", "the sqlite_dbpage virtual table (SQLITE_ENABLE_DBPAGE_VTAB)",
		"SELECT length(data) > 0 FROM sqlite_dbpage WHERE pgno = 1", int64(1)),
}

// optional returns the case that query, which uses what doc names, reads
// want; SQLite's "no such ..." error makes it unsupported.
func optional(name, doc, query string, want any) spec.Case {
	return spec.Case{
		Name: name,
		Doc:  doc + ": " + query + " reads " + fmt.Sprint(want),
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var got any
			err := e.DB.Get(ctx, &got, query)
			if missing(err) {
				return nil, spec.Unsupportedf("not compiled into this driver's SQLite: %v", err)
			}
			return got, err
		},
		Want: want,
	}
}

// missing reports whether err is SQLite's refusal of a name it does not
// know.
func missing(err error) bool {
	var e *adapter.Error
	if err == nil || !errors.As(err, &e) {
		return false
	}
	for _, what := range []string{"no such function", "no such table", "no such collation", "no such module"} {
		if strings.Contains(e.Message(), what) {
			return true
		}
	}
	return false
}
