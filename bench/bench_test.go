package bench

import (
	"testing"

	_ "github.com/mattn/go-sqlite3" // registers "sqlite3"

	"github.com/anysqlite/anysqlite/bench/cfloor"
	"github.com/anysqlite/anysqlite/bench/suite"
	_ "github.com/anysqlite/anysqlite/drivers/mattn"
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
		Floor: cfloor.Open,
	},
}

// BenchmarkSQL runs the whole suite: OPERATION/driver=NAME/impl=IMPL.
func BenchmarkSQL(b *testing.B) { suite.Run(b, Drivers) }
