package rqlite

import (
	"bytes"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Statement is one SQL statement and its arguments, for [Client.Batch].
type Statement struct {
	SQL  string
	Args []any
}

// appendStatement appends the JSON form rqlite's API takes for a
// parameterised statement: ["SQL", positional..., {"name": value, ...}].
// rqlite binds the values server-side with sqlite3_bind_*; nothing is
// interpolated into the SQL text.
//
// Arguments are nil, bool, the integer types (uint64 up to MaxInt64),
// float32/64, string, []byte, or a [sql.NamedArg] holding one of those. A
// named argument binds :name, @name and $name (a leading ':', '@' or '$'
// in Name is dropped). Positional arguments bind ?1, ?2, ... in order.
func appendStatement(b *bytes.Buffer, text string, args []any) error {
	if !utf8.ValidString(text) {
		return fmt.Errorf("%w: SQL text that is not valid UTF-8 (JSON would replace the bytes)", ErrUnsupportedValue)
	}
	b.WriteByte('[')
	appendJSONString(b, text)
	var named []sql.NamedArg
	for i, a := range args {
		if na, ok := a.(sql.NamedArg); ok {
			named = append(named, na)
			continue
		}
		b.WriteByte(',')
		if err := appendValue(b, a); err != nil {
			return fmt.Errorf("argument %d: %w", i+1, err)
		}
	}
	if len(named) > 0 {
		b.WriteString(",{")
		seen := map[string]bool{}
		for i, na := range named {
			name := strings.TrimLeft(na.Name, ":@$")
			if name == "" || seen[name] {
				return fmt.Errorf("%w: named argument %q is empty or given twice", ErrUnsupportedValue, na.Name)
			}
			seen[name] = true
			if i > 0 {
				b.WriteByte(',')
			}
			appendJSONString(b, name)
			b.WriteByte(':')
			if err := appendValue(b, na.Value); err != nil {
				return fmt.Errorf("argument %s: %w", na.Name, err)
			}
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return nil
}

// appendValue appends v as rqlite's request parser reads it back:
// integers as JSON integers (parsed as int64, exact beyond 2^53), floats
// always with a '.' or an exponent (rqlite binds a JSON number that parses
// as an integer as INTEGER, so 1.0 must not be written "1"), BLOBs as the
// string X'hex' (rqlite's BLOB literal form; with no digits it is an empty
// BLOB, not NULL), NaN as NULL (what sqlite3_bind_double does with it).
func appendValue(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case int:
		b.WriteString(strconv.FormatInt(int64(v), 10))
	case int32:
		b.WriteString(strconv.FormatInt(int64(v), 10))
	case int16:
		b.WriteString(strconv.FormatInt(int64(v), 10))
	case int8:
		b.WriteString(strconv.FormatInt(int64(v), 10))
	case uint32:
		b.WriteString(strconv.FormatUint(uint64(v), 10))
	case uint16:
		b.WriteString(strconv.FormatUint(uint64(v), 10))
	case uint8:
		b.WriteString(strconv.FormatUint(uint64(v), 10))
	case uint64:
		if v > math.MaxInt64 {
			return fmt.Errorf("%w: uint64 %d above MaxInt64", ErrUnsupportedValue, v)
		}
		b.WriteString(strconv.FormatUint(v, 10))
	case uint:
		if uint64(v) > math.MaxInt64 {
			return fmt.Errorf("%w: uint %d above MaxInt64", ErrUnsupportedValue, v)
		}
		b.WriteString(strconv.FormatUint(uint64(v), 10))
	case bool:
		if v {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	case float64:
		return appendFloat(b, v)
	case float32:
		return appendFloat(b, float64(v))
	case string:
		if !utf8.ValidString(v) {
			return fmt.Errorf("%w: TEXT that is not valid UTF-8 (JSON would replace the bytes)", ErrUnsupportedValue)
		}
		if isBlobLiteral(v) {
			return fmt.Errorf("%w: TEXT %.40q, which rqlite would bind as a BLOB (it reads X'hex' strings as BLOB literals)", ErrUnsupportedValue, v)
		}
		appendJSONString(b, v)
	case []byte:
		if v == nil {
			b.WriteString("null")
			return nil
		}
		b.WriteString(`"X'`)
		b.WriteString(hex.EncodeToString(v))
		b.WriteString(`'"`)
	default:
		return fmt.Errorf("%w: type %T", ErrUnsupportedValue, v)
	}
	return nil
}

func appendFloat(b *bytes.Buffer, f float64) error {
	switch {
	case math.IsNaN(f):
		b.WriteString("null")
		return nil
	case math.IsInf(f, 0):
		return fmt.Errorf("%w: %v (JSON has no infinity and rqlite refuses 1e999)", ErrUnsupportedValue, f)
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	b.WriteString(s)
	if !strings.ContainsAny(s, ".e") {
		b.WriteString(".0") // "1" and "-0" would bind as INTEGER
	}
	return nil
}

// isBlobLiteral reports whether rqlite's request parser (db.ParseHex in
// rqlite v8) turns string parameter s into a BLOB: after trimming space,
// x or X, a quote, an even number of hex digits, a quote.
func isBlobLiteral(s string) bool {
	t := strings.TrimSpace(s)
	if len(t) < 3 || t[0] != 'X' && t[0] != 'x' || t[1] != '\'' || t[len(t)-1] != '\'' {
		return false
	}
	_, err := hex.DecodeString(t[2 : len(t)-1])
	return err == nil
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b *bytes.Buffer, s string) {
	enc, _ := json.Marshal(s) // a valid-UTF-8 string always marshals
	b.Write(enc)
}
