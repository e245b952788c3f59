package adapter

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

type myString string

// Embedded is embedded by value in everyField.
type Embedded struct{ E int64 }

// EmbeddedPtr is embedded by pointer in everyField.
type EmbeddedPtr struct{ EP string }

// everyField has a field of each kind of destination a column can go to.
type everyField struct {
	I   int64
	I32 int32
	U16 uint16
	N   int
	F   float64
	F32 float32
	S   string
	MS  myString
	B   []byte
	MB  myBytes
	Bo  bool
	T   time.Time
	NT  sql.NullTime
	NS  sql.NullString
	NI  sql.Null[int64]
	P   *int64
	PS  *string
	A   any
	C   celsius
	Embedded
	*EmbeddedPtr
}

// TestTypedStoreMatchesBoxed checks that a row read as typed values
// (contract.ValueRows, stored by assignTyped and storeFast) lands in every
// kind of field exactly as the same row read as driver.Values (assignAs):
// the same value, or the same error, for every storage class.
func TestTypedStoreMatchesBoxed(t *testing.T) {
	values := []contract.Value{
		{},
		{Kind: contract.Integer, Int: 0},
		{Kind: contract.Integer, Int: 1},
		{Kind: contract.Integer, Int: -7},
		{Kind: contract.Integer, Int: 70000},
		{Kind: contract.Integer, Int: math.MaxInt64},
		{Kind: contract.Integer, Int: math.MinInt64},
		{Kind: contract.Integer, Int: 1714566600},
		{Kind: contract.Float, Float: 2.5},
		{Kind: contract.Float, Float: 3},
		{Kind: contract.Float, Float: 1e300},
		{Kind: contract.Float, Float: math.Inf(-1)},
		{Kind: contract.Float, Float: 2460431.5},
		{Kind: contract.Text, Bytes: []byte("héllo")},
		{Kind: contract.Text, Bytes: nil},
		{Kind: contract.Text, Bytes: []byte("42")},
		{Kind: contract.Text, Bytes: []byte("true")},
		{Kind: contract.Text, Bytes: []byte("2024-05-01 12:30:00")},
		{Kind: contract.Blob, Bytes: []byte{0, 1, 0xff}},
		{Kind: contract.Blob, Bytes: nil},
		{Kind: contract.Blob, Bytes: []byte{}},
	}
	typ := reflect.TypeFor[everyField]()
	for _, col := range []string{"i", "i32", "u16", "n", "f", "f32", "s", "ms", "b", "mb", "bo", "t", "nt", "ns", "ni", "p", "ps", "a", "c", "e", "ep"} {
		p := planFor(typ, []string{col})
		if p.err != nil {
			t.Fatalf("column %s: %v", col, p.err)
		}
		for _, v := range values {
			t.Run(fmt.Sprintf("%s/%v", col, v.Any()), func(t *testing.T) {
				var boxed, typed everyField
				errBoxed := p.store(record{vals: []driver.Value{v.Any()}}, reflect.ValueOf(&boxed).Elem())
				tv := v
				tv.Bytes = append([]byte(nil), v.Bytes...) // the driver's memory, reused below
				if v.Bytes != nil && tv.Bytes == nil {
					tv.Bytes = []byte{}
				}
				errTyped := p.store(record{tvals: []contract.Value{tv}}, reflect.ValueOf(&typed).Elem())
				for i := range tv.Bytes {
					tv.Bytes[i] = '#' // the driver moves on: nothing stored may share these bytes
				}
				if fmt.Sprint(errBoxed) != fmt.Sprint(errTyped) {
					t.Fatalf("typed: %v, boxed: %v", errTyped, errBoxed)
				}
				if diff := cmp.Diff(boxed, typed); diff != "" {
					t.Errorf("typed and boxed differ (-boxed +typed):\n%s", diff)
				}
			})
		}
	}
}

// TestFastFieldPlans checks which fields storeFast writes: those whose
// memory layout it knows, reached without an embedded pointer.
func TestFastFieldPlans(t *testing.T) {
	typ := reflect.TypeFor[everyField]()
	want := map[string]fastKind{
		"i": fastInt64, "n": fastInt64, "f": fastFloat64, "s": fastString, "ms": fastString,
		"b": fastBytes, "mb": fastBytes, "bo": fastBool, "c": fastFloat64, "e": fastInt64,
	}
	for _, col := range []string{"i", "i32", "u16", "n", "f", "f32", "s", "ms", "b", "mb", "bo", "t", "nt", "ns", "ni", "p", "ps", "a", "c", "e", "ep"} {
		f := planFor(typ, []string{col}).fields[0]
		if f.fast != want[col] {
			t.Errorf("column %s: fast kind %d, want %d", col, f.fast, want[col])
		}
	}
}
