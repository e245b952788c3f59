package wrap

import contract "github.com/anysqlite/anysqlite/adapter/driver"

// built lists the versions of the driver modules in this module's go.mod,
// for binaries that carry no build information for them (test binaries,
// for one). TestBuiltMatchesGoMod fails when it falls behind go.mod.
var built = map[string]string{
	"github.com/mattn/go-sqlite3":   "v1.14.52",
	"modernc.org/sqlite":            "v1.61.1",
	"github.com/ncruces/go-sqlite3": "v0.35.6",
}

// ModuleVersion returns the version of the Go module at path linked into
// the running binary (contract.ModuleVersion), or the one go.mod requires
// where the binary does not say.
func ModuleVersion(path string) string {
	if v := contract.ModuleVersion(path); v != "(unknown)" {
		return v
	}
	if v, ok := built[path]; ok {
		return v
	}
	return "(unknown)"
}

// TestedVersion returns the version of the module at path that go.mod
// requires: the one this repository's driver packages are tested with.
func TestedVersion(path string) string { return built[path] }
