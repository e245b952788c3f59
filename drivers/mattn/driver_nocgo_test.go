//go:build !cgo

package mattn

import (
	"runtime/debug"
	"testing"

	"github.com/anysqlite/anysqlite/adapter/drivertest"
)

// TestContract checks the stand-in with the shared kit: a well-formed,
// registered driver that refuses to open, saying why. The kit skips the
// rest with that reason.
func TestContract(t *testing.T) {
	drivertest.TestDriver(t, Driver{})
}

// TestUnavailableWithoutCgo checks what the stand-in of a CGO_ENABLED=0
// build says, and that mattn's package is not linked at all.
func TestUnavailableWithoutCgo(t *testing.T) {
	info := Driver{}.Info()
	if info.Name != "mattn" || info.Module != "github.com/mattn/go-sqlite3" || info.ModuleVersion == "" {
		t.Errorf("Info = %+v", info)
	}
	if info.Unavailable != "mattn requires cgo (this binary was built with CGO_ENABLED=0)" {
		t.Errorf("Unavailable = %q", info.Unavailable)
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/mattn/go-sqlite3" {
				t.Errorf("github.com/mattn/go-sqlite3 %s is linked", m.Version)
			}
		}
	}
}
