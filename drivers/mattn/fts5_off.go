//go:build cgo && !(sqlite_fts5 || fts5)

package mattn

import (
	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// fts5Support: mattn compiles FTS5 only with its sqlite_fts5 build tag.
var fts5Support = contract.Support{
	Reason: "mattn built without build tag sqlite_fts5: rebuild with go build -tags sqlite_fts5",
}
