package mattn

import (
	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

const (
	// driverName is the name the driver registers under.
	driverName = "mattn"
	// modulePath is the Go module of the wrapped driver.
	modulePath = "github.com/mattn/go-sqlite3"
)

// baseInfo is the part of the driver's Info that holds in every build.
func baseInfo() contract.Info {
	return contract.Info{
		Name:          driverName,
		Module:        modulePath,
		ModuleVersion: wrap.ModuleVersion(modulePath),
		Cgo:           true,
	}
}
