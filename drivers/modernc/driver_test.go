package modernc

import (
	"errors"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	"github.com/anysqlite/anysqlite/adapter/drivertest"
)

// TestInfo checks what this driver says of itself; drivertest checks that
// it is true.
func TestInfo(t *testing.T) {
	info := Driver{}.Info()
	if info.Name != "modernc" || info.Module != "modernc.org/sqlite" || info.Cgo || info.Unavailable != "" {
		t.Errorf("Info = %+v", info)
	}
	for _, f := range []contract.Feature{contract.FeatureFTS5, contract.FeatureBackup, contract.FeatureSerialize, contract.FeatureDefensive, contract.FeatureDQSControl} {
		if err := info.Supports(f); err != nil {
			t.Errorf("Supports(%s): %v", f, err)
		}
	}
}

// TestSerializeMainOnly checks the limits of modernc's Serialize and
// Deserialize, which the contract lets a driver refuse as unsupported:
// main only, and no empty image.
func TestSerializeMainOnly(t *testing.T) {
	db := drivertest.OpenDB(t, Driver{}, contract.ConnConfig{Path: ":memory:"})
	if _, err := db.Exec("ATTACH ':memory:' AS aux"); err != nil {
		t.Fatal(err)
	}
	sc, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	err = sc.Raw(func(dc any) error {
		data, err := Driver{}.Serialize(dc.(*conn), "MAIN")
		if err != nil {
			return err
		}
		if _, err := (Driver{}).Serialize(dc.(*conn), "aux"); !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("Serialize of another schema: %v, want errors.ErrUnsupported", err)
		}
		if err := (Driver{}).Deserialize(dc.(*conn), "aux", data); !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("Deserialize of another schema: %v, want errors.ErrUnsupported", err)
		}
		if err := (Driver{}).Deserialize(dc.(*conn), "main", []byte{}); !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("Deserialize of no bytes: %v, want errors.ErrUnsupported", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
