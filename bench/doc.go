// Package bench benchmarks the adapter against database/sql used directly,
// for the mattn and modernc drivers (package bench/ncruces does ncruces,
// whose database/sql package cannot be linked beside mattn's). It has no
// code outside its tests; the benchmarks are in package bench/suite.
//
//	go test -tags 'sqlite_fts5 sqlite_math_functions' -run '^$' -bench . -benchmem ./bench/...
//
// make bench runs them with repetitions and writes docs/bench.md.
package bench
