package all_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestAllDriversInOneBinary builds examples/alldrivers, which imports this
// package, with and without cgo, runs it and checks that every driver
// starts (or, mattn without cgo, reports why it cannot).
func TestAllDriversInOneBinary(t *testing.T) {
	goTool := findGo(t)
	tests := []struct {
		name            string
		cgo             string
		tags            []string
		wantUnavailable map[string]string // driver -> text of its Unavailable
	}{
		{name: "cgo", cgo: "1", tags: []string{"-tags", "sqlite_fts5"}},
		{name: "nocgo", cgo: "0", wantUnavailable: map[string]string{
			"mattn": "mattn requires cgo (this binary was built with CGO_ENABLED=0)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bin := filepath.Join(t.TempDir(), "alldrivers")
			if runtime.GOOS == "windows" {
				bin += ".exe"
			}
			args := append(append([]string{"build"}, tt.tags...), "-o", bin, "github.com/anysqlite/anysqlite/examples/alldrivers")
			build := exec.Command(goTool, args...)
			build.Env = append(os.Environ(), "CGO_ENABLED="+tt.cgo)
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("CGO_ENABLED=%s go %s: %v\n%s", tt.cgo, strings.Join(args, " "), err, out)
			}

			var stdout, stderr bytes.Buffer
			run := exec.Command(bin)
			run.Stdout, run.Stderr = &stdout, &stderr
			err := run.Run()
			t.Logf("output:\n%s%s", stdout.String(), stderr.String())
			if err != nil {
				t.Fatalf("alldrivers: %v", err)
			}
			lines := map[string]string{}
			for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
				name, rest, _ := strings.Cut(line, ": ")
				lines[name] = rest
			}
			for _, name := range []string{"mattn", "modernc", "ncruces"} {
				line, ok := lines[name]
				switch why, unavailable := tt.wantUnavailable[name]; {
				case !ok:
					t.Errorf("driver %s not listed", name)
				case unavailable && !strings.HasSuffix(line, "unavailable: "+why):
					t.Errorf("%s: %q, want it unavailable: %s", name, line, why)
				case !unavailable && !strings.Contains(line, "sqlite_version() = 3."):
					t.Errorf("%s: %q, want a SQLite version", name, line)
				}
			}

			// Without cgo mattn's package is not linked at all.
			mods, err := exec.Command(goTool, "version", "-m", bin).Output()
			if err != nil {
				t.Fatalf("go version -m: %v", err)
			}
			linked := bytes.Contains(mods, []byte("github.com/mattn/go-sqlite3"))
			if linked != (tt.cgo == "1") {
				t.Errorf("github.com/mattn/go-sqlite3 linked: %t, want %t", linked, tt.cgo == "1")
			}
		})
	}
}

// findGo returns the go command, from PATH or GOROOT.
func findGo(t *testing.T) string {
	if path, err := exec.LookPath("go"); err == nil {
		return path
	}
	if root := runtime.GOROOT(); root != "" { //nolint:staticcheck // fallback when go is not on PATH
		path := filepath.Join(root, "bin", "go")
		if runtime.GOOS == "windows" {
			path += ".exe"
		}
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	t.Skip("the go tool is not on PATH nor in GOROOT/bin: cannot build examples/alldrivers")
	return ""
}
