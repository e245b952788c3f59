package conformance

import (
	"github.com/anysqlite/anysqlite/conformance/adversity"
	"github.com/anysqlite/anysqlite/conformance/api"
	"github.com/anysqlite/anysqlite/conformance/badinput"
	"github.com/anysqlite/anysqlite/conformance/fts5"
	"github.com/anysqlite/anysqlite/conformance/portability"
	"github.com/anysqlite/anysqlite/conformance/pragma"
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/anysqlite/anysqlite/conformance/sqlext"
	"github.com/anysqlite/anysqlite/conformance/storage"
	"github.com/anysqlite/anysqlite/conformance/txn"
	"github.com/anysqlite/anysqlite/conformance/types"
	"github.com/anysqlite/anysqlite/conformance/wal"
)

// Categories returns the whole catalogue, in matrix order.
func Categories() []spec.Category {
	var all []spec.Category
	for _, f := range []func() []spec.Category{
		api.Categories, types.Categories, portability.Categories, txn.Categories, adversity.Categories,
		pragma.Categories, wal.Categories, fts5.Categories, sqlext.Categories, badinput.Categories, storage.Categories,
	} {
		all = append(all, f()...)
	}
	return all
}
