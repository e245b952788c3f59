package types

import (
	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// affinityCases: SQLite's type affinity (https://sqlite.org/datatype3.html)
// converts values on storage the same way on every driver, and the adapter
// reports the stored class.
var affinityCases = []spec.Case{
	{
		Name:  "AffinityInteger",
		Doc:   "an INTEGER column stores '12' as 12, '12.5' as REAL, 3.0 as 3, and keeps 'abc' and x'01' as they are",
		Setup: `CREATE TABLE a(id INTEGER PRIMARY KEY, x INTEGER); INSERT INTO a VALUES (1, '12'), (2, '12.5'), (3, 3.0), (4, 'abc'), (5, x'01'), (6, '1e3')`,
		Query: "SELECT x, typeof(x) AS type FROM a ORDER BY id",
		Want: []adapter.Row{
			{"x": int64(12), "type": "integer"},
			{"x": 12.5, "type": "real"},
			{"x": int64(3), "type": "integer"},
			{"x": "abc", "type": "text"},
			{"x": []byte{1}, "type": "blob"},
			{"x": int64(1000), "type": "integer"},
		},
	},
	{
		Name:  "AffinityText",
		Doc:   "a TEXT column stores 12 as '12' and 1.5 as '1.5', and keeps NULL and BLOBs",
		Setup: `CREATE TABLE a(id INTEGER PRIMARY KEY, x TEXT); INSERT INTO a VALUES (1, 12), (2, 1.5), (3, NULL), (4, x'00ff')`,
		Query: "SELECT x, typeof(x) AS type FROM a ORDER BY id",
		Want: []adapter.Row{
			{"x": "12", "type": "text"},
			{"x": "1.5", "type": "text"},
			{"x": nil, "type": "null"},
			{"x": []byte{0, 0xff}, "type": "blob"},
		},
	},
	{
		Name:  "AffinityNumeric",
		Doc:   "a NUMERIC column stores '3.0' and '1e2' as INTEGER, '3.5' as REAL, and keeps 'abc' as TEXT",
		Setup: `CREATE TABLE a(id INTEGER PRIMARY KEY, x NUMERIC); INSERT INTO a VALUES (1, '3.0'), (2, '1e2'), (3, '3.5'), (4, 'abc'), (5, 7.0)`,
		Query: "SELECT x, typeof(x) AS type FROM a ORDER BY id",
		Want: []adapter.Row{
			{"x": int64(3), "type": "integer"},
			{"x": int64(100), "type": "integer"},
			{"x": 3.5, "type": "real"},
			{"x": "abc", "type": "text"},
			{"x": int64(7), "type": "integer"},
		},
	},
	{
		Name:  "AffinityReal",
		Doc:   "a REAL column stores 1 and '2' as REAL (read back as float64)",
		Setup: `CREATE TABLE a(id INTEGER PRIMARY KEY, x REAL); INSERT INTO a VALUES (1, 1), (2, '2'), (3, 'abc')`,
		Query: "SELECT x, typeof(x) AS type FROM a ORDER BY id",
		Want: []adapter.Row{
			{"x": 1.0, "type": "real"},
			{"x": 2.0, "type": "real"},
			{"x": "abc", "type": "text"},
		},
	},
	{
		Name:  "AffinityBlobAndNone",
		Doc:   "a BLOB column and a column without a type store values as given: '12' stays TEXT, 12 INTEGER",
		Setup: `CREATE TABLE a(id INTEGER PRIMARY KEY, b BLOB, n); INSERT INTO a VALUES (1, '12', '12'), (2, 12, 12), (3, 1.0, 1.0)`,
		Query: "SELECT b, typeof(b) AS tb, n, typeof(n) AS tn FROM a ORDER BY id",
		Want: []adapter.Row{
			{"b": "12", "tb": "text", "n": "12", "tn": "text"},
			{"b": int64(12), "tb": "integer", "n": int64(12), "tn": "integer"},
			{"b": 1.0, "tb": "real", "n": 1.0, "tn": "real"},
		},
	},
	{
		Name:  "AffinityFromTypeName",
		Doc:   "affinity follows SQLite's name rules: VARCHAR is TEXT, BIGINT INTEGER, DOUBLE REAL, FLOATING POINT INTEGER (contains INT)",
		Setup: `CREATE TABLE a(v VARCHAR(10), bi BIGINT, d DOUBLE, fp FLOATING POINT); INSERT INTO a VALUES (5, '6', '7', '8.0')`,
		Query: "SELECT v, bi, d, fp FROM a",
		Want:  []adapter.Row{{"v": "5", "bi": int64(6), "d": 7.0, "fp": int64(8)}},
	},
	{
		Name:  "AffinityOfBoundArguments",
		Doc:   "affinity applies to bound arguments as to literals: '12' bound into INTEGER is 12, 12 bound into TEXT is '12'",
		Setup: `CREATE TABLE a(i INTEGER, t TEXT)`,
		Query: "INSERT INTO a VALUES (?, ?) RETURNING i, typeof(i) AS ti, t, typeof(t) AS tt",
		Args:  []any{"12", 12},
		Want:  []adapter.Row{{"i": int64(12), "ti": "integer", "t": "12", "tt": "text"}},
	},
}
