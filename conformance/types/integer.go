package types

import (
	"context"
	"math"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// integerCases bind every Go integer kind and the ends of SQLite's
// 64-bit INTEGER range.
var integerCases = []spec.Case{
	{
		Name:   "Int64Min",
		Doc:    "math.MinInt64 round-trips as INTEGER",
		Setup:  valueTable,
		Action: storeAndRead(int64(math.MinInt64), false),
		Want:   adapter.Row{"x": int64(math.MinInt64), "type": "integer"},
	},
	{
		Name:   "Int64Max",
		Doc:    "math.MaxInt64 round-trips as INTEGER",
		Setup:  valueTable,
		Action: storeAndRead(int64(math.MaxInt64), false),
		Want:   adapter.Row{"x": int64(math.MaxInt64), "type": "integer"},
	},
	{
		Name:  "EveryIntegerKind",
		Doc:   "every Go integer kind (int, int8..int64, uint, uint8..uint64, uintptr) binds INTEGER and reads back as int64",
		Setup: valueTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			in := []any{
				int(-1), int8(math.MinInt8), int16(math.MinInt16), int32(math.MinInt32), int64(-5),
				uint(1), uint8(math.MaxUint8), uint16(math.MaxUint16), uint32(math.MaxUint32), uint64(math.MaxInt64), uintptr(7),
			}
			for i, v := range in {
				if _, err := e.DB.Run(ctx, "INSERT INTO v(id, x) VALUES (?, ?)", i, v); err != nil {
					return nil, spec.Failf("bind %T: %v", v, err)
				}
			}
			var rows []adapter.Row
			err := e.DB.All(ctx, &rows, "SELECT x, typeof(x) AS type FROM v ORDER BY id")
			return rows, err
		},
		Want: []adapter.Row{
			{"x": int64(-1), "type": "integer"},
			{"x": int64(math.MinInt8), "type": "integer"},
			{"x": int64(math.MinInt16), "type": "integer"},
			{"x": int64(math.MinInt32), "type": "integer"},
			{"x": int64(-5), "type": "integer"},
			{"x": int64(1), "type": "integer"},
			{"x": int64(math.MaxUint8), "type": "integer"},
			{"x": int64(math.MaxUint16), "type": "integer"},
			{"x": int64(math.MaxUint32), "type": "integer"},
			{"x": int64(math.MaxInt64), "type": "integer"},
			{"x": int64(7), "type": "integer"},
		},
	},
	{
		Name:    "Uint64AboveMaxInt64",
		Doc:     "a uint64 above math.MaxInt64 is refused with ErrArgument, not stored as a negative number",
		Setup:   valueTable,
		Action:  storeAndRead(uint64(math.MaxInt64)+1, false),
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "NamedUint64AboveMaxInt64",
		Doc:     "a named unsigned type above math.MaxInt64 is refused with ErrArgument too",
		Setup:   valueTable,
		Action:  storeAndRead(counter(math.MaxUint64), false),
		WantErr: adapter.ErrArgument,
	},
	{
		Name:  "ScanIntoEveryIntegerKind",
		Doc:   "an INTEGER scans into every Go integer kind that can hold it",
		Setup: "CREATE TABLE n(x); INSERT INTO n VALUES (100)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var (
				i   int
				i8  int8
				i16 int16
				i32 int32
				i64 int64
				u   uint
				u8  uint8
				u16 uint16
				u32 uint32
				u64 uint64
			)
			var got []int64
			for _, d := range []any{&i, &i8, &i16, &i32, &i64, &u, &u8, &u16, &u32, &u64} {
				if err := e.DB.Get(ctx, d, "SELECT x FROM n"); err != nil {
					return nil, spec.Failf("into %T: %v", d, err)
				}
			}
			got = append(got, int64(i), int64(i8), int64(i16), int64(i32), i64,
				int64(u), int64(u8), int64(u16), int64(u32), int64(u64))
			return got, nil
		},
		Want: []int64{100, 100, 100, 100, 100, 100, 100, 100, 100, 100},
	},
}

// counter is a named unsigned integer type.
type counter uint64
