package types

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// Named types and Valuers the binding cases use.
type (
	celsius  float64
	label    string
	flag     bool
	raw      []byte
	priority int8

	// sqlNullString is sql.Null[string] under a short name.
	sqlNullString = sql.Null[string]

	// point is a driver.Valuer that stores itself as text.
	point struct{ X, Y int }

	// failing is a driver.Valuer whose Value fails.
	failing struct{}
)

// Value implements driver.Valuer.
func (p point) Value() (driver.Value, error) {
	return []byte{byte(p.X), byte(p.Y)}, nil
}

// Value implements driver.Valuer.
func (failing) Value() (driver.Value, error) { return nil, errors.New("no value") }

// bindCases: named arguments, driver.Valuer, named types and pointers
// bind as the adapter documents.
var bindCases = []spec.Case{
	{
		Name:  "BindSQLNamed",
		Doc:   "sql.Named arguments bind by name and are converted like positional ones",
		Query: "SELECT :b AS b, typeof(:b) AS tb, @t AS t, $f AS f",
		Args:  []any{sql.Named("b", true), sql.Named("t", label("x")), sql.Named("f", float32(0.5))},
		Want:  []adapter.Row{{"b": int64(1), "tb": "integer", "t": "x", "f": 0.5}},
	},
	{
		Name:  "BindValuer",
		Doc:   "a driver.Valuer binds what its Value method returns",
		Query: "SELECT ?1 AS v, typeof(?1) AS type",
		Args:  []any{point{1, 2}},
		Want:  []adapter.Row{{"v": []byte{1, 2}, "type": "blob"}},
	},
	{
		Name:  "BindStdlibValuers",
		Doc:   "sql.NullString, sql.NullInt64 and sql.Null[float64] bind their value when Valid and NULL when not",
		Query: "SELECT ? AS s, ? AS i, ? AS f, ? AS nul",
		Args: []any{
			sql.NullString{String: "s", Valid: true}, sql.NullInt64{Int64: 5, Valid: true},
			sql.Null[float64]{V: 1.5, Valid: true}, sql.NullString{},
		},
		Want: []adapter.Row{{"s": "s", "i": int64(5), "f": 1.5, "nul": nil}},
	},
	{
		Name:    "BindValuerError",
		Doc:     "a driver.Valuer whose Value fails is ErrArgument",
		Query:   "SELECT ?",
		Args:    []any{failing{}},
		WantErr: adapter.ErrArgument,
	},
	{
		Name:  "BindNamedTypes",
		Doc:   "named types bind as their underlying kind: type celsius float64, label string, flag bool, raw []byte, priority int8",
		Query: "SELECT ?1 AS c, typeof(?1) AS tc, ?2 AS l, ?3 AS f, ?4 AS r, typeof(?4) AS tr, ?5 AS p",
		Args:  []any{celsius(21.5), label("hot"), flag(true), raw{9}, priority(-3)},
		Want:  []adapter.Row{{"c": 21.5, "tc": "real", "l": "hot", "f": int64(1), "r": []byte{9}, "tr": "blob", "p": int64(-3)}},
	},
	{
		Name:  "BindPointers",
		Doc:   "a nil pointer binds NULL, a non-nil pointer binds the value it points to",
		Query: "SELECT ?1 AS nilInt, typeof(?1) AS t, ?2 AS s, ?3 AS f, ?4 AS nilValuer, ?5 AS nilTime, ?6 AS time, ?7 AS bytes",
		Args:  []any{(*int)(nil), ptr("text"), ptr(celsius(1.5)), (*point)(nil), (*time.Time)(nil), ptr(sampleTime), ptr([]byte{})},
		Want: []adapter.Row{{
			"nilInt": nil, "t": "null", "s": "text", "f": 1.5, "nilValuer": nil, "nilTime": nil,
			"time": "2023-07-14 09:08:07.654321098+05:30", "bytes": []byte{},
		}},
	},
	{
		Name:  "BindRoundTripNamedTypes",
		Doc:   "named types scan back from the values they stored",
		Setup: valueTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Run(ctx, "INSERT INTO v(id, x) VALUES (1, ?), (2, ?), (3, ?)", celsius(-4.5), label("l"), flag(true)); err != nil {
				return nil, err
			}
			var c celsius
			var l label
			var f flag
			for _, s := range []struct {
				id  int
				dst any
			}{{1, &c}, {2, &l}, {3, &f}} {
				if err := e.DB.Get(ctx, s.dst, "SELECT x FROM v WHERE id = ?", s.id); err != nil {
					return nil, err
				}
			}
			return []any{c, l, f}, nil
		},
		Want: []any{celsius(-4.5), label("l"), flag(true)},
	},
	{
		Name:    "BindUnsupportedType",
		Doc:     "an argument of a type with no SQLite value (a struct that is no Valuer) is ErrArgument",
		Query:   "SELECT ?",
		Args:    []any{struct{ A int }{1}},
		WantErr: adapter.ErrArgument,
	},
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }
