package adapter

import (
	"database/sql/driver"
	"fmt"
	"math"
	"reflect"
	"time"
)

// TimeFormat is the layout in which the adapter stores a bound time.Time,
// on every driver: "2006-01-02 15:04:05.000000000Z07:00", for example
// "2024-05-01 12:30:00.000000001Z" or "2024-05-01 14:30:00.000000001+02:00".
//
// It keeps the instant to the nanosecond and the UTC offset, SQLite's date
// and time functions accept it (https://sqlite.org/lang_datefunc.html,
// formats 4 and 10 with a time zone suffix), and because the width is fixed
// UTC values sort correctly as text. Store times in UTC (t.UTC()) if the
// column is compared or indexed as text. A time whose UTC offset is not a
// whole number of minutes (historical local mean time) is stored in UTC,
// since the format cannot hold the seconds of the offset.
const TimeFormat = "2006-01-02 15:04:05.000000000Z07:00"

// bindValue converts an argument to the one value the drivers are given
// for it: int64, float64, string, []byte (non-nil) or nil.
//
//   - nil, a nil pointer and a nil []byte bind NULL; []byte{} binds an
//     empty BLOB.
//   - every integer kind binds INTEGER; a uint64 above math.MaxInt64 is an
//     error rather than a silently negative number.
//   - float32 and float64 bind REAL; NaN is an error (SQLite would store
//     NULL), ±Inf is stored.
//   - bool binds 0 or 1; time.Time binds TEXT in [TimeFormat].
//   - a driver.Valuer binds what its Value method returns.
func bindValue(v any) (driver.Value, error) {
	// The values already in their stored form are returned as they came,
	// in the same interface value: converting them back to an interface
	// would allocate.
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64, string:
		return v, nil
	case float64:
		if math.IsNaN(x) {
			return nil, fmt.Errorf("%w: NaN cannot be stored (SQLite would store NULL)", ErrArgument)
		}
		return v, nil
	case []byte:
		if x == nil {
			return nil, nil
		}
		return v, nil
	case int:
		return int64(x), nil
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case time.Time:
		if _, offset := x.Zone(); offset%60 != 0 {
			// An offset with seconds (local mean time before 1900, say)
			// has no place in the format: store the same instant in UTC.
			x = x.UTC()
		}
		return x.Format(TimeFormat), nil
	case driver.Valuer:
		rv := reflect.ValueOf(x)
		if rv.Kind() == reflect.Pointer && rv.IsNil() {
			return nil, nil
		}
		val, err := x.Value()
		if err != nil {
			return nil, fmt.Errorf("%w: %T.Value: %w", ErrArgument, v, err)
		}
		if _, again := val.(driver.Valuer); again {
			return nil, fmt.Errorf("%w: %T.Value returned another driver.Valuer", ErrArgument, v)
		}
		return bindValue(val)
	}
	return bindReflect(v)
}

// bindReflect handles named types (type Celsius float64) and pointers.
func bindReflect(v any) (driver.Value, error) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, nil
		}
		return bindValue(rv.Elem().Interface())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return nil, fmt.Errorf("%w: %T value %d overflows SQLite's 64-bit signed INTEGER", ErrArgument, v, u)
		}
		return int64(u), nil
	case reflect.Float32, reflect.Float64:
		return bindValue(rv.Float())
	case reflect.Bool:
		return bindValue(rv.Bool())
	case reflect.String:
		return rv.String(), nil
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return bindValue(rv.Bytes())
		}
	}
	return nil, fmt.Errorf("%w: cannot bind a value of type %T (use int64, float64, string, []byte, bool, time.Time, nil or a driver.Valuer)", ErrArgument, v)
}
