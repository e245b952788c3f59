package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
)

func testRun(platform string, cgo bool, status map[string]conformance.Status) *Run {
	r := &Run{Command: "conform -driver=all", Platform: platform, GoVersion: "go1.26", Cgo: cgo,
		Categories: []Category{{Name: "Types", Title: "Values and types", Doc: "Values."}}}
	for _, name := range []string{"mattn", "modernc"} {
		d := adapter.DriverInfo{Name: name, SQLiteVersion: "3.50.0", Features: map[adapter.Feature]adapter.Support{adapter.FeatureFTS5: {OK: true}}}
		if name == "mattn" && !cgo {
			d = adapter.DriverInfo{Name: name, Unavailable: "requires cgo"}
		}
		r.Drivers = append(r.Drivers, Driver{d})
		if d.Unavailable != "" {
			continue
		}
		for _, c := range []string{"A", "B"} {
			st := status[name+"/"+c]
			if st == "" {
				st = conformance.Pass
			}
			detail := ""
			if st != conformance.Pass {
				detail = "broke on " + platform
			}
			r.Results = append(r.Results, conformance.Result{Driver: name, Category: "Types", Case: c, Status: st, Detail: detail})
		}
	}
	return r
}

func render(t *testing.T, runs ...*Run) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteMarkdown(&b, runs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMergedMatrix(t *testing.T) {
	linux := testRun("linux/amd64", true, nil)
	arm := testRun("linux/arm64", true, map[string]conformance.Status{"modernc/B": conformance.Fail})
	win := testRun("windows/amd64", true, map[string]conformance.Status{"modernc/B": conformance.Fail, "mattn/A": conformance.Unsupported})
	i386 := testRun("linux/386", false, nil)

	got := render(t, linux, arm, win, i386)
	if other := render(t, i386, win, linux, arm); other != got {
		t.Errorf("the merged matrix depends on the order of the runs")
	}
	for _, want := range []string{
		// Summary: a column per driver and run where the driver is available.
		"| Category | mattn<br>linux/amd64 | mattn<br>linux/arm64 | mattn<br>windows/amd64 | modernc<br>linux/386 (no cgo) | modernc<br>linux/amd64 |",
		// Cases: one column per driver; differences name their platforms, and
		// equal failures on two platforms share a note.
		"| A | ➖ windows/amd64 (1)<br>✅ elsewhere | ✅ |",
		"| B | ✅ | ❌ linux/arm64 (2)<br>❌ windows/amd64 (3)<br>✅ elsewhere |",
		"2. ❌ modernc on linux/arm64 B: broke on linux/arm64",
		// Drivers: a value all runs agree on once; unavailability by run.
		"| SQLite | 3.50.0 | 3.50.0 |",
		"| Unavailable | *linux/386 (no cgo)*: requires cgo |  |",
		"| linux/386 (no cgo) | go1.26 | off | none | native | `conform -driver=all` |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("merged matrix lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "mattn<br>linux/386") {
		t.Errorf("a column for a driver unavailable on the platform")
	}

	// One run: the one-platform layout, without platform names.
	one := render(t, linux)
	if strings.Contains(one, "<br>linux") || strings.Contains(one, "elsewhere") || strings.Contains(one, "Run under") {
		t.Errorf("one-run matrix names platforms:\n%s", one)
	}
}

func TestWriteMarkdownNoRuns(t *testing.T) {
	if err := WriteMarkdown(&bytes.Buffer{}, nil); err == nil {
		t.Error("no error for no runs")
	}
}
