//go:build cgo

package native

import (
	_ "github.com/mattn/go-sqlite3" // registers "sqlite3"

	"github.com/anysqlite/anysqlite/conformance/raw"
)

// Mattn returns github.com/mattn/go-sqlite3, registered as "sqlite3".
func Mattn() raw.Driver {
	return sqlDriver("mattn", "sqlite3", MattnDialect)
}
