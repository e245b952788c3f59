package driver

import "database/sql/driver"

// Serializer is implemented by a [Driver] that supports sqlite3_serialize
// and sqlite3_deserialize (https://sqlite.org/c3ref/serialize.html).
// conn is a connection returned by the driver's OpenConn.
type Serializer interface {
	Serialize(conn driver.Conn, schema string) ([]byte, error)
	// Deserialize replaces the schema's database with a copy of data; the
	// result is a resizable in-memory database owned by the connection.
	Deserialize(conn driver.Conn, schema string, data []byte) error
}

// RowIDResetter is implemented by a [Driver] that can reset a connection's
// last insert rowid (sqlite3_set_last_insert_rowid(db, 0),
// https://sqlite.org/c3ref/set_last_insert_rowid.html). The adapter does
// so before each INSERT or REPLACE, so that the adapter's Result.LastInsertRowID is
// 0 when the statement inserted no rowid row (an upsert that updated, a
// WITHOUT ROWID table) instead of a rowid from an earlier statement.
type RowIDResetter interface {
	ResetLastInsertRowID(conn driver.Conn) error
}

// HeapLimiter is implemented by a [Driver] whose SQLite keeps its heap
// limit for the whole process (one C library, or one transpiled library,
// for every connection): https://sqlite.org/c3ref/hard_heap_limit64.html.
// PRAGMA hard_heap_limit can only lower that limit, never lift it, so a
// test that lowers it (drivertest's out-of-memory check, the conformance
// case OutOfMemoryIsAnError) restores it through this interface, and the
// rest of the process does not run under it. A driver whose limits are
// per connection (ncruces: one Wasm instance each) does not implement it.
type HeapLimiter interface {
	// SetHardHeapLimit calls sqlite3_hard_heap_limit64(n): n > 0 sets
	// the limit in bytes, 0 removes it, a negative n changes nothing. It
	// returns the limit before the call.
	SetHardHeapLimit(n int64) int64
}
