package adapter

import (
	"bytes"
	"database/sql"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// cloneValue returns src as the adapter reports it in a Row or an any:
// int64, float64, string, []byte (a copy, never nil) or nil.
func cloneValue(src any) any {
	if b, ok := src.([]byte); ok {
		if b == nil {
			return []byte{}
		}
		return bytes.Clone(b)
	}
	return src
}

var (
	timeType     = reflect.TypeFor[time.Time]()
	scannerType  = reflect.TypeFor[sql.Scanner]()
	nullTimeType = reflect.TypeFor[sql.NullTime]()
	nullTimeGen  = reflect.TypeFor[sql.Null[time.Time]]()
)

// assignKind is how assign stores into a destination type; kindOf works
// it out once per type, so that scanning many rows does not.
type assignKind uint8

const (
	assignOther     assignKind = iota // nothing fits: an error unless src is nil (then also an error)
	assignNullTime                    // sql.NullTime, sql.Null[time.Time]
	assignPointer                     // *T: allocate, then assign to T
	assignScanner                     // *T implements sql.Scanner
	assignInterface                   // any, or another interface
	assignTime                        // time.Time
	assignString                      // string kinds
	assignBytes                       // []byte kinds
	assignBool                        // bool kinds
	assignInt                         // signed integer kinds
	assignUint                        // unsigned integer kinds
	assignFloat                       // float32, float64 kinds
)

// kindOf returns the assignKind of destination type t.
func kindOf(t reflect.Type) assignKind {
	switch {
	case t == nullTimeType || t == nullTimeGen:
		return assignNullTime
	case t.Kind() == reflect.Pointer:
		return assignPointer
	case reflect.PointerTo(t).Implements(scannerType):
		return assignScanner
	case t.Kind() == reflect.Interface:
		return assignInterface
	case t == timeType:
		return assignTime
	}
	switch t.Kind() {
	case reflect.String:
		return assignString
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return assignBytes
		}
	case reflect.Bool:
		return assignBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return assignInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return assignUint
	case reflect.Float32, reflect.Float64:
		return assignFloat
	}
	return assignOther
}

// assign stores src (int64, float64, string, []byte or nil, as the
// drivers return them) into dst, which must be settable. It follows
// database/sql's conversions, and also parses time.Time from the text
// formats SQLite's date functions accept (see parseTime) and reads bool
// from any integer (SQLite's truth: non-zero is true).
func assign(dst reflect.Value, src any) error {
	return assignAs(kindOf(dst.Type()), dst, src)
}

// assignAs is assign with the destination's kindOf known.
func assignAs(k assignKind, dst reflect.Value, src any) error {
	if k == assignNullTime || k == assignPointer || k == assignScanner || k == assignInterface {
		return assignNullable(k, dst, src)
	}
	if src == nil {
		if k == assignBytes { // as database/sql does: NULL is a nil []byte
			dst.SetZero()
			return nil
		}
		return fmt.Errorf("%w: cannot store NULL into %s (use a pointer, sql.Null[T] or any)", ErrDestination, dst.Type())
	}
	return assignValue(k, dst, src)
}

// assignNullable stores src, NULL included, into a destination that can
// hold NULL: sql.NullTime, a pointer, an sql.Scanner or an interface.
func assignNullable(k assignKind, dst reflect.Value, src any) error {
	switch k {
	case assignNullTime:
		if src == nil {
			dst.SetZero()
			return nil
		}
		tm, err := toTime(src)
		if err != nil {
			return err
		}
		dst.Field(0).Set(reflect.ValueOf(tm))
		dst.Field(1).SetBool(true)
		return nil
	case assignPointer:
		if src == nil {
			dst.SetZero()
			return nil
		}
		if dst.IsNil() {
			dst.Set(reflect.New(dst.Type().Elem()))
		}
		return assign(dst.Elem(), src)
	case assignScanner:
		return dst.Addr().Interface().(sql.Scanner).Scan(cloneValue(src))
	case assignInterface:
		if src == nil {
			dst.SetZero()
			return nil
		}
		v := reflect.ValueOf(cloneValue(src))
		if t := dst.Type(); !v.Type().AssignableTo(t) {
			return fmt.Errorf("%w: cannot store %T into %s", ErrDestination, src, t)
		}
		dst.Set(v)
		return nil
	}
	return fmt.Errorf("%w: cannot store %T into %s", ErrDestination, src, dst.Type())
}

// assignValue stores src, never NULL, into a destination of kind k.
func assignValue(k assignKind, dst reflect.Value, src any) error {
	switch k {
	case assignTime:
		tm, err := toTime(src)
		if err == nil {
			dst.Set(reflect.ValueOf(tm))
		}
		return err
	case assignString:
		switch s := src.(type) {
		case string:
			dst.SetString(s)
		case []byte:
			dst.SetString(string(s))
		case int64:
			dst.SetString(strconv.FormatInt(s, 10))
		case float64:
			dst.SetString(strconv.FormatFloat(s, 'g', -1, 64))
		}
		return nil
	case assignBytes:
		switch s := src.(type) {
		case []byte:
			dst.SetBytes(cloneValue(s).([]byte))
		case string:
			dst.SetBytes([]byte(s))
		default:
			return fmt.Errorf("%w: cannot store %T into %s", ErrDestination, src, dst.Type())
		}
		return nil
	case assignBool:
		return setBool(dst, src)
	case assignInt:
		n, err := toInt64(src)
		if err != nil {
			return err
		}
		return setInt(dst, n)
	case assignUint:
		n, err := toInt64(src)
		if err == nil && (n < 0 || dst.OverflowUint(uint64(n))) {
			err = fmt.Errorf("%w: value %d overflows %s", ErrDestination, n, dst.Type())
		}
		if err == nil {
			dst.SetUint(uint64(n))
		}
		return err
	case assignFloat:
		return setFloat(dst, src)
	}
	return fmt.Errorf("%w: cannot store %T into %s", ErrDestination, src, dst.Type())
}

