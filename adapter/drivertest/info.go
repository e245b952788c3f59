package drivertest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	"github.com/anysqlite/anysqlite/adapter"
)

// testInfo checks the static description: a name Register accepts, the
// Go module and its version, and a reason for every feature reported
// unsupported.
func (k *kit) testInfo(t *testing.T) {
	info := k.info
	if info.Name == "" || info.Name == "auto" || strings.ContainsAny(info.Name, ", ") {
		t.Errorf("Name = %q: Register refuses an empty name, \"auto\" and names with ',' or ' '", info.Name)
	}
	if info.Module == "" {
		t.Error("Module is empty: name the Go module of the SQLite driver behind the adapter's driver")
	}
	if info.ModuleVersion == "" || info.ModuleVersion[0] != 'v' {
		t.Errorf("ModuleVersion = %q, want a module version such as v1.2.3 (contract.ModuleVersion, with a fallback)", info.ModuleVersion)
	}
	for _, f := range info.FeatureNames() {
		if s := info.Features[f]; !s.OK && s.Reason == "" {
			t.Errorf("Features[%s] is unsupported without a Reason: say why, and how to enable it where that is possible", f)
		}
	}
	if got := k.d.Info().Name; got != info.Name {
		t.Errorf("Info().Name changed between calls: %q, then %q", info.Name, got)
	}
}

// testRegistered checks that the driver's package registered it, under the
// name its Info gives.
func (k *kit) testRegistered(t *testing.T) {
	got, err := adapter.Lookup(k.info.Name)
	if err != nil {
		t.Fatalf("Lookup(%q): %v; call contract.Register from the driver package's init", k.info.Name, err)
	}
	if reflect.TypeOf(got) != reflect.TypeOf(k.d) {
		t.Errorf("Lookup(%q) returns a %T, not the %T under test", k.info.Name, got, k.d)
	}
}

// testUnavailable checks that a driver unavailable in this build refuses to
// open, saying why.
func (k *kit) testUnavailable(t *testing.T) {
	c, err := k.d.OpenConn(context.Background(), contract.ConnConfig{Path: ":memory:"})
	if err == nil {
		c.Close()
		t.Fatalf("OpenConn succeeded although Info reports the driver unavailable: %s", k.info.Unavailable)
	}
	if c != nil {
		t.Errorf("OpenConn returned a connection (%T) with its error", c)
	}
	if !errors.Is(err, adapter.ErrDriverUnavailable) || !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("OpenConn: %v; want an error wrapping adapter.ErrDriverUnavailable and errors.ErrUnsupported", err)
	}
	if _, _, ok := k.decode(err); ok {
		t.Errorf("DecodeError(%v) ok: the refusal is not an SQLite error", err)
	}
}
