// Package bench benchmarks the adapter on the mattn driver against
// database/sql used directly and against its floor: a C loop on the SQLite
// build mattn links (package bench/cfloor). Package bench/ncruces does
// ncruces, whose database/sql package cannot be linked beside mattn's, and
// the module bench/modernc does modernc. It has no code outside its tests;
// the benchmarks are in package bench/suite.
//
//	go test -tags 'sqlite_fts5 sqlite_math_functions' -run '^$' -bench . -benchmem ./bench/...
//	cd bench/modernc && go test -tags 'sqlite_fts5 sqlite_math_functions' -run '^$' -bench . -benchmem .
//
// make bench runs them with repetitions and writes docs/bench.md.
package bench
