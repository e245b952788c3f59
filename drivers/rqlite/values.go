package rqlite

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Rows is the complete result of a query: rqlite answers with every row
// at once, so there is no cursor.
type Rows struct {
	// Columns are the result column names as SQLite gives them.
	Columns []string
	// DeclTypes are the declared types of the columns, lower-cased as
	// rqlite reports them; "" for an expression. For a RETURNING or PRAGMA
	// result, a column with no declared type has the type of its value in
	// the first row instead.
	DeclTypes []string
	// Values holds one slice per row, each value int64, float64, string,
	// []byte (non-nil, possibly empty) or nil, by storage class.
	Values [][]any
}

// valueExpr is the SQL expression that encodes column c of a wrapped
// query as text that keeps the storage class and every bit of the value:
// i<integer>, r<quote(real)> (quote prints a REAL with enough digits to
// read it back exactly), s<text> for printable ASCII (length() stops at a
// NUL, so text holding one is not taken for ASCII), h<hex of the text's
// bytes> for any other TEXT (JSON cannot carry invalid UTF-8, and rqlite's
// cluster protocol drops a response holding it), x<hex> for a BLOB, and
// NULL for NULL. A REAL zero is left a REAL: SQLite prints -0.0 as "0.0",
// and only rqlite's JSON number (-0) keeps its sign.
func valueExpr(c string) string {
	return "CASE typeof(" + c + ") WHEN 'integer' THEN 'i'||" + c +
		" WHEN 'real' THEN CASE WHEN " + c + " = 0 THEN " + c + " ELSE 'r'||quote(" + c + ") END" +
		" WHEN 'text' THEN CASE WHEN " + c + " GLOB '*[^ -~]*' OR length(" + c + ")<length(CAST(" + c + " AS BLOB))" +
		" THEN 'h'||hex(" + c + ") ELSE 's'||" + c + " END" +
		" WHEN 'blob' THEN 'x'||hex(" + c + ") END"
}

// decodeWrapped decodes one value valueExpr produced.
func decodeWrapped(v any) (any, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case json.Number: // a REAL zero, 0 or -0
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil || f != 0 {
			return nil, fmt.Errorf("rqlite: unexpected encoded value %v", v)
		}
		return f, nil
	}
	s, ok := v.(string)
	if !ok || s == "" {
		return nil, fmt.Errorf("rqlite: unexpected encoded value %v (%T)", v, v)
	}
	body := s[1:]
	switch s[0] {
	case 'i':
		return strconv.ParseInt(body, 10, 64)
	case 'r':
		f, err := strconv.ParseFloat(body, 64)
		if err != nil && !(errors.Is(err, strconv.ErrRange) && math.IsInf(f, 0)) {
			return nil, fmt.Errorf("rqlite: REAL %q: %w", body, err)
		}
		return f, nil
	case 's':
		return body, nil
	case 'h':
		b, err := hex.DecodeString(body)
		return string(b), err
	case 'x':
		b, err := hex.DecodeString(body)
		if b == nil {
			b = []byte{}
		}
		return b, err
	}
	return nil, fmt.Errorf("rqlite: unexpected encoded value %q", s)
}

// decodeRaw decodes a value of a result that was not wrapped (RETURNING,
// PRAGMA, EXPLAIN), from rqlite's JSON with blob_array, as well as that
// JSON allows: a JSON number is REAL when it has a '.' or an exponent or
// its column has REAL affinity, else INTEGER; a JSON array is a BLOB;
// true and false are 1 and 0. What rqlite changed before encoding (see the
// package documentation) cannot be undone here.
func decodeRaw(v any, declType string) (any, error) {
	switch v := v.(type) {
	case nil, string:
		return v, nil
	case bool:
		if v {
			return int64(1), nil
		}
		return int64(0), nil
	case json.Number:
		s := string(v)
		if !strings.ContainsAny(s, ".eE") && !realAffinity(declType) {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				return i, nil
			}
		}
		return strconv.ParseFloat(s, 64)
	case []any:
		b := make([]byte, len(v))
		for i, e := range v {
			n, ok := e.(json.Number)
			x, err := n.Int64()
			if !ok || err != nil || x < 0 || x > 255 {
				return nil, fmt.Errorf("rqlite: unexpected BLOB byte %v", e)
			}
			b[i] = byte(x)
		}
		return b, nil
	}
	return nil, fmt.Errorf("rqlite: unexpected JSON value %v (%T)", v, v)
}

// realAffinity applies SQLite's column affinity rules
// (https://sqlite.org/datatype3.html#determination_of_column_affinity)
// to a declared type and reports whether the result is REAL.
func realAffinity(t string) bool {
	t = strings.ToUpper(t)
	if strings.Contains(t, "INT") || strings.Contains(t, "CHAR") || strings.Contains(t, "CLOB") ||
		strings.Contains(t, "TEXT") || strings.Contains(t, "BLOB") || t == "" {
		return false
	}
	return strings.Contains(t, "REAL") || strings.Contains(t, "FLOA") || strings.Contains(t, "DOUB")
}

// rawRows decodes an unwrapped result.
func rawRows(r *result) (*Rows, error) {
	rows := &Rows{Columns: r.Columns, DeclTypes: r.Types, Values: make([][]any, len(r.Values))}
	for i, row := range r.Values {
		out := make([]any, len(row))
		for j, v := range row {
			t := ""
			if j < len(r.Types) {
				t = r.Types[j]
			}
			var err error
			if out[j], err = decodeRaw(v, t); err != nil {
				return nil, err
			}
		}
		rows.Values[i] = out
	}
	return rows, nil
}
