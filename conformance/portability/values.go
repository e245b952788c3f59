package portability

import (
	"math"
	"strings"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

// sampleTime has nanoseconds and a half-hour UTC offset.
var sampleTime = time.Date(2023, 7, 14, 9, 8, 7, 654321098, time.FixedZone("", 5*3600+30*60))

// value is one row of the vals table: what the writer binds and what the
// reader must get back into a Row, with its storage class.
type value struct {
	kind  string
	in    any
	want  any
	class string
}

// bigSize is the size of the large BLOB and TEXT values, enough to span
// many overflow pages.
const bigSize = 1 << 20

// values covers every value kind the adapter maps.
var values = []value{
	{"null", nil, nil, "null"},
	{"nil bytes", []byte(nil), nil, "null"},
	{"empty blob", []byte{}, []byte{}, "blob"},
	{"blob", []byte{0, 1, 0x7f, 0x80, 0xff, 0}, []byte{0, 1, 0x7f, 0x80, 0xff, 0}, "blob"},
	{"empty text", "", "", "text"},
	{"unicode", "héllo 世界 🎉👍🏽 e\u0301", "héllo 世界 🎉👍🏽 e\u0301", "text"},
	{"nul in text", "a\x00b", "a\x00b", "text"},
	{"int64 min", int64(math.MinInt64), int64(math.MinInt64), "integer"},
	{"int64 max", int64(math.MaxInt64), int64(math.MaxInt64), "integer"},
	{"int8", int8(-8), int64(-8), "integer"},
	{"uint32", uint32(math.MaxUint32), int64(math.MaxUint32), "integer"},
	{"uint64", uint64(math.MaxInt64), int64(math.MaxInt64), "integer"},
	{"real", 3.25, 3.25, "real"},
	{"integral real", 2.0, 2.0, "real"},
	{"negative zero", math.Copysign(0, -1), 0.0, "real"}, // sign checked apart: cmp says -0 == 0
	{"subnormal", math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64, "real"},
	{"max float", math.MaxFloat64, math.MaxFloat64, "real"},
	{"+inf", math.Inf(1), math.Inf(1), "real"},
	{"-inf", math.Inf(-1), math.Inf(-1), "real"},
	{"float32", float32(0.1), float64(float32(0.1)), "real"},
	{"true", true, int64(1), "integer"},
	{"false", false, int64(0), "integer"},
	{"time", sampleTime, "2023-07-14 09:08:07.654321098+05:30", "text"},
	{"time utc", sampleTime.UTC(), "2023-07-14 03:38:07.654321098Z", "text"},
	{"json", `{"a":[1,2.5,"x"],"b":null}`, `{"a":[1,2.5,"x"],"b":null}`, "text"},
}

// bigBlob and bigText are the large values, the same in writer and reader.
func bigBlob() []byte {
	b := make([]byte, bigSize)
	for i := range b {
		b[i] = byte(i*7 + i>>11)
	}
	return b
}

func bigText() string {
	unit := "0123456789abcdé世🎉\n"
	s := strings.Repeat(unit, bigSize/len(unit))
	return s + strings.Repeat("x", bigSize-len(s))
}

// schema is what the writer creates before inserting: every kind of schema
// object, declared types, a STRICT table and a foreign key.
const schema = `
CREATE TABLE vals(id INTEGER PRIMARY KEY, kind TEXT NOT NULL UNIQUE, v);
CREATE INDEX vals_kind ON vals(kind, id);
CREATE TABLE typed(id INTEGER PRIMARY KEY, dt DATETIME, da DATE, b BOOLEAN, dec DECIMAL(10,2), i INTEGER, t TEXT, r REAL, j JSON);
CREATE TABLE strict(id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, a ANY) STRICT;
CREATE TABLE big(id INTEGER PRIMARY KEY, v);
CREATE TABLE child(id INTEGER PRIMARY KEY, vid INTEGER NOT NULL REFERENCES vals(id));
CREATE TABLE audit(n INTEGER NOT NULL);
INSERT INTO audit VALUES (0);
CREATE VIEW kinds AS SELECT typeof(v) AS type, count(*) AS n FROM vals GROUP BY typeof(v);
CREATE TRIGGER vals_audit AFTER INSERT ON vals BEGIN UPDATE audit SET n = n + 1; END;
`

// typedArgs are bound into table typed; typedWant is what affinity makes
// of them, read back into a Row.
var (
	typedArgs = []any{sampleTime, "2024-01-02", true, "12.50", "12", 12, 1, `{"a":1}`}
	typedWant = adapter.Row{
		"dt": "2023-07-14 09:08:07.654321098+05:30", "da": "2024-01-02", "b": int64(1), "dec": 12.5,
		"i": int64(12), "t": "12", "r": 1.0, "j": `{"a":1}`,
	}
	strictArgs = []any{"12", 3, 7, []byte{1}, "12"}
	strictWant = adapter.Row{"i": int64(12), "r": 3.0, "t": "7", "b": []byte{1}, "a": "12"}
)
