package types

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// nullCases tell NULL apart from empty BLOBs and empty strings.
var nullCases = []spec.Case{
	{
		Name:   "NilIsNull",
		Doc:    "a nil argument stores NULL and reads back as nil",
		Setup:  valueTable,
		Action: storeAndRead(nil, true),
		Want:   adapter.Row{"x": nil, "type": "null", "chars": nil, "bytes": nil},
	},
	{
		Name:   "EmptyBlobIsNotNull",
		Doc:    "[]byte{} stores an empty BLOB (typeof 'blob', length 0) and reads back as a non-nil []byte{}",
		Setup:  valueTable,
		Action: storeAndRead([]byte{}, true),
		Want:   adapter.Row{"x": []byte{}, "type": "blob", "chars": int64(0), "bytes": int64(0)},
	},
	{
		Name:   "NilBytesIsNull",
		Doc:    "[]byte(nil) stores NULL, not an empty BLOB",
		Setup:  valueTable,
		Action: storeAndRead([]byte(nil), true),
		Want:   adapter.Row{"x": nil, "type": "null", "chars": nil, "bytes": nil},
	},
	{
		Name:   "BlobBytes",
		Doc:    "a BLOB with zero and high bytes round-trips unchanged",
		Setup:  valueTable,
		Action: storeAndRead([]byte{0, 1, 0x7f, 0x80, 0xff, 0}, true),
		Want:   adapter.Row{"x": []byte{0, 1, 0x7f, 0x80, 0xff, 0}, "type": "blob", "chars": int64(6), "bytes": int64(6)},
	},
	{
		Name:   "EmptyStringIsNotNull",
		Doc:    `"" stores an empty TEXT (typeof 'text', length 0), not NULL`,
		Setup:  valueTable,
		Action: storeAndRead("", true),
		Want:   adapter.Row{"x": "", "type": "text", "chars": int64(0), "bytes": int64(0)},
	},
	{
		Name:  "EmptyBlobLiteralReadsNonNil",
		Doc:   "an empty BLOB written in SQL (x'') reads back as []byte{}, NULL as nil, in the same rows",
		Setup: "CREATE TABLE b(id INTEGER PRIMARY KEY, x); INSERT INTO b VALUES (1, x''), (2, NULL), (3, zeroblob(0))",
		Query: "SELECT id, x, typeof(x) AS type FROM b ORDER BY id",
		Want: []adapter.Row{
			{"id": int64(1), "x": []byte{}, "type": "blob"},
			{"id": int64(2), "x": nil, "type": "null"},
			{"id": int64(3), "x": []byte{}, "type": "blob"},
		},
	},
	{
		Name:  "ScanEmptyBlobIntoBytes",
		Doc:   "scanning an empty BLOB into *[]byte gives a non-nil []byte{}; NULL into *[]byte gives nil, as with database/sql, through Get and All",
		Setup: "CREATE TABLE b(id INTEGER PRIMARY KEY, x); INSERT INTO b VALUES (1, x''), (2, NULL)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var empty []byte
			if err := e.DB.Get(ctx, &empty, "SELECT x FROM b WHERE id = 1"); err != nil {
				return nil, err
			}
			null := []byte("stale")
			if err := e.DB.Get(ctx, &null, "SELECT x FROM b WHERE id = 2"); err != nil {
				return nil, err
			}
			var ptr *[]byte
			if err := e.DB.Get(ctx, &ptr, "SELECT x FROM b WHERE id = 2"); err != nil {
				return nil, err
			}
			var all [][]byte
			if err := e.DB.All(ctx, &all, "SELECT x FROM b ORDER BY id"); err != nil {
				return nil, err
			}
			return map[string]bool{"emptyIsNil": empty == nil, "emptyLen0": len(empty) == 0, "nullIsNil": null == nil,
				"nullPointerIsNil": ptr == nil, "allEmptyIsNil": all[0] == nil, "allNullIsNil": all[1] == nil}, nil
		},
		Want: map[string]bool{"emptyIsNil": false, "emptyLen0": true, "nullIsNil": true, "nullPointerIsNil": true,
			"allEmptyIsNil": false, "allNullIsNil": true},
	},
}
