package mattn

import "github.com/anysqlite/anysqlite/adapter"

const (
	// driverName is the name the driver registers under.
	driverName = "mattn"
	// modulePath is the Go module of the wrapped driver.
	modulePath = "github.com/mattn/go-sqlite3"
	// fallbackVersion is reported when build information does not name
	// the module's version (and under CGO_ENABLED=0, where the module is
	// not linked): the version in go.mod.
	fallbackVersion = "v1.14.52"
)

// baseInfo is the part of the driver's Info that holds in every build.
func baseInfo() adapter.DriverInfo {
	version := adapter.ModuleVersion(modulePath)
	if version == "" {
		version = fallbackVersion
	}
	return adapter.DriverInfo{
		Name:          driverName,
		Module:        modulePath,
		ModuleVersion: version,
		Cgo:           true,
	}
}
