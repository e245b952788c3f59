// Package ncruces benchmarks the adapter on the ncruces driver against
// ncruces' own database/sql driver (github.com/ncruces/go-sqlite3/driver)
// and its root package used directly. It is apart from package bench
// because ncruces' database/sql driver registers the name "sqlite3", as
// mattn's does, so the two cannot share a test binary. It has no code
// outside its tests; the benchmarks are in package bench/suite.
package ncruces
