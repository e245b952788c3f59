package ncruces

import (
	"database/sql"
	"testing"

	"github.com/ncruces/go-sqlite3"
	ncdriver "github.com/ncruces/go-sqlite3/driver"
	"github.com/ncruces/go-sqlite3/ext/fts5"

	"github.com/anysqlite/anysqlite/bench/suite"
	_ "github.com/anysqlite/anysqlite/drivers/ncruces"
)

// dsn gives ncruces' database/sql driver the adapter's default settings:
// it runs each _pragma on every new connection, in order.
func dsn(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=trusted_schema(0)&_pragma=foreign_keys(1)" +
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-2000)"
}

// Driver is ncruces for the suite. Its database/sql driver is opened with
// driver.Open and a connection hook that registers FTS5, which the Wasm
// build of SQLite keeps out of its core (the adapter's ncruces driver
// registers it on every connection too).
var Driver = suite.Driver{
	Name:    "ncruces",
	SQLName: "sqlite3",
	DSN:     dsn,
	Open: func(path string) (*sql.DB, error) {
		return ncdriver.Open(dsn(path), func(c *sqlite3.Conn) error { return fts5.Register(c) })
	},
	Direct: openDirect,
}

// BenchmarkSQL runs the whole suite: OPERATION/driver=ncruces/impl=IMPL.
func BenchmarkSQL(b *testing.B) { suite.Run(b, []suite.Driver{Driver}) }
