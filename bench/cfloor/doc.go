// Package cfloor is the floor of the mattn benchmarks: the suite's
// operations run by a C loop (floor.c) on the SQLite amalgamation that
// github.com/mattn/go-sqlite3 compiles, with mattn's compile options and
// the build tags of the run, linked once (sqlite3_api.h). Each operation
// runs n times in one call into C, on statements prepared once: bind,
// step, read the columns (TEXT copied out of SQLite's memory), reset; the
// TEXT parameters of the inserts are bound without a copy. It opens
// connections as package drivers/mattn does, and sets the adapter's
// default settings.
//
// It is used by the benchmarks only (package bench); without cgo, Open
// fails.
package cfloor
