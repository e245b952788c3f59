package driver

import "database/sql/driver"

// Kind is the storage class of a value
// (https://sqlite.org/datatype3.html#storage_classes_and_datatypes), as
// sqlite3_column_type reports it.
type Kind uint8

// The storage classes. The zero Kind is NULL.
const (
	Null Kind = iota
	Integer
	Float
	Text
	Blob
)

// Value is one value of a result row, typed by its storage class: Int
// holds an INTEGER, Float a REAL, Bytes the bytes of a TEXT or a BLOB
// (nil or empty for an empty one). Bytes belong to the driver: they stay
// valid only until the rows move to the next row or close, and the reader
// copies what it keeps.
type Value struct {
	Bytes []byte
	Int   int64
	Float float64
	Kind  Kind
}

// Any returns v as [driver.Rows.Next] reports a value under this
// contract: int64, float64, string, []byte (a copy, non-nil for an empty
// BLOB) or nil.
func (v *Value) Any() driver.Value {
	switch v.Kind {
	case Integer:
		return v.Int
	case Float:
		return v.Float
	case Text:
		return string(v.Bytes)
	case Blob:
		return append([]byte{}, v.Bytes...)
	}
	return nil
}

// ValueRows is implemented by result sets that can report a row's values
// typed, without boxing each in a driver.Value (an allocation for most
// values, two for TEXT). The adapter reads the rows of its own Get and All
// through it when the rows implement it; database/sql (DB.SQL) uses Next.
//
// NextValues is Next with typed values: it advances to the next row and
// fills dest, which has one element per column, returns io.EOF after the
// last row, and fails as Next would. Next and NextValues may be mixed on
// one result set, each reading the next row.
type ValueRows interface {
	NextValues(dest []Value) error
}
