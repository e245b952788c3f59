// Package native supplies the raw drivers that can be linked into one
// binary, as package raw's [raw.Driver] values: mattn
// (github.com/mattn/go-sqlite3, cgo) and modernc (modernc.org/sqlite).
// Each is opened with sql.Open under the name it registers and the DSN
// its documentation describes.
//
// ncruces is not here: its database/sql driver package registers the
// name "sqlite3" as mattn does, so the two cannot share a binary. See
// [raw.ObserveNcruces].
package native

import (
	"database/sql"
	"strings"

	_ "modernc.org/sqlite" // registers "sqlite"

	"github.com/anysqlite/anysqlite/conformance/raw"
)

// Drivers returns mattn and modernc. Without cgo mattn is returned as
// unavailable: its Open fails with an error wrapping raw.ErrUnavailable.
func Drivers() []raw.Driver {
	return []raw.Driver{Mattn(), Modernc()}
}

// mattnPragmas maps pragma names to mattn's DSN parameters. mattn has no
// generic way to run a pragma from the DSN; other pragmas cannot be set.
var mattnPragmas = map[string]string{
	"auto_vacuum":              "_auto_vacuum",
	"busy_timeout":             "_busy_timeout",
	"cache_size":               "_cache_size",
	"case_sensitive_like":      "_case_sensitive_like",
	"defer_foreign_keys":       "_defer_foreign_keys",
	"foreign_keys":             "_foreign_keys",
	"ignore_check_constraints": "_ignore_check_constraints",
	"journal_mode":             "_journal_mode",
	"locking_mode":             "_locking_mode",
	"query_only":               "_query_only",
	"recursive_triggers":       "_recursive_triggers",
	"secure_delete":            "_secure_delete",
	"synchronous":              "_synchronous",
	"writable_schema":          "_writable_schema",
}

// MattnDialect is mattn's DSN: a file name followed by ?_busy_timeout=...,
// _foreign_keys=..., _txlock=... (one parameter per supported pragma).
var MattnDialect = raw.Dialect{
	DSN: plainDSN,
	Pragma: func(name, value string) string {
		if key, ok := mattnPragmas[strings.ToLower(name)]; ok {
			return key + "=" + value
		}
		return ""
	},
	TxLock: func(mode string) string { return "_txlock=" + mode },
}

// ModerncDialect is modernc's DSN: a file name followed by
// ?_pragma=name(value)&_txlock=....
var ModerncDialect = raw.Dialect{
	DSN:    plainDSN,
	Pragma: func(name, value string) string { return "_pragma=" + name + "(" + value + ")" },
	TxLock: func(mode string) string { return "_txlock=" + mode },
}

// plainDSN is "path?params", the form mattn and modernc document.
func plainDSN(path, params string) string {
	if params == "" {
		return path
	}
	return path + "?" + params
}

// Modernc returns modernc.org/sqlite, registered as "sqlite".
func Modernc() raw.Driver {
	return sqlDriver("modernc", "sqlite", ModerncDialect)
}

// sqlDriver is a raw.Driver opened with sql.Open(registered, dsn).
func sqlDriver(name, registered string, dialect raw.Dialect) raw.Driver {
	openDSN := func(dsn string) (*sql.DB, error) { return sql.Open(registered, dsn) }
	return raw.Driver{
		Name:    name,
		Dialect: dialect,
		OpenDSN: openDSN,
		Open: func(path, params string) (*sql.DB, error) {
			return openDSN(dialect.DSN(path, params))
		},
	}
}
