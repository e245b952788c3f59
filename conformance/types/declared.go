package types

import (
	"context"
	"database/sql"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// declaredTable has the declared types drivers like to interpret. All but
// txt get NUMERIC affinity from SQLite's rules.
const declaredTable = `CREATE TABLE d(id INTEGER PRIMARY KEY, dt DATETIME, da DATE, ts TIMESTAMP, b BOOLEAN, j JSON, dec DECIMAL(10,2), txt TEXT)`

// declaredCases: a declared type never changes what an any or a Row holds;
// scanning into a typed destination converts.
var declaredCases = []spec.Case{
	{
		Name:  "DeclaredTypesKeepText",
		Doc:   "TEXT in DATETIME, DATE, TIMESTAMP, BOOLEAN, JSON and DECIMAL columns reads back as string",
		Setup: declaredTable + `; INSERT INTO d VALUES (1, '2024-01-02 03:04:05', '2024-01-02', '2024-01-02T03:04:05Z', 'true', '{"a":1}', '12.50 EUR', '2024-01-02')`,
		Query: "SELECT dt, da, ts, b, j, dec, txt FROM d",
		Want: []adapter.Row{{
			"dt": "2024-01-02 03:04:05", "da": "2024-01-02", "ts": "2024-01-02T03:04:05Z",
			"b": "true", "j": `{"a":1}`, "dec": "12.50 EUR", "txt": "2024-01-02",
		}},
	},
	{
		Name:  "DeclaredTypesKeepIntegers",
		Doc:   "INTEGER values in DATETIME, DATE, TIMESTAMP, BOOLEAN, JSON and DECIMAL columns read back as int64 (not time.Time or bool)",
		Setup: declaredTable + `; INSERT INTO d VALUES (1, 1700000000, 20240102, 0, 1, 7, 10, 5)`,
		Query: "SELECT dt, da, ts, b, j, dec, typeof(dt) AS tdt, typeof(b) AS tb FROM d",
		Want: []adapter.Row{{
			"dt": int64(1700000000), "da": int64(20240102), "ts": int64(0), "b": int64(1), "j": int64(7), "dec": int64(10),
			"tdt": "integer", "tb": "integer",
		}},
	},
	{
		Name:  "DeclaredTypesKeepReals",
		Doc:   "REAL values in DATETIME and DECIMAL columns read back as float64",
		Setup: declaredTable + `; INSERT INTO d(id, dt, dec) VALUES (1, 2460432.5, 12.5)`,
		Query: "SELECT dt, dec FROM d",
		Want:  []adapter.Row{{"dt": 2460432.5, "dec": 12.5}},
	},
	{
		Name:  "DeclaredTypesKeepBoundTime",
		Doc:   "a time.Time bound into a DATETIME column reads back into any as the TimeFormat string",
		Setup: declaredTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Run(ctx, "INSERT INTO d(id, dt, ts) VALUES (1, ?, ?)", sampleTime, sampleTime.UTC()); err != nil {
				return nil, err
			}
			var rows []adapter.Row
			err := e.DB.All(ctx, &rows, "SELECT dt, ts FROM d")
			return rows, err
		},
		Want: []adapter.Row{{"dt": "2023-07-14 09:08:07.654321098+05:30", "ts": "2023-07-14 03:38:07.654321098Z"}},
	},
	{
		Name:  "DeclaredTypesScanConvert",
		Doc:   "the same columns scan into *time.Time, *bool, sql.NullTime and *int when asked",
		Setup: declaredTable + `; INSERT INTO d(id, dt, da, ts, b, dec) VALUES (1, '2024-01-02 03:04:05', '2024-01-02', 1700000000, 1, '42')`,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var s struct {
				DT  time.Time    `db:"dt"`
				DA  sql.NullTime `db:"da"`
				TS  *time.Time   `db:"ts"`
				B   *bool        `db:"b"`
				Dec *int         `db:"dec"`
			}
			if err := e.DB.Get(ctx, &s, "SELECT dt, da, ts, b, dec FROM d"); err != nil {
				return nil, err
			}
			if s.TS == nil || s.B == nil || s.Dec == nil {
				return nil, spec.Failf("nil pointer fields: %+v", s)
			}
			return []any{
				s.DT.Format(time.RFC3339), s.DA.Valid, s.DA.Time.Format(time.RFC3339),
				s.TS.UTC().Format(time.RFC3339), *s.B, *s.Dec,
			}, nil
		},
		Want: []any{"2024-01-02T03:04:05Z", true, "2024-01-02T00:00:00Z", "2023-11-14T22:13:20Z", true, 42},
	},
	{
		Name:  "DeclaredTypesAnyInStruct",
		Doc:   "an any field of a struct gets the same storage-class value as a Row, whatever the declared type",
		Setup: declaredTable + `; INSERT INTO d(id, dt, b) VALUES (1, '2024-01-02 03:04:05', 0)`,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var s struct {
				DT any `db:"dt"`
				B  any `db:"b"`
			}
			err := e.DB.Get(ctx, &s, "SELECT dt, b FROM d")
			return []any{s.DT, s.B}, err
		},
		Want: []any{"2024-01-02 03:04:05", int64(0)},
	},
}
