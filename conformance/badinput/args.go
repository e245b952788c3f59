package badinput

import (
	"context"
	"database/sql"
	"math"
	"slices"
	"strconv"
	"unsafe"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// celsius is a named float type, bound through reflection.
type celsius float64

// argCases: arguments of the wrong number or of a type SQLite cannot store
// faithfully are ErrArgument, and never reach the database.
var argCases = []spec.Case{
	{
		Name:  "WrongArgumentCount",
		Doc:   "too many or too few arguments are ErrArgument for every method, never a NULL filled in or an extra value dropped",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"Run too many":           runs("UPDATE keep SET v = ? WHERE id = ?", "x", 1, 2),
			"Run too few":            runs("UPDATE keep SET v = ? WHERE id = ?", "x"),
			"Run none":               runs("DELETE FROM keep WHERE id = ?"),
			"Run unwanted":           runs("DELETE FROM keep WHERE id = 4", 1),
			"Get too many":           gets("SELECT v FROM keep WHERE id = ?", 1, 2),
			"All too few":            alls("SELECT v FROM keep WHERE id IN (?, ?)", 1),
			"Iterate too many":       iterates("SELECT v FROM keep WHERE id = ?1", 1, 2),
			"Exec unbound parameter": execs("UPDATE keep SET v = ? WHERE id = 1"),
			"named missing":          runs("UPDATE keep SET v = :v WHERE id = :id", sql.Named("v", "x")),
			"map missing":            runs("UPDATE keep SET v = :v WHERE id = :id", map[string]any{"v": "x"}),
			"Stmt too many":          stmtRuns("UPDATE keep SET v = ? WHERE id = ?", "x", 1, 2),
			"Stmt too few":           stmtRuns("UPDATE keep SET v = ? WHERE id = ?", "x"),
		}),
		Want: map[string]string{"Run too many": "ErrArgument", "Run too few": "ErrArgument", "Run none": "ErrArgument",
			"Run unwanted": "ErrArgument", "Get too many": "ErrArgument", "All too few": "ErrArgument",
			"Iterate too many": "ErrArgument", "Exec unbound parameter": "ErrArgument", "named missing": "ErrArgument",
			"map missing": "ErrArgument", "Stmt too many": "ErrArgument", "Stmt too few": "ErrArgument"},
	},
	{
		Name:   "UnsupportedArgumentTypes",
		Doc:    "struct, chan, func, map[int]int, map[string]int, complex, slices other than []byte, unsafe.Pointer and pointers to them are ErrArgument",
		Setup:  keep,
		Action: kinds(bindEach(unsupportedArgs)),
		Want:   all(unsupportedArgs, "ErrArgument"),
	},
	{
		Name:  "NaNIsRefused",
		Doc:   "NaN, as float64, float32, a named float type or behind a pointer, is ErrArgument (SQLite would store NULL)",
		Setup: keep,
		Action: kinds(bindEach(map[string]any{
			"float64": math.NaN(), "float32": float32(math.NaN()), "named": celsius(math.NaN()),
			"pointer": ptr(math.NaN()), "Null": sql.NullFloat64{Float64: math.NaN(), Valid: true},
		})),
		Want: map[string]string{"float64": "ErrArgument", "float32": "ErrArgument", "named": "ErrArgument",
			"pointer": "ErrArgument", "Null": "ErrArgument"},
	},
	{
		Name:  "InfinityRoundTrips",
		Doc:   "+Inf and -Inf are not errors: they are stored as REAL and read back unchanged, as float64 and as float32",
		Setup: "CREATE TABLE f(id INTEGER PRIMARY KEY, x REAL)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			for i, x := range []any{math.Inf(1), math.Inf(-1), float32(math.Inf(1)), celsius(math.Inf(-1))} {
				if _, err := e.DB.Run(ctx, "INSERT INTO f VALUES (?, ?)", i, x); err != nil {
					return nil, err
				}
			}
			var rows []adapter.Row
			err := e.DB.All(ctx, &rows, "SELECT x, typeof(x) AS t, x > 1e308 AS big FROM f ORDER BY id")
			return rows, err
		},
		Want: []adapter.Row{
			{"x": math.Inf(1), "t": "real", "big": int64(1)},
			{"x": math.Inf(-1), "t": "real", "big": int64(0)},
			{"x": math.Inf(1), "t": "real", "big": int64(1)},
			{"x": math.Inf(-1), "t": "real", "big": int64(0)},
		},
	},
	{
		Name:  "UnsignedOverflow",
		Doc:   "uint64, uint and uintptr above math.MaxInt64 are ErrArgument; math.MaxInt64 itself is stored exactly (as is the largest uint on 32-bit platforms)",
		Setup: "CREATE TABLE n(x INTEGER)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for name, v := range map[string]any{
				"uint64 max":      uint64(math.MaxUint64),
				"uint64 2^63":     uint64(math.MaxInt64) + 1,
				"uint max":        uint(math.MaxUint),
				"uintptr max":     uintptr(math.MaxUint),
				"pointer":         ptr(uint64(math.MaxUint64)),
				"uint64 MaxInt64": uint64(math.MaxInt64),
			} {
				_, err := e.DB.Run(ctx, "INSERT INTO n VALUES (?)", v)
				out[name] = kind(err)
			}
			var xs []int64
			if err := e.DB.All(ctx, &xs, "SELECT x FROM n"); err != nil {
				return nil, err
			}
			slices.Sort(xs)
			want := []int64{math.MaxInt64}
			if uintFits {
				want = []int64{math.MaxUint32, math.MaxUint32, math.MaxInt64}
			}
			if !slices.Equal(xs, want) {
				return nil, spec.Failf("table holds %v, want %v", xs, want)
			}
			return out, nil
		},
		Want: map[string]string{"uint64 max": "ErrArgument", "uint64 2^63": "ErrArgument", "uint max": uintMaxWant,
			"uintptr max": uintMaxWant, "pointer": "ErrArgument", "uint64 MaxInt64": "nil"},
	},
	{
		Name:  "ValueTooBig",
		Doc:   "a string or blob above SQLite's length limit (1e9 bytes) is SQLITE_TOOBIG, refused before it is allocated",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"zeroblob":        runs("UPDATE keep SET v = zeroblob(2000000000) WHERE id = 1"),
			"randomblob":      runs("UPDATE keep SET v = randomblob(2000000000) WHERE id = 1"),
			"select zeroblob": gets("SELECT zeroblob(1000000001)"),
		}),
		Want: map[string]string{"zeroblob": "SQLITE_TOOBIG", "randomblob": "SQLITE_TOOBIG",
			"select zeroblob": "SQLITE_TOOBIG"},
	},
	{
		Name:     "OutOfMemoryIsAnError",
		Requires: []adapter.Feature{adapter.FeatureHeapLimit},
		Doc:      "a statement that needs more memory than SQLite may use (hard_heap_limit 32 MiB here) fails with SQLITE_NOMEM, and the database goes on working",
		Options:  adapter.Options{Pragmas: []string{"hard_heap_limit = 33554432"}},
		Setup:    keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			// The runner restores a process-wide limit after the case
			// (Opener.HeapLimiter); lifting it here keeps the database
			// usable where the limit is per connection.
			var n int64
			err := e.DB.Get(ctx, &n, "SELECT length(randomblob(50000000))")
			out := []string{kind(err)}
			if _, perr := e.DB.Pragma(ctx, "hard_heap_limit = 0"); perr != nil {
				return nil, perr
			}
			return out, intact(ctx, e, nil)
		},
		Want: []string{"SQLITE_NOMEM"},
	},
}

