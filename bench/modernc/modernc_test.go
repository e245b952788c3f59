package modernc

import (
	"testing"

	"github.com/anysqlite/anysqlite/bench/suite"
	_ "github.com/anysqlite/anysqlite/drivers/modernc"
	_ "modernc.org/sqlite" // registers "sqlite"
)

// Driver is modernc for the suite.
var Driver = suite.Driver{
	Name:    "modernc",
	SQLName: "sqlite",
	// modernc runs each _pragma on every new connection, in order.
	DSN: func(path string) string {
		return "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=trusted_schema(0)&_pragma=foreign_keys(1)" +
			"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-2000)"
	},
	Direct: openLib,
	Peers:  []suite.Peer{{Name: "zombiezen", Open: openZombiezen}},
}

// BenchmarkSQL runs the whole suite: OPERATION/driver=modernc/impl=IMPL.
func BenchmarkSQL(b *testing.B) { suite.Run(b, []suite.Driver{Driver}) }
