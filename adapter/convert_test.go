package adapter

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type celsius float64
type myBytes []byte
type valuer struct{ s string }

func (v valuer) Value() (driver.Value, error) { return v.s, nil }

type failValuer struct{}

func (failValuer) Value() (driver.Value, error) { return nil, errors.New("boom") }

func TestBindValue(t *testing.T) {
	ts := time.Date(2024, 5, 1, 12, 30, 0, 1, time.UTC)
	plus2 := time.FixedZone("", 2*3600)
	n := 7
	var nilPtr *int
	var nilValuer *sql.NullString
	tests := []struct {
		name string
		in   any
		want driver.Value
	}{
		{"Nil", nil, nil},
		{"NilBytesIsNull", []byte(nil), nil},
		{"EmptyBytesIsBlob", []byte{}, []byte{}},
		{"Int", 42, int64(42)},
		{"Int8", int8(-8), int64(-8)},
		{"Uint32", uint32(math.MaxUint32), int64(math.MaxUint32)},
		{"Uint64Max63", uint64(math.MaxInt64), int64(math.MaxInt64)},
		{"Float32", float32(1.5), 1.5},
		{"Inf", math.Inf(1), math.Inf(1)},
		{"True", true, int64(1)},
		{"False", false, int64(0)},
		{"TimeUTC", ts, "2024-05-01 12:30:00.000000001Z"},
		{"TimeOffset", ts.In(plus2), "2024-05-01 14:30:00.000000001+02:00"},
		{"NamedFloat", celsius(21.5), 21.5},
		{"NamedBytes", myBytes("ab"), []byte("ab")},
		{"Pointer", &n, int64(7)},
		{"NilPointer", nilPtr, nil},
		{"Valuer", valuer{"v"}, "v"},
		{"NullStringInvalid", sql.NullString{}, nil},
		{"NilValuerPointer", nilValuer, nil},
		{"NullTime", sql.NullTime{Time: ts, Valid: true}, "2024-05-01 12:30:00.000000001Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := bindValue(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("bindValue(%#v) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
	for name, bad := range map[string]any{
		"Uint64Overflow": uint64(math.MaxInt64) + 1,
		"NaN":            math.NaN(),
		"Struct":         struct{}{},
		"Chan":           make(chan int),
		"IntSlice":       []int{1},
		"Map":            map[string]int{},
		"FailingValuer":  failValuer{},
	} {
		if _, err := bindValue(bad); !errors.Is(err, ErrArgument) {
			t.Errorf("%s: bindValue = %v, want ErrArgument", name, err)
		}
	}
}

func TestTimeFormatRoundTrip(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2024, 5, 1, 12, 30, 0, 123456789, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2024, 5, 1, 12, 30, 0, 1, time.FixedZone("", -7*3600-1800)),
	} {
		s, _ := bindValue(tm)
		back, err := parseTime(s.(string))
		if err != nil {
			t.Fatal(err)
		}
		if !back.Equal(tm) {
			t.Errorf("%v -> %q -> %v", tm, s, back)
		}
		_, off1 := tm.Zone()
		_, off2 := back.Zone()
		if off1 != off2 {
			t.Errorf("%v lost its offset: %v", tm, back)
		}
	}
	// UTC values sort as text.
	a, _ := bindValue(time.Date(2024, 1, 1, 0, 0, 0, 5, time.UTC))
	b, _ := bindValue(time.Date(2024, 1, 1, 0, 0, 0, 40, time.UTC))
	if a.(string) >= b.(string) {
		t.Errorf("%q should sort before %q", a, b)
	}
}

func TestAssign(t *testing.T) {
	ts := time.Date(2024, 5, 1, 12, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		dst  any // pointer
		src  any
		want any // value pointed to
	}{
		{"StringFromText", new(string), "x", "x"},
		{"StringFromInt", new(string), int64(5), "5"},
		{"BytesFromBlob", new([]byte), []byte("b"), []byte("b")},
		{"EmptyBlobNotNil", new([]byte), []byte{}, []byte{}},
		{"IntFromInt", new(int), int64(-3), -3},
		{"IntFromIntegralReal", new(int64), 2.0, int64(2)},
		{"Uint8", new(uint8), int64(255), uint8(255)},
		{"Float32", new(float32), 1.25, float32(1.25)},
		{"FloatFromInt", new(float64), int64(3), 3.0},
		{"BoolFromOne", new(bool), int64(1), true},
		{"BoolFromZero", new(bool), int64(0), false},
		{"BoolFromText", new(bool), "true", true},
		{"TimeFromCanonical", new(time.Time), "2024-05-01 12:30:00.000000000Z", ts},
		{"TimeFromSQLite", new(time.Time), "2024-05-01 12:30:00", ts},
		{"TimeFromISO", new(time.Time), "2024-05-01T12:30:00Z", ts},
		{"TimeFromDate", new(time.Time), "2024-05-01", time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)},
		{"TimeFromUnix", new(time.Time), ts.Unix(), ts},
		{"TimeFromJulian", new(time.Time), 2460432.0208333335, ts},
		{"TimeFromGoString", new(time.Time), "2024-05-01 12:30:00 +0000 UTC m=+0.000000001", ts},
		{"PtrNull", new(*int), nil, (*int)(nil)},
		{"AnyBlobCopied", new(any), []byte{}, []byte{}},
		{"AnyNull", new(any), nil, nil},
		{"NullTimeValid", new(sql.NullTime), "2024-05-01 12:30:00", sql.NullTime{Time: ts, Valid: true}},
		{"NullTimeNull", new(sql.NullTime), nil, sql.NullTime{}},
		{"GenericNullTime", new(sql.Null[time.Time]), "2024-05-01 12:30:00", sql.Null[time.Time]{V: ts, Valid: true}},
		{"NullStringScanner", new(sql.NullString), "s", sql.NullString{String: "s", Valid: true}},
		{"NamedFloat", new(celsius), 2.5, celsius(2.5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dv := reflect.ValueOf(tt.dst).Elem()
			if err := assign(dv, tt.src); err != nil {
				t.Fatal(err)
			}
			got := dv.Interface()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if b, ok := got.([]byte); ok && b == nil {
				t.Errorf("got a nil []byte")
			}
		})
	}
	for name, tc := range map[string]struct{ dst, src any }{
		"NullIntoInt":      {new(int), nil},
		"NullIntoString":   {new(string), nil},
		"Overflow":         {new(int8), int64(300)},
		"NegativeIntoUint": {new(uint), int64(-1)},
		"RealIntoInt":      {new(int), 1.5},
		"TextIntoInt":      {new(int), "x"},
		"BadTime":          {new(time.Time), "yesterday"},
		"BlobIntoFloat":    {new(float64), []byte{1}},
		"IntIntoStruct":    {new(struct{ A int }), int64(1)},
	} {
		if err := assign(reflect.ValueOf(tc.dst).Elem(), tc.src); !errors.Is(err, ErrDestination) {
			t.Errorf("%s: assign = %v, want ErrDestination", name, err)
		}
	}
}
