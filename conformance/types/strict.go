package types

import (
	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/anysqlite/anysqlite/sqlite"
)

// strictTable is a STRICT table (https://sqlite.org/stricttables.html).
const strictTable = `CREATE TABLE s(id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, a ANY) STRICT`

// strictCases: STRICT tables refuse values of the wrong type with
// ErrConstraintDataType on every driver.
var strictCases = []spec.Case{
	{
		Name:    "StrictRejectsTextInInteger",
		Doc:     "a STRICT INTEGER column refuses 'abc' with ErrConstraintDataType",
		Setup:   strictTable,
		Query:   "INSERT INTO s(i) VALUES (?)",
		Args:    []any{"abc"},
		WantErr: sqlite.CONSTRAINT_DATATYPE,
	},
	{
		Name:    "StrictRejectsRealInInteger",
		Doc:     "a STRICT INTEGER column refuses 1.5 with ErrConstraintDataType",
		Setup:   strictTable,
		Query:   "INSERT INTO s(i) VALUES (?)",
		Args:    []any{1.5},
		WantErr: sqlite.CONSTRAINT_DATATYPE,
	},
	{
		Name:    "StrictRejectsBlobInText",
		Doc:     "a STRICT TEXT column refuses a BLOB with ErrConstraintDataType",
		Setup:   strictTable,
		Query:   "INSERT INTO s(t) VALUES (?)",
		Args:    []any{[]byte{1}},
		WantErr: sqlite.CONSTRAINT_DATATYPE,
	},
	{
		Name:    "StrictRejectsTextInBlob",
		Doc:     "a STRICT BLOB column refuses TEXT with ErrConstraintDataType",
		Setup:   strictTable,
		Query:   "INSERT INTO s(b) VALUES (?)",
		Args:    []any{"text"},
		WantErr: sqlite.CONSTRAINT_DATATYPE,
	},
	{
		Name:  "StrictAcceptsLosslessConversions",
		Doc:   "a STRICT table converts what it can without loss: '12' into INTEGER, 3 into REAL, 7 into TEXT; ANY keeps '12' as TEXT",
		Setup: strictTable,
		Query: "INSERT INTO s(i, r, t, a) VALUES (?, ?, ?, ?) RETURNING i, typeof(i) AS ti, r, typeof(r) AS tr, t, typeof(t) AS tt, a, typeof(a) AS ta",
		Args:  []any{"12", 3, 7, "12"},
		Want: []adapter.Row{{
			"i": int64(12), "ti": "integer", "r": 3.0, "tr": "real",
			"t": "7", "tt": "text", "a": "12", "ta": "text",
		}},
	},
	{
		Name:  "StrictAcceptsNull",
		Doc:   "STRICT columns without NOT NULL accept NULL of every declared type",
		Setup: strictTable,
		Query: "INSERT INTO s(i, r, t, b, a) VALUES (?, ?, ?, ?, ?) RETURNING typeof(i) AS i, typeof(r) AS r, typeof(t) AS t, typeof(b) AS b, typeof(a) AS a",
		Args:  []any{nil, nil, nil, []byte(nil), nil},
		Want:  []adapter.Row{{"i": "null", "r": "null", "t": "null", "b": "null", "a": "null"}},
	},
}
