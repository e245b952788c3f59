package modernc

import (
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
)

// dsn returns the URI filename that opens exactly cfg.Path: a file: URI
// whose path has '%', '?' and '#' percent-escaped (SQLite decodes %HH in
// the path and would otherwise end it at '?' or '#'), with mode=rwc, rw
// (cfg.NoCreate) or ro (cfg.ReadOnly). modernc passes a DSN starting with
// "file:" to sqlite3_open_v2 unchanged, with SQLITE_OPEN_URI; it acts on
// none of its own DSN parameters, as none is given.
func dsn(cfg adapter.ConnConfig) string {
	mode := "rwc"
	switch {
	case cfg.ReadOnly:
		mode = "ro"
	case cfg.NoCreate:
		mode = "rw"
	}
	return "file:" + escapePath(cfg.Path) + "?mode=" + mode
}

// escapePath percent-escapes the characters that end or escape the path
// part of an SQLite URI filename. ":memory:" is left as it is: the URI
// file::memory: opens a private in-memory database.
func escapePath(path string) string {
	if !strings.ContainsAny(path, "%?#") {
		return path
	}
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '%', '?', '#':
			const hex = "0123456789ABCDEF"
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
