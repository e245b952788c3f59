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

// TestConformance runs the whole catalogue on the project's registered
// drivers.
func TestConformance(t *testing.T) {
	for _, name := range adapter.Drivers() {
		d, _ := adapter.Lookup(name)
		if why := d.Info().Unavailable; why != "" {
			t.Run(name, func(t *testing.T) { t.Skipf("driver %s is linked but unavailable: %s", name, why) })
			continue
		}
		conformance.Run(t, d)
	}
}
