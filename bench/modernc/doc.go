// Package modernc benchmarks the adapter on the modernc driver against
// modernc's own database/sql driver (modernc.org/sqlite), the transpiled
// SQLite under it called directly (modernc.org/sqlite/lib: the lowest
// level, the floor), and zombiezen.com/go/sqlite, the library a user who
// wants speed on modernc's SQLite would pick. It has no code outside its
// tests; the benchmarks are in package bench/suite.
//
// It is a module of its own, so that zombiezen.com/go/sqlite, which the
// library does not use, stays out of the library's go.mod; it uses the
// library from this repository (the replace directive in go.mod) and
// modernc at the library's version.
//
//	cd bench/modernc && go test -run '^$' -bench . -benchmem .
package modernc
