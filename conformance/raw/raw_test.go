package raw_test

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/anysqlite/anysqlite/conformance/raw"
	"github.com/anysqlite/anysqlite/conformance/raw/native"
)

// moduleDir is the root of the module, from this package's directory.
func moduleDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCatalogue(t *testing.T) {
	name := regexp.MustCompile(`^[A-Z][A-Za-z0-9]+$`)
	seen := map[string]bool{}
	for _, p := range raw.Probes() {
		if !name.MatchString(p.Name) {
			t.Errorf("probe name %q is not CamelCase", p.Name)
		}
		if seen[p.Name] {
			t.Errorf("probe %s listed twice", p.Name)
		}
		seen[p.Name] = true
		if p.Question == "" || p.Adapter == "" || p.Run == nil {
			t.Errorf("probe %s: Question, Adapter and Run are required", p.Name)
		}
		if strings.Contains(p.Question, "\n") || strings.Contains(p.Adapter, "\n") {
			t.Errorf("probe %s: Question and Adapter must be one line", p.Name)
		}
		if p.Through != nil {
			for _, d := range []string{"mattn", "modernc", "ncruces"} {
				if p.Through[d] == "" {
					t.Errorf("probe %s: Through says nothing about %s", p.Name, d)
				}
			}
			if len(p.Through) != 3 {
				t.Errorf("probe %s: Through names drivers other than mattn, modernc and ncruces: %v", p.Name, p.Through)
			}
		}
	}
}

func TestParams(t *testing.T) {
	if got := raw.Params("", "a=1", "", "b=2"); got != "a=1&b=2" {
		t.Errorf("Params = %q", got)
	}
	if got := raw.Params(); got != "" {
		t.Errorf("Params() = %q", got)
	}
}

// observe runs the probes on every driver: mattn and modernc in this
// process, ncruces in a child process.
func observe(t *testing.T) map[string][]raw.Observation {
	t.Helper()
	ctx := context.Background()
	out := map[string][]raw.Observation{}
	for _, d := range native.Drivers() {
		out[d.Name] = raw.Observe(ctx, d)
	}
	obs, err := raw.ObserveNcruces(ctx, moduleDir(t))
	if err != nil {
		t.Fatal(err)
	}
	out["ncruces"] = obs
	return out
}

func TestObserve(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every probe twice on every driver, and builds the ncruces probe")
	}
	first := observe(t)
	second := observe(t)
	probes := raw.Probes()
	unavailable := map[string]bool{}
	for _, d := range native.Drivers() {
		unavailable[d.Name] = d.Unavailable != ""
	}
	for _, name := range []string{"mattn", "modernc", "ncruces"} {
		obs := first[name]
		if len(obs) != len(probes) {
			t.Errorf("%s: %d observations for %d probes", name, len(obs), len(probes))
			continue
		}
		for i, p := range probes {
			o := obs[i]
			if o.Driver != name || o.Probe != p.Name {
				t.Errorf("%s: observation %d is %s/%s, want %s/%s", name, i, o.Driver, o.Probe, name, p.Name)
			}
			switch {
			case o.Answer == "":
				t.Errorf("%s/%s: no answer", name, p.Name)
			case strings.HasPrefix(o.Answer, "error:"):
				t.Errorf("%s/%s: the probe failed: %s", name, p.Name, o.Answer)
			case strings.HasPrefix(o.Answer, "unavailable:") && !unavailable[name]:
				t.Errorf("%s/%s: %s, but the driver is available", name, p.Name, o.Answer)
			}
			if again := second[name][i].Answer; again != o.Answer {
				t.Errorf("%s/%s: unstable answer:\n first: %s\nsecond: %s", name, p.Name, o.Answer, again)
			}
		}
	}
	if t.Failed() || testing.Verbose() {
		var b strings.Builder
		for i, p := range probes {
			fmt.Fprintf(&b, "\n%s — %s\n", p.Name, p.Question)
			for _, name := range []string{"mattn", "modernc", "ncruces"} {
				if i < len(first[name]) {
					fmt.Fprintf(&b, "  %-8s %s\n", name, first[name][i].Answer)
				}
			}
			fmt.Fprintf(&b, "  %-8s %s\n", "adapter", p.Adapter)
		}
		t.Log(b.String())
	}
}

// TestUnavailable checks how Observe reports a driver that cannot work in
// this build.
func TestUnavailable(t *testing.T) {
	d := raw.Driver{Name: "x", Unavailable: "requires cgo"}
	for _, o := range raw.Observe(context.Background(), d) {
		if o.Answer != "unavailable: requires cgo" {
			t.Errorf("%s: %q", o.Probe, o.Answer)
		}
	}
}

// TestImports checks that package raw links no driver and that the ncruces
// probe does not link mattn, which would clash with ncruces' driver.
func TestImports(t *testing.T) {
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	deps := func(pkg string) []string {
		cmd := exec.Command(gotool, "list", "-deps", pkg)
		cmd.Dir = moduleDir(t)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		return strings.Fields(string(out))
	}
	for _, dep := range deps("./conformance/raw") {
		if strings.HasPrefix(dep, "github.com/mattn/go-sqlite3") || strings.HasPrefix(dep, "modernc.org/sqlite") ||
			strings.HasPrefix(dep, "github.com/ncruces/go-sqlite3") {
			t.Errorf("conformance/raw links the driver %s", dep)
		}
	}
	for _, dep := range deps(raw.NcrucesProbePackage) {
		if strings.HasPrefix(dep, "github.com/mattn/go-sqlite3") {
			t.Errorf("the ncruces probe links %s", dep)
		}
	}
}
