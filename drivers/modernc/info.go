package modernc

import "github.com/anysqlite/anysqlite/adapter"

const (
	// driverName is the name the driver registers under.
	driverName = "modernc"
	// modulePath is the Go module of the wrapped driver.
	modulePath = "modernc.org/sqlite"
	// fallbackVersion is reported when build information does not name
	// the module's version: the version in go.mod.
	fallbackVersion = "v1.61.1"
)

// Info describes the driver and the features known from how it was built;
// the adapter probes the rest on a live connection.
func (Driver) Info() adapter.DriverInfo {
	version := adapter.ModuleVersion(modulePath)
	if version == "" {
		version = fallbackVersion
	}
	info := adapter.DriverInfo{
		Name:          driverName,
		Module:        modulePath,
		ModuleVersion: version,
		Cgo:           false,
		Features: map[adapter.Feature]adapter.Support{
			adapter.FeatureFTS5:       {OK: true}, // compiled into modernc's SQLite
			adapter.FeatureBackup:     {OK: true},
			adapter.FeatureSerialize:  {OK: true},
			adapter.FeatureDefensive:  {OK: true},
			adapter.FeatureDQSControl: {OK: true},
		},
	}
	return info
}
