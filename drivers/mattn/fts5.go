//go:build cgo && (sqlite_fts5 || fts5)

package mattn

import (
	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// fts5Support: this build compiles FTS5 into mattn's SQLite (mattn's
// sqlite_fts5/fts5 build tag adds -DSQLITE_ENABLE_FTS5).
var fts5Support = contract.Support{OK: true}
