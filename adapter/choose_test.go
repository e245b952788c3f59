package adapter

import (
	"errors"
	"strings"
	"testing"
)

// TestAutoChoice checks which of the linked drivers "auto" means, from
// the static infos the driver packages report (as mattn does in a plain
// build, without cgo, and so on).
func TestAutoChoice(t *testing.T) {
	plainMattn := DriverInfo{Name: "mattn", Features: map[Feature]Support{
		FeatureFTS5: {Reason: "mattn built without build tag sqlite_fts5"},
		FeatureMath: {Reason: "mattn built without build tag sqlite_math_functions"},
	}}
	taggedMattn := DriverInfo{Name: "mattn", Features: map[Feature]Support{FeatureFTS5: {OK: true}, FeatureMath: {OK: true}}}
	noCgoMattn := DriverInfo{Name: "mattn", Unavailable: "mattn requires cgo"}
	modernc := DriverInfo{Name: "modernc", Features: map[Feature]Support{FeatureFTS5: {OK: true}}} // math probed later
	ncruces := DriverInfo{Name: "ncruces", Features: map[Feature]Support{FeatureFTS5: {OK: true}}}
	for _, tc := range []struct {
		name  string
		infos []DriverInfo
		want  string
	}{
		{"tagged build: mattn first", []DriverInfo{taggedMattn, modernc, ncruces}, "mattn"},
		{"plain build: mattn lacks FTS5 and math, passed over", []DriverInfo{plainMattn, modernc, ncruces}, "modernc"},
		{"plain build, only mattn linked: taken all the same", []DriverInfo{plainMattn}, "mattn"},
		{"no cgo: mattn unavailable", []DriverInfo{noCgoMattn, modernc, ncruces}, "modernc"},
		{"ncruces alone", []DriverInfo{ncruces}, "ncruces"},
	} {
		i, err := autoChoice(tc.infos)
		if err != nil || tc.infos[i].Name != tc.want {
			t.Errorf("%s: chose %d (%v), want %s", tc.name, i, err, tc.want)
		}
	}

	_, err := autoChoice(nil)
	if !errors.Is(err, ErrDriverUnavailable) || !strings.Contains(err.Error(), `import _ "github.com/anysqlite/anysqlite/drivers/all"`) {
		t.Errorf("no driver linked: %v, want ErrDriverUnavailable naming the import to add", err)
	}
	_, err = autoChoice([]DriverInfo{noCgoMattn})
	if !errors.Is(err, ErrDriverUnavailable) || !strings.Contains(err.Error(), "mattn requires cgo") ||
		!strings.Contains(err.Error(), `"github.com/anysqlite/anysqlite/drivers/all"`) {
		t.Errorf("only mattn without cgo: %v, want the reason and the import to add", err)
	}
}
