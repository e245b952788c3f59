//go:build !cgo

package native

import (
	"database/sql"
	"fmt"

	"github.com/anysqlite/anysqlite/conformance/raw"
)

// Mattn returns github.com/mattn/go-sqlite3 as unavailable: it needs cgo,
// and this binary was built with CGO_ENABLED=0.
func Mattn() raw.Driver {
	fail := func(string) (*sql.DB, error) {
		return nil, fmt.Errorf("%w: mattn requires cgo (built with CGO_ENABLED=0)", raw.ErrUnavailable)
	}
	return raw.Driver{
		Name:        "mattn",
		Dialect:     MattnDialect,
		OpenDSN:     fail,
		Open:        func(path, _ string) (*sql.DB, error) { return fail(path) },
		Unavailable: "requires cgo",
	}
}
