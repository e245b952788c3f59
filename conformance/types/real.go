package types

import (
	"context"
	"math"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// realCases bind float64 and float32 values, including the special ones.
var realCases = []spec.Case{
	{
		Name:   "Real",
		Doc:    "a float64 round-trips as REAL",
		Setup:  valueTable,
		Action: storeAndRead(3.25, false),
		Want:   adapter.Row{"x": 3.25, "type": "real"},
	},
	{
		Name:   "IntegralRealStaysReal",
		Doc:    "an integral float64 (2.0) stays REAL in an untyped column and reads back as float64, not int64",
		Setup:  valueTable,
		Action: storeAndRead(2.0, false),
		Want:   adapter.Row{"x": 2.0, "type": "real"},
	},
	{
		Name:  "NegativeZero",
		Doc:   "-0.0 round-trips as REAL with its sign bit",
		Setup: valueTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			v, err := storeAndRead(math.Copysign(0, -1), false)(ctx, e)
			if err != nil {
				return nil, err
			}
			row := v.(adapter.Row)
			f, ok := row["x"].(float64)
			return adapter.Row{"type": row["type"], "float64": ok, "zero": f == 0, "signbit": math.Signbit(f)}, nil
		},
		Want: adapter.Row{"type": "real", "float64": true, "zero": true, "signbit": true},
	},
	{
		Name:   "SmallestSubnormal",
		Doc:    "math.SmallestNonzeroFloat64 (a subnormal) round-trips exactly",
		Setup:  valueTable,
		Action: storeAndRead(math.SmallestNonzeroFloat64, false),
		Want:   adapter.Row{"x": math.SmallestNonzeroFloat64, "type": "real"},
	},
	{
		Name:   "MaxFloat64",
		Doc:    "math.MaxFloat64 round-trips exactly",
		Setup:  valueTable,
		Action: storeAndRead(math.MaxFloat64, false),
		Want:   adapter.Row{"x": math.MaxFloat64, "type": "real"},
	},
	{
		Name:   "PositiveInfinity",
		Doc:    "+Inf is stored as REAL and reads back as +Inf",
		Setup:  valueTable,
		Action: storeAndRead(math.Inf(1), false),
		Want:   adapter.Row{"x": math.Inf(1), "type": "real"},
	},
	{
		Name:   "NegativeInfinity",
		Doc:    "-Inf is stored as REAL and reads back as -Inf",
		Setup:  valueTable,
		Action: storeAndRead(math.Inf(-1), false),
		Want:   adapter.Row{"x": math.Inf(-1), "type": "real"},
	},
	{
		Name:    "NaNIsAnError",
		Doc:     "NaN is refused with ErrArgument (SQLite would silently store NULL)",
		Setup:   valueTable,
		Action:  storeAndRead(math.NaN(), false),
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "NaNFloat32IsAnError",
		Doc:     "a float32 NaN is refused with ErrArgument too",
		Setup:   valueTable,
		Action:  storeAndRead(float32(math.NaN()), false),
		WantErr: adapter.ErrArgument,
	},
	{
		Name:   "Float32Widened",
		Doc:    "a float32 binds REAL holding exactly its float64 widening (float32(0.1) is 0.10000000149011612)",
		Setup:  valueTable,
		Action: storeAndRead(float32(0.1), false),
		Want:   adapter.Row{"x": float64(float32(0.1)), "type": "real"},
	},
	{
		Name:  "ScanIntoFloat32",
		Doc:   "a REAL scans into *float32, and one beyond float32's range is ErrDestination",
		Setup: "CREATE TABLE f(id INTEGER PRIMARY KEY, x); INSERT INTO f VALUES (1, 0.5), (2, 1e300)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var f float32
			if err := e.DB.Get(ctx, &f, "SELECT x FROM f WHERE id = 1"); err != nil {
				return nil, err
			}
			var big float32
			if err := e.DB.Get(ctx, &big, "SELECT x FROM f WHERE id = 2"); err == nil {
				return nil, spec.Failf("1e300 into float32 gave %v, want ErrDestination", big)
			} else if !isDestination(err) {
				return nil, spec.Failf("1e300 into float32: %v, want ErrDestination", err)
			}
			return f, nil
		},
		Want: float32(0.5),
	},
}
