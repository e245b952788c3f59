// Command ncrucesprobe runs the raw probes of package
// conformance/raw on github.com/ncruces/go-sqlite3/driver, ncruces'
// database/sql driver, and prints the observations as JSON on stdout.
//
// It is a program of its own because ncruces' driver package and
// github.com/mattn/go-sqlite3 both register the database/sql driver name
// "sqlite3" in init, so they cannot be linked into one binary; it must not
// import mattn, directly or through conformance/raw/native. Run it through
// raw.ObserveNcruces (which builds it) or raw.ObserveBinary.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"

	_ "github.com/ncruces/go-sqlite3/driver" // registers "sqlite3"

	"github.com/anysqlite/anysqlite/conformance/raw"
)

// dialect is ncruces' DSN: a file: URI with ?_pragma=name(value) and
// _txlock=... (parameters of a plain file name are not read).
var dialect = raw.Dialect{
	DSN: func(path, params string) string {
		dsn := "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
		if params != "" {
			dsn += "?" + params
		}
		return dsn
	},
	Pragma: func(name, value string) string { return "_pragma=" + name + "(" + value + ")" },
	TxLock: func(mode string) string { return "_txlock=" + mode },
}

// driver is ncruces' driver package, opened with sql.Open("sqlite3", dsn)
// as its documentation shows.
func driver() raw.Driver {
	openDSN := func(dsn string) (*sql.DB, error) { return sql.Open("sqlite3", dsn) }
	return raw.Driver{
		Name:    "ncruces",
		Dialect: dialect,
		OpenDSN: openDSN,
		Open: func(path, params string) (*sql.DB, error) {
			return openDSN(dialect.DSN(path, params))
		},
	}
}

func main() {
	obs := raw.Observe(context.Background(), driver())
	if err := raw.WriteJSON(os.Stdout, obs); err != nil {
		fmt.Fprintln(os.Stderr, "ncrucesprobe:", err)
		os.Exit(1)
	}
}
