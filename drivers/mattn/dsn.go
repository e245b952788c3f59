//go:build cgo

package mattn

import (
	"net/url"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// dsn returns the URI filename that opens exactly cfg.Path, in cfg's mode,
// through the VFS named vfs (see [contract.ConnConfig.URI]). mattn passes a
// DSN starting with "file:" to sqlite3_open_v2 unchanged, with
// SQLITE_OPEN_URI, and takes only the vfs parameter from it for itself.
func dsn(cfg contract.ConnConfig, vfs string) string {
	s := cfg.URI()
	if vfs != "" {
		s += "&vfs=" + url.QueryEscape(vfs)
	}
	return s
}
