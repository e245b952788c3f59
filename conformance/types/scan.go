package types

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// scanCases: conversions scanning makes into typed destinations, and the
// ones it refuses with ErrDestination.
var scanCases = []spec.Case{
	{
		Name:    "ScanNullIntoInt",
		Doc:     "NULL scanned into *int is ErrDestination (use a pointer, sql.Null[T] or any)",
		Action:  scanInto[int]("SELECT NULL"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:    "ScanNullIntoString",
		Doc:     "NULL scanned into *string is ErrDestination, not an empty string",
		Action:  scanInto[string]("SELECT NULL"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:    "ScanTextIntoInt",
		Doc:     "non-numeric TEXT scanned into *int is ErrDestination",
		Action:  scanInto[int]("SELECT 'abc'"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:    "ScanOverflowInt8",
		Doc:     "300 scanned into *int8 is ErrDestination, not a wrapped value",
		Action:  scanInto[int8]("SELECT 300"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:    "ScanNegativeIntoUint",
		Doc:     "-1 scanned into *uint64 is ErrDestination",
		Action:  scanInto[uint64]("SELECT -1"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:    "ScanFractionIntoInt",
		Doc:     "REAL 1.5 scanned into *int is ErrDestination, not truncated",
		Action:  scanInto[int]("SELECT 1.5"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:    "ScanBlobIntoInt",
		Doc:     "a BLOB scanned into *int64 is ErrDestination",
		Action:  scanInto[int64]("SELECT x'01'"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:    "ScanTextIntoBool",
		Doc:     "TEXT that is not a boolean word scanned into *bool is ErrDestination",
		Action:  scanInto[bool]("SELECT 'maybe'"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:  "ScanNumericConversions",
		Doc:   "integral REAL and numeric TEXT scan into *int, INTEGER into *float64 and *string, TEXT into *[]byte",
		Setup: "CREATE TABLE c(r, t, i, s); INSERT INTO c VALUES (2.0, ' 42 ', 7, 'hi')",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var s struct {
				R  int     `db:"r"`
				T  int     `db:"t"`
				IF float64 `db:"i"`
				IS string  `db:"i2"`
				S  []byte  `db:"s"`
			}
			err := e.DB.Get(ctx, &s, "SELECT r, t, i, i AS i2, s FROM c")
			return []any{s.R, s.T, s.IF, s.IS, s.S}, err
		},
		Want: []any{2, 42, 7.0, "7", []byte("hi")},
	},
	{
		Name:  "ScanNullIntoPointersAndNull",
		Doc:   "NULL scans into pointers as nil, into sql.Null[T] as invalid and into any as nil",
		Setup: "CREATE TABLE c(x); INSERT INTO c VALUES (NULL)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var s struct {
				P *int          `db:"p"`
				N sqlNullString `db:"n"`
				A any           `db:"a"`
			}
			s.A = "not overwritten"
			err := e.DB.Get(ctx, &s, "SELECT x AS p, x AS n, x AS a FROM c")
			return []any{s.P == nil, s.N.Valid, s.A}, err
		},
		Want: []any{true, false, nil},
	},
}
