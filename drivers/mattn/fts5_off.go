//go:build cgo && !(sqlite_fts5 || fts5)

package mattn

import "github.com/anysqlite/anysqlite/adapter"

// fts5Support: mattn compiles FTS5 only with its sqlite_fts5 build tag.
var fts5Support = adapter.Support{
	Reason: "mattn built without build tag sqlite_fts5: rebuild with go build -tags sqlite_fts5",
}
