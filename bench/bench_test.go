package bench

import (
	"testing"

	_ "github.com/mattn/go-sqlite3" // registers "sqlite3"
	_ "modernc.org/sqlite"          // registers "sqlite"

	"github.com/anysqlite/anysqlite/bench/suite"
	_ "github.com/anysqlite/anysqlite/drivers/mattn"
	_ "github.com/anysqlite/anysqlite/drivers/modernc"
)

// Drivers are the drivers this package benchmarks, with the DSNs that give
// their own database/sql drivers the adapter's default settings.
var Drivers = []suite.Driver{
	{
		Name:    "mattn",
		SQLName: "sqlite3",
		// mattn's DSN parameters (https://github.com/mattn/go-sqlite3#connection-string);
		// it has none for trusted_schema.
		DSN: func(path string) string {
			return "file:" + path + "?_busy_timeout=5000&_foreign_keys=1&_journal_mode=WAL&_synchronous=NORMAL&_cache_size=-2000"
		},
		Unset: []string{"trusted_schema"},
	},
	{
		Name:    "modernc",
		SQLName: "sqlite",
		// modernc runs each _pragma on every new connection, in order.
		DSN: func(path string) string {
			return "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=trusted_schema(0)&_pragma=foreign_keys(1)" +
				"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-2000)"
		},
	},
}

// BenchmarkSQL runs the whole suite: OPERATION/driver=NAME/impl=IMPL.
func BenchmarkSQL(b *testing.B) { suite.Run(b, Drivers) }
