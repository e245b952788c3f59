package wrap

import (
	"os"
	"strings"
	"testing"
)

// TestBuiltMatchesGoMod checks the fallback versions against go.mod.
func TestBuiltMatchesGoMod(t *testing.T) {
	data, err := os.ReadFile("../../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	required := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require ")); len(f) >= 2 && strings.HasPrefix(f[1], "v") {
			required[f[0]] = f[1]
		}
	}
	for path, v := range built {
		if required[path] != v {
			t.Errorf("built[%q] = %s, go.mod requires %s", path, v, required[path])
		}
	}
}
