//go:build cgo

package mattn

/*
#include "sqlite3_api.h"

static sqlite3_int64 anysqlite_hard_heap_limit(sqlite3_int64 n) {
	if (!sqlite3_hard_heap_limit64) {
		return -1;
	}
	return sqlite3_hard_heap_limit64(n);
}
*/
import "C"

import contract "github.com/anysqlite/anysqlite/adapter/driver"

var _ contract.HeapLimiter = Driver{}

// SetHardHeapLimit calls sqlite3_hard_heap_limit64(n) of mattn's SQLite,
// whose limit holds for every connection of the process
// (https://sqlite.org/c3ref/hard_heap_limit64.html), and returns the limit
// before the call; -1 if the linked SQLite lacks the function.
func (Driver) SetHardHeapLimit(n int64) int64 {
	return int64(C.anysqlite_hard_heap_limit(C.sqlite3_int64(n)))
}
