package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
)

func testRun(platform string, cgo bool, status map[string]conformance.Status) *Run {
	r := &Run{Command: "conform -driver=all", Platform: platform, GoVersion: "go1.26", Cgo: cgo,
		Categories: []Category{{Name: "Types", Title: "Values and types", Doc: "Values.", Cases: []CaseDoc{
			{Name: "A", Doc: "a checks", Want: "1", Source: "conformance/types/a.go:12"},
			{Name: "B", Doc: "b checks", Source: "conformance/types/b.go:7"},
		}}}}
	for _, name := range []string{"mattn", "modernc"} {
		d := adapter.DriverInfo{Name: name, SQLiteVersion: "3.50.0", Cgo: name == "mattn",
			Features: map[adapter.Feature]adapter.Support{adapter.FeatureFTS5: {OK: true}, adapter.FeatureMath: {OK: true}}}
		if name == "mattn" && !cgo {
			d = adapter.DriverInfo{Name: name, Cgo: true, Unavailable: "requires cgo"}
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

// render returns the matrix and its cases file.
func render(t *testing.T, m *Matrix) (string, string) {
	t.Helper()
	var md, cases bytes.Buffer
	if err := m.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteCases(&cases); err != nil {
		t.Fatal(err)
	}
	return md.String(), cases.String()
}

func contains(t *testing.T, what, doc string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(doc, want) {
			t.Errorf("%s lacks %q:\n%s", what, want, doc)
		}
	}
}

func TestMergedMatrix(t *testing.T) {
	linux := testRun("linux/amd64", true, nil)
	arm := testRun("linux/arm64", true, map[string]conformance.Status{"modernc/B": conformance.Fail})
	arm.Runner = "qemu-aarch64 7.2 (user mode) on linux/amd64"
	win := testRun("windows/amd64", true, map[string]conformance.Status{"modernc/B": conformance.Fail, "mattn/A": conformance.Unsupported})
	win.Runner = "Wine 8.0 on linux/amd64"
	i386 := testRun("linux/386", false, nil)

	md, cases := render(t, &Matrix{Runs: []*Run{linux, arm, win, i386}, SourceBase: "../"})
	if md2, cases2 := render(t, &Matrix{Runs: []*Run{i386, win, linux, arm}, SourceBase: "../"}); md2 != md || cases2 != cases {
		t.Errorf("the merged matrix depends on the order of the runs")
	}
	contains(t, "merged matrix", md,
		// Conformance: a category with exceptions counts them, and lists them.
		"| [Values and types](matrix-cases.md#values-and-types) | 2 | ✅ 1, ➖ 1 | ✅ 1, ❌ 1 |",
		"### Values and types: exceptions",
		"| [A](../conformance/types/a.go#L12) | a checks | ➖ windows/amd64 (Wine 8.0) (1)<br>✅ elsewhere | ✅ |",
		"| [B](../conformance/types/b.go#L7) | b checks | ✅ | ❌ linux/arm64 (qemu) (2)<br>❌ windows/amd64 (Wine 8.0) (3)<br>✅ elsewhere |",
		"2. ❌ modernc on linux/arm64 (qemu) B: broke on linux/arm64",
		// Platforms, named with how they ran.
		"| linux/386 (no cgo) | go1.26 | off | none | native | `conform -driver=all` |",
		"| windows/amd64 | go1.26 | on | none | Wine 8.0 on linux/amd64 | `conform -driver=all` |",
		// The choice table.
		"| Checked on | native: linux/386 (no cgo) ➖ (1), linux/amd64<br>qemu: linux/arm64<br>Wine 8.0: windows/amd64 | native: linux/386 (no cgo), linux/amd64<br>qemu: linux/arm64<br>Wine 8.0: windows/amd64 |",
		"1. ➖ mattn: requires cgo",
		"| SQLite | 3.50.0 | 3.50.0 |",
	)
	contains(t, "cases file", cases,
		// Per driver and run where the driver is available, named with how it ran.
		"| Category | mattn<br>linux/amd64 | mattn<br>linux/arm64 (qemu) | mattn<br>windows/amd64 (Wine 8.0) | modernc<br>linux/386 (no cgo) | modernc<br>linux/amd64 |",
		"| Case | What it checks | Expected | mattn | modernc |",
		"| [A](../conformance/types/a.go#L12) | a checks | `1` | ➖ windows/amd64 (Wine 8.0) (1)<br>✅ elsewhere | ✅ |",
		"| Unavailable | *linux/386 (no cgo)*: requires cgo |  |",
	)
	if strings.Contains(cases, "mattn<br>linux/386") {
		t.Errorf("a column for a driver unavailable on the platform")
	}

	// One run: the one-platform layout, without platform names.
	one, oneCases := render(t, &Matrix{Runs: []*Run{linux}})
	if strings.Contains(one+oneCases, "<br>linux") || strings.Contains(one+oneCases, "elsewhere") || strings.Contains(one, "Run under") {
		t.Errorf("one-run matrix names platforms:\n%s", one)
	}
	contains(t, "one-run matrix", one, "| [Values and types](matrix-cases.md#values-and-types) | 2 | ✅ | ✅ |")
	if strings.Contains(one, ": exceptions") || strings.Contains(one, ", exceptions") {
		t.Errorf("a category where everything passes lists exceptions:\n%s", one)
	}
}

func TestRunLabels(t *testing.T) {
	for _, tc := range []struct {
		run        Run
		how, label string
	}{
		{Run{Platform: "linux/amd64", Cgo: true}, "native", "linux/amd64"},
		{Run{Platform: "linux/386", Runner: "native, on a linux/amd64 kernel"}, "native", "linux/386 (no cgo)"},
		{Run{Platform: "linux/arm64", Cgo: true, Runner: "qemu-aarch64 7.2.22 (user mode) on linux/amd64"}, "qemu", "linux/arm64 (qemu)"},
		{Run{Platform: "windows/amd64", Cgo: true, Runner: "Wine 8.0 on linux/amd64"}, "Wine 8.0", "windows/amd64 (Wine 8.0)"},
		{Run{Platform: "windows/amd64", Runner: "GitHub-hosted windows-latest"}, "hosted CI", "windows/amd64 (no cgo, hosted CI)"},
		{Run{Platform: "darwin/arm64", BuildOnly: true}, "build only", "darwin/arm64 (no cgo, build only)"},
	} {
		if h, l := tc.run.How(), tc.run.Label(); h != tc.how || l != tc.label {
			t.Errorf("%+v: How %q, Label %q; want %q, %q", tc.run, h, l, tc.how, tc.label)
		}
	}
}

// Hosted CI results replace an emulator's for the same platform, and a run
// replaces a build-only record.
func TestPrefer(t *testing.T) {
	wine := &Run{Platform: "windows/amd64", Cgo: true, Runner: "Wine 8.0 on linux/amd64"}
	hosted := &Run{Platform: "windows/amd64", Cgo: true, Runner: "GitHub-hosted windows-latest"}
	qemu := &Run{Platform: "linux/arm64", Cgo: true, Runner: "qemu-aarch64"}
	built := &Run{Platform: "darwin/arm64", BuildOnly: true}
	darwin := &Run{Platform: "darwin/arm64", Runner: "GitHub-hosted macos-latest"}
	got := Prefer([]*Run{wine, qemu, hosted, built})
	if len(got) != 3 || got[0] != qemu || got[1] != hosted || got[2] != built {
		t.Errorf("Prefer kept %v", got)
	}
	if got := Prefer([]*Run{built, darwin}); len(got) != 1 || got[0] != darwin {
		t.Errorf("a run does not replace a build-only record: %v", got)
	}
}

func TestChoiceTable(t *testing.T) {
	linux := testRun("linux/amd64", true, nil)
	linux.Tags = []string{"sqlite_fts5", "sqlite_math_functions"}
	built := &Run{Platform: "darwin/arm64", GoVersion: "go1.26", BuildOnly: true, Command: "go build ./...",
		Drivers: []Driver{{adapter.DriverInfo{Name: "mattn", Cgo: true, Unavailable: "requires cgo"}}, {adapter.DriverInfo{Name: "modernc"}}}}
	fp := &Footprint{Command: "conform footprint", Machine: "linux/amd64, 2 CPUs", GoVersion: "go1.26", Method: "cold",
		Baseline: Build{Bytes: 2_200_000, WallSeconds: 20, CPUSeconds: 30},
		Drivers: []DriverBuilds{
			{Driver: "mattn", Builds: []Build{
				{Bytes: 7_100_000, WallSeconds: 60, CPUSeconds: 90, Features: map[string]string{"fts5": "built without sqlite_fts5", "math": "ok"}},
				{Tags: []string{"sqlite_fts5"}, Bytes: 7_500_000, WallSeconds: 65, CPUSeconds: 95, Features: map[string]string{"fts5": "ok", "math": "ok"}},
			}},
			{Driver: "modernc", Builds: []Build{{Bytes: 11_000_000, WallSeconds: 100, CPUSeconds: 150, Features: map[string]string{"fts5": "ok", "math": "ok"}}}},
		}}
	speed := &Speed{Baseline: "mattn", Micro: map[string]float64{"modernc": 1.56}, Workloads: map[string]float64{"modernc": 1.42}, Report: "bench.md"}
	md, _ := render(t, &Matrix{Runs: []*Run{linux, built}, Footprint: fp, FootprintFile: "footprint.json", Speed: speed})
	contains(t, "choice table", md,
		"| cgo | yes: needs a C compiler, and `CGO_ENABLED=1` | no |",
		"| Checked on | native: linux/amd64<br>build only: darwin/arm64 (no cgo) ➖ (1) | native: linux/amd64<br>build only: darwin/arm64 (no cgo) |",
		"1. ➖ mattn: requires cgo",
		"| FTS5 | ✅ only with `-tags 'sqlite_fts5'`; a plain build lacks it (2) | ✅ in every build |",
		"2. ➖ mattn, plain build: built without sqlite_fts5",
		"| Time relative to mattn, lower is faster ([micro-benchmarks / workloads](bench.md)) | 1.00x / 1.00x | 1.56x / 1.42x |",
		"| Hello-world binary (Go's own: 2.2 MB) | 7.1 MB; with `-tags 'sqlite_fts5'`: 7.5 MB | 11.0 MB |",
		"| Cold build of the hello world, wall (CPU) (Go's own: 20 s (30 s)) | 60 s (90 s); with tags: 65 s (95 s) | 100 s (150 s) |",
		"| Conformance cases passed | 2/2 | 2/2 |",
		"| Limits that matter | none found | none found |",
		"Sizes and build times ([footprint.json](footprint.json))",
	)
	if strings.Contains(md, "unavailable on darwin") {
		t.Errorf("a build-only record lists a limit:\n%s", md)
	}
}

func TestSwitching(t *testing.T) {
	r := testRun("linux/amd64", true, map[string]conformance.Status{"modernc/A": conformance.Unsupported})
	r.Probes = []Probe{
		{Name: "DefaultForeignKeys", Question: "PRAGMA foreign_keys", Adapter: "sets ON",
			Switch: map[string]string{"mattn→modernc": "different error", "modernc→mattn": "silent data change"}},
		{Name: "Same", Question: "q", Adapter: "a"},
		{Name: "SQLiteVersion", Question: "sqlite_version()", Adapter: "reported"},
		{Name: "Named", Question: "SELECT :a given b", Adapter: "not unified",
			Switch:        map[string]string{"mattn→modernc": "different error", "modernc→mattn": "silent data change"},
			Through:       map[string]string{"mattn": "binds NULL", "modernc": "refused: ErrArgument"},
			ThroughSwitch: map[string]string{"mattn→modernc": "different error", "modernc→mattn": "silent data change"}},
	}
	r.Raw = []Observation{
		{Driver: "mattn", Probe: "DefaultForeignKeys", Answer: "0"}, {Driver: "modernc", Probe: "DefaultForeignKeys", Answer: "1"},
		{Driver: "mattn", Probe: "Same", Answer: "x"}, {Driver: "modernc", Probe: "Same", Answer: "x"},
		{Driver: "mattn", Probe: "SQLiteVersion", Answer: "3.50.0"}, {Driver: "modernc", Probe: "SQLiteVersion", Answer: "3.51.0"},
		{Driver: "mattn", Probe: "Named", Answer: "NULL"}, {Driver: "modernc", Probe: "Named", Answer: "refused: SQL logic error (1)"},
	}
	md, cases := render(t, &Matrix{Runs: []*Run{r}})
	contains(t, "switching section", md,
		"raw-driver probes (4 questions, 1 of them answered alike by every driver",
		"| mattn → modernc | different error: 2 | different error: 2 |",
		"| modernc → mattn | silent data change: 2 | silent data change: 1 |",
		"| DefaultForeignKeys: PRAGMA foreign_keys | 0 | 1 | different error | silent data change | same on both: sets ON |",
		// A SQLite code in a message is set as code, not as a note number.
		"| Named: SELECT :a given b | NULL | refused: SQL logic error `(1)` | different error | silent data change | still differs: mattn binds NULL; modernc refused: ErrArgument |",
		// A probe the adapter does not unify yet is still different through anysqlite.
		"| probe Named: SELECT :a given b | binds NULL | refused: ErrArgument | different error | silent data change |",
		"| Values and types: A | ✅ | ➖ broke on linux/amd64 | different error | none (gains it) |",
	)
	if strings.Contains(md, "| Same:") || strings.Contains(md, "| SQLiteVersion:") {
		t.Errorf("equal answers, or answers that are not behaviour, listed as differences:\n%s", md)
	}
	contains(t, "cases file", cases, "## Raw driver behaviour",
		"*Drivers* says **alike** for the 1 of 4 questions",
		"| Same | q | **alike** | x | x | a |",
		"| SQLiteVersion | sqlite_version() | differ | 3.50.0 | 3.51.0 | reported |",
		"| Named | SELECT :a given b | differ | NULL | refused: SQL logic error `(1)` | not unified: mattn binds NULL; modernc refused: ErrArgument |")
}

// A run whose results predate a probe shows it as not asked, naming the
// runs, rather than letting the others' answer stand for it.
func TestRawAcrossRuns(t *testing.T) {
	probe := func(r *Run, name string, mattn, modernc string) {
		r.Probes = append(r.Probes, Probe{Name: name, Question: "q " + name, Adapter: "a",
			Switch: map[string]string{"mattn→modernc": "silent data change", "modernc→mattn": "silent data change"}})
		r.Raw = append(r.Raw, Observation{Driver: "mattn", Probe: name, Answer: mattn}, Observation{Driver: "modernc", Probe: name, Answer: modernc})
	}
	linux := testRun("linux/amd64", true, nil)
	probe(linux, "Old", "1", "2")
	probe(linux, "New", "3", "4") // not in the other runs' catalogue
	probe(linux, "Agreed", "5", "5")
	arm := testRun("linux/arm64", true, nil)
	arm.Runner = "qemu-aarch64 7.2 (user mode) on linux/amd64"
	probe(arm, "Old", "1", "2")
	probe(arm, "Agreed", "5", "6")
	i386 := testRun("linux/386", false, nil) // sorted first; mattn unavailable
	probe(i386, "Old", "1", "2")
	probe(i386, "Agreed", "5", "5")
	md, cases := render(t, &Matrix{Runs: []*Run{linux, arm, i386}})
	contains(t, "switching section", md,
		"| Old: q Old | 1 | 2 |",
		"| New: q New | *linux/amd64*: 3<br>*linux/arm64 (qemu)*: "+notAsked+" | *linux/amd64*: 4<br>*linux/arm64 (qemu)*: "+notAsked+" |")
	if o, n, a := strings.Index(cases, "| Old |"), strings.Index(cases, "| New |"), strings.Index(cases, "| Agreed |"); !(o < n && n < a) {
		t.Errorf("the probes are not in catalogue order (Old, New, Agreed):\n%s", cases)
	}
	contains(t, "cases file", cases,
		// The runs that did not ask come last, whatever their order.
		"| New | q New | differ | *linux/amd64*: 3<br>*linux/arm64 (qemu)*: "+notAsked+
			" | *linux/amd64*: 4<br>*linux/386 (no cgo), linux/arm64 (qemu)*: "+notAsked+" |",
		// Alike on one platform is not enough.
		"| Agreed | q Agreed | differ | 5 | *linux/386 (no cgo), linux/amd64*: 5<br>*linux/arm64 (qemu)*: 6 |")
}

func TestWriteMarkdownNoRuns(t *testing.T) {
	if err := WriteMarkdown(&bytes.Buffer{}, nil); err == nil {
		t.Error("no error for no runs")
	}
}

// A section of Run.Extra renders through the Section the matrix is given:
// its short form in the matrix, in full in the cases file, its limits in
// the choice table. Results under a key the matrix has no Section for are
// an error, not a section silently left out.
func TestSections(t *testing.T) {
	run := testRun("linux/amd64", true, nil)
	run.Extra = map[string]json.RawMessage{"probe": json.RawMessage(`{"n": 3}`)}
	full := Section{Key: "probe", Render: func(b *bytes.Buffer, runs []*Run) {
		fmt.Fprintf(b, "## Probe\n\nfull: %s\n\n", runs[0].Extra["probe"])
	}}
	md, cases := render(t, &Matrix{Runs: []*Run{run}, Sections: []Section{full}})
	contains(t, "matrix", md, "## Probe\n\nfull: {\"n\": 3}")
	contains(t, "cases file", cases, "## Probe\n\nfull: {\"n\": 3}")

	short := full
	short.Summarize = func(b *bytes.Buffer, runs []*Run, details string) { fmt.Fprintf(b, "## Probe\n\nsee %s\n\n", details) }
	short.Limits = func(runs []*Run) map[string][]Limit {
		return map[string][]Limit{"modernc": {{Short: "probes badly", Note: "the probe says so"}}}
	}
	md, cases = render(t, &Matrix{Runs: []*Run{run}, Sections: []Section{short}})
	contains(t, "matrix", md, "## Probe\n\nsee matrix-cases.md", "probes badly (1)", "1. the probe says so")
	if strings.Contains(md, "full:") {
		t.Errorf("matrix has the full section besides its short form:\n%s", md)
	}
	contains(t, "cases file", cases, "full: {\"n\": 3}")

	for _, m := range []*Matrix{{Runs: []*Run{run}}, {Runs: []*Run{run}, Sections: []Section{{Key: "probe"}}}} {
		if err := m.WriteMarkdown(&bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "extra.probe") {
			t.Errorf("WriteMarkdown with no renderer for extra.probe: %v, want an error naming it", err)
		}
		if err := m.WriteCases(&bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "extra.probe") {
			t.Errorf("WriteCases with no renderer for extra.probe: %v, want an error naming it", err)
		}
	}
}

// TestExceptionsCollapseOneDriversMissingFeature checks that cases whose
// only exception is one driver reporting them unsupported for one reason
// are one line of the exceptions, not a row each, once there are
// collapseMin of them; a case that also fails elsewhere keeps its row.
func TestExceptionsCollapseOneDriversMissingFeature(t *testing.T) {
	r := &Run{Command: "conform -driver=all", Platform: "linux/amd64", GoVersion: "go1.26", Cgo: true}
	cat := Category{Name: "Txn", Title: "Transactions", Doc: "Transactions."}
	for _, name := range []string{"C1", "C2", "C3", "C4", "D"} {
		cat.Cases = append(cat.Cases, CaseDoc{Name: name, Doc: name + " checks", Source: "conformance/txn/x.go:1"})
	}
	r.Categories = []Category{cat}
	for _, d := range []string{"local", "remote"} {
		r.Drivers = append(r.Drivers, Driver{adapter.DriverInfo{Name: d, SQLiteVersion: "3.50.0"}})
		for _, c := range cat.Cases {
			res := conformance.Result{Driver: d, Category: "Txn", Case: c.Name, Status: conformance.Pass}
			switch {
			case d == "remote" && c.Name != "D":
				res.Status, res.Detail = conformance.Unsupported, "no interactive transactions"
			case d == "local" && c.Name == "D":
				res.Status, res.Detail = conformance.Fail, "broke"
			}
			r.Results = append(r.Results, res)
		}
	}
	md, _ := render(t, &Matrix{Runs: []*Run{r}})
	contains(t, "matrix", md,
		"| [Transactions](matrix-cases.md#transactions) | 5 | ✅ 4, ❌ 1 | ✅ 1, ➖ 4 |",
		"- remote: 4 cases unsupported: no interactive transactions ([every case](matrix-cases.md#transactions))",
		"| D | D checks | ❌ (1) | ✅ |",
	)
	if strings.Contains(md, "| C1 |") {
		t.Errorf("a collapsed case has a row of its own:\n%s", md)
	}
}
