package types

import (
	"bytes"
	"context"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// textCases bind strings SQLite must keep byte for byte: multi-byte UTF-8,
// emoji, combining marks, embedded NUL, and large values.
var textCases = []spec.Case{
	{
		Name:   "UnicodeMultiByte",
		Doc:    "multi-byte UTF-8 text round-trips; length() counts characters, not bytes",
		Setup:  valueTable,
		Action: storeAndRead("héllo wörld 世界", true),
		Want:   adapter.Row{"x": "héllo wörld 世界", "type": "text", "chars": int64(14), "bytes": int64(20)},
	},
	{
		Name:   "Emoji",
		Doc:    "4-byte UTF-8 (emoji, with a skin-tone modifier) round-trips; each code point is one character",
		Setup:  valueTable,
		Action: storeAndRead("🎉👍🏽", true),
		Want:   adapter.Row{"x": "🎉👍🏽", "type": "text", "chars": int64(3), "bytes": int64(12)},
	},
	{
		Name:   "CombiningMarks",
		Doc:    "a decomposed e + U+0301 is stored as bound, not normalised: two characters, three bytes",
		Setup:  valueTable,
		Action: storeAndRead("e\u0301", true),
		Want:   adapter.Row{"x": "e\u0301", "type": "text", "chars": int64(2), "bytes": int64(3)},
	},
	{
		Name:   "EmbeddedNUL",
		Doc:    "TEXT with an embedded NUL round-trips whole (3 bytes); length() counts the characters before the first NUL, as SQLite documents",
		Setup:  valueTable,
		Action: storeAndRead("a\x00b", true),
		Want:   adapter.Row{"x": "a\x00b", "type": "text", "chars": int64(1), "bytes": int64(3)},
	},
	{
		Name:  "EmbeddedNULComparesWhole",
		Doc:   "TEXT with an embedded NUL compares equal to the same bound string and unequal to its prefix",
		Setup: "CREATE TABLE v(id INTEGER PRIMARY KEY, x)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Run(ctx, "INSERT INTO v(id, x) VALUES (1, ?)", "a\x00b"); err != nil {
				return nil, err
			}
			var row adapter.Row
			err := e.DB.Get(ctx, &row, "SELECT x = ?1 AS same, x = ?2 AS prefix, hex(x) AS hex FROM v", "a\x00b", "a")
			return row, err
		},
		Want: adapter.Row{"same": int64(1), "prefix": int64(0), "hex": "610062"},
	},
	{
		Name:  "InvalidUTF8Text",
		Doc:   "a Go string that is not valid UTF-8 is stored as TEXT byte for byte and reads back unchanged",
		Setup: valueTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			v, err := storeAndRead("\xff\xfe", false)(ctx, e)
			if err != nil {
				return nil, err
			}
			var h string
			err = e.DB.Get(ctx, &h, "SELECT hex(x) FROM v")
			return []any{v, h}, err
		},
		Want: []any{adapter.Row{"x": "\xff\xfe", "type": "text"}, "FFFE"},
	},
	{
		Name:  "BigBlob",
		Doc:   "a 10 MB BLOB round-trips byte for byte",
		Setup: valueTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			big := make([]byte, 10<<20)
			for i := range big {
				big[i] = byte(i*7 + i>>11)
			}
			return bigRoundTrip(ctx, e, big, func(got any) bool { b, ok := got.([]byte); return ok && bytes.Equal(b, big) })
		},
		Want: adapter.Row{"type": "blob", "bytes": int64(10 << 20), "same": true},
	},
	{
		Name:  "BigText",
		Doc:   "a 10 MB TEXT (multi-byte characters included) round-trips byte for byte",
		Setup: valueTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			unit := "0123456789abcdé世🎉\n"
			big := strings.Repeat(unit, (10<<20)/len(unit))
			big += strings.Repeat("x", 10<<20-len(big))
			return bigRoundTrip(ctx, e, big, func(got any) bool { s, ok := got.(string); return ok && s == big })
		},
		Want: adapter.Row{"type": "text", "bytes": int64(10 << 20), "same": true},
	},
}

// bigRoundTrip stores v, reads it back into an any, and reports its
// storage class, its size in bytes and whether same accepts it (a diff of
// 10 MB values would be unreadable).
func bigRoundTrip(ctx context.Context, e *spec.Env, v any, same func(any) bool) (any, error) {
	if _, err := e.DB.Run(ctx, "INSERT INTO v(id, x) VALUES (1, ?)", v); err != nil {
		return nil, err
	}
	var row adapter.Row
	if err := e.DB.Get(ctx, &row, "SELECT typeof(x) AS type, length(CAST(x AS BLOB)) AS bytes FROM v"); err != nil {
		return nil, err
	}
	var got any
	if err := e.DB.Get(ctx, &got, "SELECT x FROM v"); err != nil {
		return nil, err
	}
	row["same"] = same(got)
	if !row["same"].(bool) {
		row["readAs"] = typeName(got)
	}
	return row, nil
}
