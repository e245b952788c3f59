package rqlite_test

import (
	"testing"

	"github.com/anysqlite/anysqlite/adapter/drivertest"
	"github.com/anysqlite/anysqlite/drivers/rqlite"
	"github.com/anysqlite/anysqlite/drivers/rqlite/rqliteconform"
	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

// TestContract checks the driver contract on a 3-node cluster, emptied
// before each check; the checks a remote engine cannot pass by nature are
// skipped with the reason.
func TestContract(t *testing.T) {
	c := rqlitetest.New(t, rqlitetest.Config{Args: rqliteconform.ClusterArgs})
	drivertest.TestRemoteDriver(t, rqlite.Driver{}, drivertest.Remote{Path: c.DSN(""), Reset: c.Reset, Unsupported: map[string]string{
		"StorageClassRoundTrip/float +inf": "rqlite's HTTP API carries values as JSON, which has no infinity",
		"StorageClassRoundTrip/float -inf": "rqlite's HTTP API carries values as JSON, which has no infinity",
	}})
}
