package driver

import (
	"runtime"
	"strings"
)

// ConnConfig tells a [Driver] which database to open and how.
type ConnConfig struct {
	// Path is an absolute, cleaned file system path, or ":memory:" for a
	// private in-memory database. It is never a URI: a driver that needs one
	// builds it (and escapes ?, # and %).
	Path string
	// ReadOnly opens the database read-only (SQLITE_OPEN_READONLY).
	ReadOnly bool
	// NoCreate fails if the file does not exist instead of creating it
	// (SQLITE_OPEN_READWRITE without SQLITE_OPEN_CREATE).
	NoCreate bool
	// DBConfig lists sqlite3_db_config options
	// (https://sqlite.org/c3ref/db_config.html) to set before the
	// connection is returned. The adapter only asks for options the
	// driver's Info reports as supported (FeatureDefensive,
	// FeatureDQSControl); a driver that cannot honour one fails OpenConn
	// with an error wrapping errors.ErrUnsupported rather than ignore it.
	DBConfig map[DBConfigOp]bool
}

// URI returns the SQLite URI filename (https://sqlite.org/uri.html) that
// opens exactly c.Path in c's mode, for a driver that opens databases by
// URI with SQLITE_OPEN_URI: "file:", the path with '%', '?' and '#'
// percent-escaped (SQLite decodes %HH in the path and would otherwise end
// it at '?' or '#'), then "?mode=" and rwc, rw (c.NoCreate) or ro
// (c.ReadOnly). Append further parameters with "&".
//
// ":memory:" gives "file::memory:", a private in-memory database. On
// Windows the path is written with forward slashes, and a drive letter
// gets a leading slash: C:\x\y.db becomes file:/C:/x/y.db. A path that
// starts with two slashes (a Windows UNC path) gets an empty authority,
// "file://" + "//server/share/y.db", so the server is not taken for one.
func (c ConnConfig) URI() string { return uriFilename(c, runtime.GOOS == "windows") }

// uriFilename is [ConnConfig.URI] with the operating system as a
// parameter, so both kinds of path can be tested anywhere.
func uriFilename(c ConnConfig, windows bool) string {
	path := c.Path
	if windows && path != ":memory:" {
		path = strings.ReplaceAll(path, `\`, "/")
		if len(path) >= 2 && path[1] == ':' && isASCIILetter(path[0]) {
			path = "/" + path // C:/x/y.db: SQLite's Windows VFS drops the slash
		}
	}
	mode := "rwc"
	switch {
	case c.ReadOnly:
		mode = "ro"
	case c.NoCreate:
		mode = "rw"
	}
	prefix := "file:"
	if strings.HasPrefix(path, "//") {
		prefix = "file://" // an empty authority: the path keeps both slashes
	}
	return prefix + escapeURIPath(path) + "?mode=" + mode
}

func isASCIILetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// escapeURIPath percent-escapes the characters that end or escape the
// path part of an SQLite URI filename.
func escapeURIPath(path string) string {
	if !strings.ContainsAny(path, "%?#") {
		return path
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '%', '?', '#':
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// DBConfigOp names a boolean sqlite3_db_config option.
type DBConfigOp int

// The sqlite3_db_config options the adapter sets. The values are SQLite's
// SQLITE_DBCONFIG_* constants.
const (
	DBConfigEnableLoadExtension DBConfigOp = 1005 // SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION
	DBConfigDefensive           DBConfigOp = 1010 // SQLITE_DBCONFIG_DEFENSIVE
	DBConfigDQSDML              DBConfigOp = 1013 // SQLITE_DBCONFIG_DQS_DML
	DBConfigDQSDDL              DBConfigOp = 1014 // SQLITE_DBCONFIG_DQS_DDL
	DBConfigTrustedSchema       DBConfigOp = 1017 // SQLITE_DBCONFIG_TRUSTED_SCHEMA
)
