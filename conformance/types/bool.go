package types

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// boolCases: bool binds INTEGER 0/1, and integers scan into bool.
var boolCases = []spec.Case{
	{
		Name:   "TrueBindsOne",
		Doc:    "true binds INTEGER 1 and reads back into any as int64(1)",
		Setup:  valueTable,
		Action: storeAndRead(true, false),
		Want:   adapter.Row{"x": int64(1), "type": "integer"},
	},
	{
		Name:   "FalseBindsZero",
		Doc:    "false binds INTEGER 0 and reads back into any as int64(0)",
		Setup:  valueTable,
		Action: storeAndRead(false, false),
		Want:   adapter.Row{"x": int64(0), "type": "integer"},
	},
	{
		Name:  "ScanIntegersIntoBool",
		Doc:   "0 scans into *bool as false, 1 (and any non-zero integer: SQLite's truth) as true",
		Setup: "CREATE TABLE b(id INTEGER PRIMARY KEY, x BOOLEAN); INSERT INTO b VALUES (1, 0), (2, 1), (3, 2), (4, -1)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var got []bool
			err := e.DB.All(ctx, &got, "SELECT x FROM b ORDER BY id")
			return got, err
		},
		Want: []bool{false, true, true, true},
	},
	{
		Name:  "BoolComparesWithInteger",
		Doc:   "a bound bool compares equal to the integers SQLite stores for TRUE and FALSE",
		Query: "SELECT ?1 = 1 AS t, ?2 = 0 AS f, ?1 = TRUE AS tt, typeof(?1) AS type",
		Args:  []any{true, false},
		Want:  []adapter.Row{{"t": int64(1), "f": int64(1), "tt": int64(1), "type": "integer"}},
	},
}
