package portability_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
	"github.com/anysqlite/anysqlite/conformance/portability"
	_ "github.com/anysqlite/anysqlite/drivers/modernc"
)

// gone is a driver that is linked but unavailable, as mattn is without cgo.
type gone struct{}

const goneWhy = "gone cannot run here"

func (gone) Info() adapter.DriverInfo {
	return adapter.DriverInfo{Name: "gone", Unavailable: goneWhy}
}

func (gone) OpenConn(context.Context, contract.ConnConfig) (contract.Conn, error) {
	return nil, errors.New(goneWhy)
}

func (gone) DecodeError(error) (sqlite.ExtendedCode, string, bool) { return 0, "", false }

// TestUnavailableWriter checks that the cases of a writer that is linked
// but unavailable are reported unsupported with its reason, not left out,
// while an available writer's cases run.
func TestUnavailableWriter(t *testing.T) {
	contract.Register(gone{})
	cat := portability.Categories()[0]
	d, err := adapter.Lookup("modernc")
	if err != nil {
		t.Fatal(err)
	}
	reader := conformance.For(d)
	got := map[string]conformance.Result{}
	for _, c := range cat.Cases {
		if strings.HasPrefix(c.Name, "WrittenByGone") || c.Name == "WrittenByModernc" {
			got[c.Name] = conformance.RunCase(context.Background(), reader, cat, c)
		}
	}
	for _, name := range []string{"WrittenByGone", "WrittenByGoneFTS5"} {
		r, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: no such case", name)
		case r.Status != conformance.Unsupported || !strings.Contains(r.Detail, goneWhy):
			t.Errorf("%s: %s %q, want unsupported with %q", name, r.Status, r.Detail, goneWhy)
		}
	}
	if r := got["WrittenByModernc"]; r.Status != conformance.Pass {
		t.Errorf("WrittenByModernc: %s %q, want pass", r.Status, r.Detail)
	}
}