// unsupportedArgs are values the adapter cannot bind.
var unsupportedArgs = map[string]any{
	"struct":          struct{ A int }{1},
	"pointer struct":  &struct{ A int }{1},
	"chan":            make(chan int),
	"func":            func() {},
	"map[int]int":     map[int]int{1: 1},
	"map[string]int":  map[string]int{"v": 1},
	"complex128":      complex(1, 2),
	"complex64":       complex64(complex(1, 2)),
	"pointer complex": ptr(complex(1, 2)),
	"[]int":           []int{1},
	"[]string":        []string{"a"},
	"[2]byte":         [2]byte{1, 2},
	"unsafe.Pointer":  unsafe.Pointer(new(int)),
	"pointer chan":    ptr(make(chan int)),
	"error":           context.Canceled,
}

// bindEach returns one attempt per value: bind it in an UPDATE of keep.
func bindEach(values map[string]any) map[string]func(context.Context, *spec.Env) error {
	out := map[string]func(context.Context, *spec.Env) error{}
	for name, v := range values {
		out[name] = runs("UPDATE keep SET v = ? WHERE id = 1", v)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// uintFits reports whether every uint fits in an int64 (32-bit platforms),
// so that UnsignedOverflow's largest uint and uintptr are stored, not refused.
const uintFits = strconv.IntSize == 32

// uintMaxWant is what UnsignedOverflow expects of the largest uint.
var uintMaxWant = map[bool]string{false: "ErrArgument", true: "nil"}[uintFits]
