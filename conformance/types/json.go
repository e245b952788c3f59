package types

import (
	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// jsonCases: JSON text round-trips through SQLite's JSON functions
// (https://sqlite.org/json1.html) with the same values on every driver.
var jsonCases = []spec.Case{
	{
		Name:     "JSONNormalised",
		Doc:      "json() minifies bound JSON text and returns TEXT",
		Requires: []adapter.Feature{adapter.FeatureJSON},
		Query:    "SELECT json(?1) AS j, typeof(json(?1)) AS type",
		Args:     []any{`{ "a": [1, 2.5, "x"], "b": null, "c": true }`},
		Want:     []adapter.Row{{"j": `{"a":[1,2.5,"x"],"b":null,"c":true}`, "type": "text"}},
	},
	{
		Name:     "JSONExtractOperators",
		Doc:      "->> returns SQL values (INTEGER, REAL, TEXT, NULL; true as 1) and -> returns JSON text",
		Requires: []adapter.Feature{adapter.FeatureJSON},
		Setup:    `CREATE TABLE doc(j JSON)`,
		Query: `INSERT INTO doc VALUES (?) RETURNING j ->> '$.n' AS n, j ->> '$.f' AS f, j ->> '$.s' AS s,
			j ->> '$.t' AS t, j ->> '$.z' AS z, j -> '$.a' AS a, j -> '$.s' AS js, json_extract(j, '$.a[1]') AS a1`,
		Args: []any{`{"n": 42, "f": 0.25, "s": "é🎉", "t": true, "z": null, "a": [1, 2]}`},
		Want: []adapter.Row{{
			"n": int64(42), "f": 0.25, "s": "é🎉", "t": int64(1), "z": nil,
			"a": "[1,2]", "js": `"é🎉"`, "a1": int64(2),
		}},
	},
	{
		Name:     "JSONFromBoundValues",
		Doc:      "json_object and json_array build JSON from bound Go values (bool as 0/1, nil as null)",
		Requires: []adapter.Feature{adapter.FeatureJSON},
		Query:    "SELECT json_object('i', ?1, 'f', ?2, 's', ?3, 'b', ?4, 'n', ?5) AS o, json_array(?1, ?3) AS a",
		Args:     []any{int64(-7), 1.5, "q\"uote", true, nil},
		Want:     []adapter.Row{{"o": `{"i":-7,"f":1.5,"s":"q\"uote","b":1,"n":null}`, "a": `[-7,"q\"uote"]`}},
	},
	{
		Name:     "JSONLargeIntegers",
		Doc:      "JSON integers at the ends of the int64 range come back exactly through ->>",
		Requires: []adapter.Feature{adapter.FeatureJSON},
		Query:    "SELECT ?1 ->> '$[0]' AS min, ?1 ->> '$[1]' AS max",
		Args:     []any{`[-9223372036854775808, 9223372036854775807]`},
		Want:     []adapter.Row{{"min": int64(-9223372036854775808), "max": int64(9223372036854775807)}},
	},
}
