package types

import (
	"context"
	"database/sql"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// sampleTime has nanoseconds and a half-hour UTC offset, the details a
// lossy time mapping drops first. In UTC it is 2023-07-14 03:38:07.654321098.
var sampleTime = time.Date(2023, 7, 14, 9, 8, 7, 654321098, time.FixedZone("", 5*3600+30*60))

// timeCases: time.Time binds TEXT in adapter.TimeFormat and scans back.
var timeCases = []spec.Case{
	{
		Name:   "TimeStoredAsText",
		Doc:    "a time.Time binds TEXT in adapter.TimeFormat, offset and nanoseconds included",
		Setup:  valueTable,
		Action: storeAndRead(sampleTime, false),
		Want:   adapter.Row{"x": sampleTime.Format(adapter.TimeFormat), "type": "text"},
	},
	{
		Name:  "TimeFormatLiteral",
		Doc:   "the stored text is exactly '2023-07-14 09:08:07.654321098+05:30', 'Z' for UTC and nine fraction digits even when zero",
		Query: "SELECT ?1 AS offset, ?2 AS utc, ?3 AS whole",
		Args:  []any{sampleTime, sampleTime.UTC(), time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
		Want: []adapter.Row{{
			"offset": "2023-07-14 09:08:07.654321098+05:30",
			"utc":    "2023-07-14 03:38:07.654321098Z",
			"whole":  "2024-01-02 03:04:05.000000000Z",
		}},
	},
	{
		Name:  "TimeRoundTrip",
		Doc:   "a stored time.Time scans back into *time.Time with the same instant, nanoseconds and UTC offset",
		Setup: valueTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Run(ctx, "INSERT INTO v(id, x) VALUES (1, ?)", sampleTime); err != nil {
				return nil, err
			}
			var got time.Time
			if err := e.DB.Get(ctx, &got, "SELECT x FROM v"); err != nil {
				return nil, err
			}
			_, offset := got.Zone()
			return adapter.Row{"equal": got.Equal(sampleTime), "rfc3339": got.Format(time.RFC3339Nano), "offset": int64(offset)}, nil
		},
		Want: adapter.Row{"equal": true, "rfc3339": "2023-07-14T09:08:07.654321098+05:30", "offset": int64(5*3600 + 30*60)},
	},
	{
		Name: "TimeInSQLiteDateFunctions",
		Doc:  "SQLite's date and time functions accept the stored text (converted to UTC, milliseconds kept)",
		Query: `SELECT datetime(?1) AS datetime, date(?1) AS date, time(?1) AS time,
			strftime('%Y-%m-%dT%H:%M:%fZ', ?1) AS strftime, unixepoch(?1) AS unixepoch,
			julianday(?1) = julianday('2023-07-14 03:38:07.654') AS julianday`,
		Args: []any{sampleTime},
		Want: []adapter.Row{{
			"datetime":  "2023-07-14 03:38:07",
			"date":      "2023-07-14",
			"time":      "03:38:07",
			"strftime":  "2023-07-14T03:38:07.654Z",
			"unixepoch": sampleTime.Unix(),
			"julianday": int64(1),
		}},
	},
	{
		Name:  "UTCTimesSortAsText",
		Doc:   "UTC times stored by the adapter sort chronologically as text (fixed width), nanoseconds included",
		Setup: "CREATE TABLE ev(id INTEGER PRIMARY KEY, at TEXT)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			// id = chronological rank; inserted out of order.
			times := map[int64]time.Time{
				4: time.Date(2024, 1, 1, 0, 0, 0, 1, time.UTC),
				1: time.Date(999, 12, 31, 23, 59, 59, 0, time.UTC),
				6: time.Date(2024, 1, 1, 0, 0, 0, 500000000, time.UTC),
				2: time.Date(2023, 12, 31, 23, 59, 59, 999999999, time.UTC),
				5: time.Date(2024, 1, 1, 0, 0, 0, 9, time.UTC),
				3: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
				7: time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC),
			}
			for _, id := range []int64{4, 1, 6, 2, 5, 3, 7} {
				if _, err := e.DB.Run(ctx, "INSERT INTO ev(id, at) VALUES (?, ?)", id, times[id]); err != nil {
					return nil, err
				}
			}
			var ids []int64
			err := e.DB.All(ctx, &ids, "SELECT id FROM ev ORDER BY at")
			return ids, err
		},
		Want: []int64{1, 2, 3, 4, 5, 6, 7},
	},
	{
		Name:  "ScanTimeFromSQLiteFormats",
		Doc:   "TEXT in SQLite's date formats, INTEGER Unix seconds and REAL Julian days scan into *time.Time",
		Setup: "CREATE TABLE t(id INTEGER PRIMARY KEY, x); INSERT INTO t VALUES (1, '2024-05-01'), (2, '2024-05-01 12:30'), (3, '2024-05-01T12:30:45.5'), (4, '2024-05-01 12:30:45+02:00'), (5, 1714566645), (6, 2460432.0)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var ts []time.Time
			if err := e.DB.All(ctx, &ts, "SELECT x FROM t ORDER BY id"); err != nil {
				return nil, err
			}
			var out []string
			for _, t := range ts {
				out = append(out, t.UTC().Format(time.RFC3339Nano))
			}
			return out, nil
		},
		Want: []string{
			"2024-05-01T00:00:00Z",
			"2024-05-01T12:30:00Z",
			"2024-05-01T12:30:45.5Z",
			"2024-05-01T10:30:45Z",
			"2024-05-01T12:30:45Z",
			"2024-05-01T12:00:00Z",
		},
	},
	{
		Name:  "ScanNullTime",
		Doc:   "sql.NullTime and *time.Time take NULL as invalid / nil and a stored time as valid",
		Setup: valueTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Run(ctx, "INSERT INTO v(id, x) VALUES (1, NULL), (2, ?)", sampleTime); err != nil {
				return nil, err
			}
			var nts []sql.NullTime
			if err := e.DB.All(ctx, &nts, "SELECT x FROM v ORDER BY id"); err != nil {
				return nil, err
			}
			var pts []*time.Time
			if err := e.DB.All(ctx, &pts, "SELECT x FROM v ORDER BY id"); err != nil {
				return nil, err
			}
			return []bool{nts[0].Valid, nts[1].Valid && nts[1].Time.Equal(sampleTime), pts[0] == nil, pts[1] != nil && pts[1].Equal(sampleTime)}, nil
		},
		Want: []bool{false, true, true, true},
	},
	{
		Name:    "ScanBadTimeText",
		Doc:     "TEXT that is no SQLite time format scanned into *time.Time is ErrDestination",
		Setup:   "CREATE TABLE t(x DATETIME); INSERT INTO t VALUES ('not a time')",
		Action:  scanInto[time.Time]("SELECT x FROM t"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:  "TimeOffsetWithSeconds",
		Doc:   "a time whose UTC offset has seconds (local mean time, e.g. Europe/Amsterdam before 1937: +00:19:32) keeps its instant",
		Setup: valueTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			in := time.Date(1900, 6, 1, 12, 0, 0, 0, time.FixedZone("LMT", 19*60+32))
			if _, err := e.DB.Run(ctx, "INSERT INTO v(id, x) VALUES (1, ?)", in); err != nil {
				return nil, err
			}
			var got time.Time
			if err := e.DB.Get(ctx, &got, "SELECT x FROM v"); err != nil {
				return nil, err
			}
			return got.UTC().Format(time.RFC3339Nano), nil
		},
		Want: "1900-06-01T11:40:28Z",
	},
}
