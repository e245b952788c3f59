package modernc

import (
	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/drivers/internal/wrap"
)

const (
	// driverName is the name the driver registers under.
	driverName = "modernc"
	// modulePath is the Go module of the wrapped driver.
	modulePath = "modernc.org/sqlite"
)

// Info describes the driver and the features known from how it was built;
// the adapter probes the rest on a live connection.
func (Driver) Info() contract.Info {
	info := contract.Info{
		Name:          driverName,
		Module:        modulePath,
		ModuleVersion: wrap.ModuleVersion(modulePath),
		Cgo:           false,
		Features: map[contract.Feature]contract.Support{
			contract.FeatureFTS5:       {OK: true}, // compiled into modernc's SQLite
			contract.FeatureBackup:     {OK: true},
			contract.FeatureSerialize:  {OK: true},
			contract.FeatureDefensive:  {OK: true},
			contract.FeatureDQSControl: {OK: true},
		},
	}
	return info
}