// setBool stores an INTEGER or REAL (non-zero is true) or text that
// strconv.ParseBool accepts into a bool.
func setBool(dst reflect.Value, src any) error {
	switch s := src.(type) {
	case int64:
		dst.SetBool(s != 0)
		return nil
	case float64:
		dst.SetBool(s != 0)
		return nil
	case string:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%w: cannot store text %q into bool", ErrDestination, s)
		}
		dst.SetBool(b)
		return nil
	}
	return fmt.Errorf("%w: cannot store %T into %s", ErrDestination, src, dst.Type())
}

// setFloat stores a REAL, an INTEGER or numeric text into a float32 or
// float64, refusing a finite value that overflows float32.
func setFloat(dst reflect.Value, src any) error {
	var f float64
	switch s := src.(type) {
	case float64:
		f = s
	case int64:
		f = float64(s)
	case string:
		var err error
		if f, err = strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
			return fmt.Errorf("%w: cannot store text %q into %s", ErrDestination, s, dst.Type())
		}
	default:
		return fmt.Errorf("%w: cannot store %T into %s", ErrDestination, src, dst.Type())
	}
	return setFloat64(dst, f)
}

// setFloat64 stores f into a float32 or float64, refusing a finite value
// that overflows float32.
func setFloat64(dst reflect.Value, f float64) error {
	if dst.Kind() == reflect.Float32 && !math.IsInf(f, 0) && math.Abs(f) > math.MaxFloat32 {
		return fmt.Errorf("%w: value %g overflows float32", ErrDestination, f)
	}
	dst.SetFloat(f)
	return nil
}

// setInt stores n into a signed integer, refusing a value that overflows it.
func setInt(dst reflect.Value, n int64) error {
	if dst.OverflowInt(n) {
		return fmt.Errorf("%w: value %d overflows %s", ErrDestination, n, dst.Type())
	}
	dst.SetInt(n)
	return nil
}

// assignTyped is assignAs for a typed value of the driver (see
// contract.ValueRows): the common pairs of destination and storage class
// are stored without boxing the value, the others as assignAs stores
// v.Any(), so the result is the same either way.
func assignTyped(k assignKind, dst reflect.Value, v *contract.Value) error {
	switch {
	case k == assignInt && v.Kind == contract.Integer:
		return setInt(dst, v.Int)
	case k == assignString && v.Kind == contract.Text:
		dst.SetString(string(v.Bytes))
		return nil
	case k == assignBool && v.Kind == contract.Integer:
		dst.SetBool(v.Int != 0)
		return nil
	case k == assignFloat && v.Kind == contract.Float:
		return setFloat64(dst, v.Float)
	case k == assignBytes && v.Kind == contract.Blob:
		dst.SetBytes(append([]byte{}, v.Bytes...))
		return nil
	}
	return assignAs(k, dst, v.Any())
}

// toInt64 converts an integer, an integral REAL or integer text.
func toInt64(src any) (int64, error) {
	switch s := src.(type) {
	case int64:
		return s, nil
	case float64:
		if s == math.Trunc(s) && s >= math.MinInt64 && s < math.MaxInt64 {
			return int64(s), nil
		}
		return 0, fmt.Errorf("%w: REAL %g is not an integer", ErrDestination, s)
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: cannot store text %q into an integer", ErrDestination, s)
		}
		return n, nil
	}
	return 0, fmt.Errorf("%w: cannot store %T into an integer", ErrDestination, src)
}

// timeLayouts are the text forms parseTime accepts: TimeFormat and every
// form of https://sqlite.org/lang_datefunc.html#time_values with a date,
// with "T" or space, optional fractional seconds and optional zone, plus
// the form of time.Time.String (written by some drivers' defaults).
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04Z07:00",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
	"2006-01-02 15:04:05.999999999 -0700 MST",
}

// parseTime parses the text forms of timeLayouts. A value without a zone
// is UTC, as in SQLite.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, " m="); i > 0 { // monotonic clock reading of time.Time.String
		s = s[:i]
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: cannot parse %q as a time (want %s or another SQLite time format)", ErrDestination, s, TimeFormat)
}

// toTime converts TEXT (parseTime), INTEGER (Unix seconds, as SQLite's
// unixepoch()) or REAL (a Julian day number, as julianday()).
func toTime(src any) (time.Time, error) {
	switch s := src.(type) {
	case string:
		return parseTime(s)
	case []byte:
		return parseTime(string(s))
	case int64:
		return time.Unix(s, 0).UTC(), nil
	case float64:
		const unixEpochJD = 2440587.5
		ns := (s - unixEpochJD) * 86400e9
		if math.IsNaN(ns) || math.Abs(ns) > math.MaxInt64 {
			return time.Time{}, fmt.Errorf("%w: Julian day %g out of range", ErrDestination, s)
		}
		return time.Unix(0, int64(math.Round(ns/1e6))*1e6).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("%w: cannot store %T into time.Time", ErrDestination, src)
}
