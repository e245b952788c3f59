package conformance_test

import (
	"os"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
	_ "github.com/anysqlite/anysqlite/drivers/all"
)

// TestMain serves the peer processes of the cases that need a second
// process (conformance.ServePeer).
func TestMain(m *testing.M) {
	conformance.ServePeer()
	os.Exit(m.Run())
}

// TestConformance runs the whole catalogue on the project's drivers (not on
// the broken wrappers TestSuiteCatchesBrokenDrivers registers).
func TestConformance(t *testing.T) {
	for _, name := range adapter.Priority {
		if d, _ := adapter.Lookup(name); d.Info().Unavailable != "" {
			t.Run(name, func(t *testing.T) { t.Skipf("driver %s is linked but unavailable: %s", name, d.Info().Unavailable) })
			continue
		}
		conformance.Run(t, conformance.Driver(name))
	}
}
