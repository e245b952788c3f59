//go:build !cgo

package mattn

import (
	"errors"
	"runtime/debug"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

// TestUnavailableWithoutCgo checks the stand-in driver of a
// CGO_ENABLED=0 build.
func TestUnavailableWithoutCgo(t *testing.T) {
	info := Driver{}.Info()
	if info.Name != "mattn" || info.Module != "github.com/mattn/go-sqlite3" || info.ModuleVersion == "" {
		t.Errorf("Info = %+v", info)
	}
	if info.Unavailable != "mattn requires cgo (this binary was built with CGO_ENABLED=0)" {
		t.Errorf("Unavailable = %q", info.Unavailable)
	}
	c, err := Driver{}.OpenConn(t.Context(), adapter.ConnConfig{Path: ":memory:"})
	if c != nil || !errors.Is(err, adapter.ErrDriverUnavailable) || !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("OpenConn = %v, %v", c, err)
	}
	if _, _, ok := (Driver{}).DecodeError(err); ok {
		t.Error("DecodeError ok")
	}
	if d, err := adapter.Lookup("mattn"); err != nil || d.Info().Unavailable == "" {
		t.Errorf("Lookup(mattn) = %v, %v", d, err)
	}
	// mattn's package is not linked at all.
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/mattn/go-sqlite3" {
				t.Errorf("github.com/mattn/go-sqlite3 %s is linked", m.Version)
			}
		}
	}
}
