package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anysqlite/anysqlite/conformance"
	"github.com/anysqlite/anysqlite/conformance/report"
)

func conform(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code, err := run(context.Background(), args, &out, &errb)
	if err != nil {
		errb.WriteString(err.Error())
		if _, ok := err.(usageError); ok {
			code = 2
		}
	}
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-nope"},
		{"-driver=sqlite4"},
		{"-run=("},
		{"-o", "matrix.txt"},
		{"extra"},
		{"merge"},
		{"merge", "-o", "x.md"},
	} {
		if code, _, stderr := conform(t, args...); code != 2 {
			t.Errorf("conform %v: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
}

// A small run: one category on one driver, then -check, -json and merge on
// its output.
func TestRunCheckJSONMerge(t *testing.T) {
	dir := t.TempDir()
	md := filepath.Join(dir, "matrix.md")
	args := []string{"-driver=modernc", "-run=^Types/", "-raw=false"}
	code, _, stderr := conform(t, append(args, "-o", md)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	body, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), "| modernc |") || !strings.Contains(string(body), "✅") {
		t.Errorf("matrix lacks the driver column or results:\n%s", body)
	}
	if _, err := os.Stat(filepath.Join(dir, "matrix.json")); err != nil {
		t.Errorf("no JSON beside the matrix: %v", err)
	}
	cases, err := os.ReadFile(filepath.Join(dir, "matrix-cases.md"))
	if err != nil {
		t.Fatalf("no cases file beside the matrix: %v", err)
	}
	// Every case with what it checks and a link to its source line.
	if !strings.Contains(string(cases), "/conformance/types/null.go#L") || !strings.Contains(string(cases), "| What it checks | Expected |") {
		t.Errorf("cases file lacks the case docs and source links:\n%s", cases)
	}

	if code, _, stderr := conform(t, append(args, "-check", md)...); code != 0 {
		t.Errorf("-check of a fresh matrix: exit %d: %s", code, stderr)
	}
	os.WriteFile(md, append(body, "edited\n"...), 0o644)
	if code, _, _ := conform(t, append(args, "-check", md)...); code != 1 {
		t.Errorf("-check of an edited matrix: exit %d, want 1", code)
	}

	code, stdout, _ := conform(t, append(args, "-json")...)
	if code != 0 {
		t.Fatalf("-json: exit %d", code)
	}
	actions := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(stdout))
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("not JSON: %q", sc.Text())
		}
		if e.Test == "" { // the run's overall result
			if e.Action != "pass" {
				t.Errorf("overall %q", e.Action)
			}
			continue
		}
		actions[e.Action]++
		if !strings.HasPrefix(e.Test, "modernc/Types/") {
			t.Errorf("event for %q", e.Test)
		}
	}
	if actions["run"] == 0 || actions["run"] != actions["pass"]+actions["fail"]+actions["skip"] {
		t.Errorf("events %v: every run needs one result", actions)
	}

	other := otherPlatform(t, filepath.Join(dir, "matrix.json"), filepath.Join(dir, "other.json"), "windows/amd64", nil)
	merged := filepath.Join(dir, "merged.md")
	if code, _, stderr := conform(t, "merge", "-o", merged, "-bench", "../../docs/bench.md", "-footprint", "../../docs/footprint.json",
		filepath.Join(dir, "matrix.json"), other); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	otherRun, err := report.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(casesPath(merged)); !strings.Contains(string(b), "modernc<br>"+otherRun.Label()) {
		t.Errorf("merged matrix has no per-platform columns:\n%s", b)
	}
	b, _ := os.ReadFile(merged)
	for _, want := range []string{"| Time relative to mattn, lower is faster ([micro-benchmarks / workloads](", "| Hello-world binary (Go's own: "} {
		if !strings.Contains(string(b), want) {
			t.Errorf("merged matrix lacks the measured row %q:\n%s", want, b)
		}
	}
	if code, _, _ := conform(t, "merge", "-o", merged, filepath.Join(dir, "matrix.json"), filepath.Join(dir, "matrix.json")); code != 2 {
		t.Errorf("merge of two runs of one platform: exit %d, want 2", code)
	}
}

// otherPlatform copies the results in src to dst as if run on platform,
// with the cases named in fail failing there.
func otherPlatform(t *testing.T, src, dst, platform string, fail map[string]string) string {
	t.Helper()
	r, err := report.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	r.Platform, r.Runner = platform, "an emulator"
	r.Notes = []string{"a note on " + platform}
	for i, x := range r.Results {
		if detail, ok := fail[x.Case]; ok {
			r.Results[i].Status, r.Results[i].Detail = conformance.Fail, detail
		}
	}
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// -merge renders this run with other platforms' committed results: their
// columns, their failures (named by platform), their notes; a file of this
// run's own platform is left out; -check compares the merged matrix.
func TestMergeFlag(t *testing.T) {
	dir := t.TempDir()
	plat := filepath.Join(dir, "platforms")
	os.Mkdir(plat, 0o755)
	args := []string{"-driver=modernc", "-run=^Types/(NilIsNull|EmptyBlobIsNotNull)$", "-raw=false"}
	live := filepath.Join(dir, "live.json")
	if code, _, stderr := conform(t, append(args, "-o", live)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, err := report.ReadFile(live)
	if err != nil || len(r.Results) < 2 {
		t.Fatalf("results: %v, %v", r, err)
	}
	failing := r.Results[0].Case
	otherPlatform(t, live, filepath.Join(plat, "windows-amd64.json"), "windows/amd64", map[string]string{failing: "it broke\nsecond line"})
	otherPlatform(t, live, filepath.Join(plat, "linux-arm64.json"), "linux/arm64", nil)
	os.Rename(live, filepath.Join(plat, "self.json")) // this run's platform: replaced by the live run

	md := filepath.Join(dir, "matrix.md")
	code, _, stderr := conform(t, append(args, "-merge", filepath.Join(plat, "*.json"), "-o", md)...)
	if code != 0 {
		t.Fatalf("-merge: exit %d (a merged failure must not fail the run): %s", code, stderr)
	}
	if !strings.Contains(stderr, "leaving out") {
		t.Errorf("no word about the file of this run's platform: %s", stderr)
	}
	b, _ := os.ReadFile(md)
	body := string(b)
	c, _ := os.ReadFile(casesPath(md))
	cases := string(c)
	win, err := report.ReadFile(filepath.Join(plat, "windows-amd64.json"))
	if err != nil {
		t.Fatal(err)
	}
	arm, err := report.ReadFile(filepath.Join(plat, "linux-arm64.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"modernc<br>" + arm.Label(), "modernc<br>" + win.Label(),
		"| ❌ " + win.Label() + " (1)<br>✅ elsewhere |",
		"1. ❌ modernc on " + win.Label() + " " + failing + ": it broke\n",
	} {
		if !strings.Contains(cases, want) {
			t.Errorf("merged cases file lacks %q:\n%s", want, cases)
		}
	}
	for _, want := range []string{
		"### Values and types: exceptions",
		"| ❌ " + win.Label() + " (1)<br>✅ elsewhere |",
		"- **" + win.Label() + "**: a note on windows/amd64",
		"| " + win.Key() + " | " + r.GoVersion,
		"an emulator",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("merged matrix lacks %q:\n%s", want, body)
		}
	}
	if strings.Count(cases, "modernc<br>"+r.Label()+" |") != 1 {
		t.Errorf("this run's platform should have one summary column:\n%s", cases)
	}
	if code, _, stderr := conform(t, append(args, "-merge", filepath.Join(plat, "*.json"), "-check", md)...); code != 0 {
		t.Errorf("-check of a fresh merged matrix: exit %d: %s", code, stderr)
	}
	if code, _, _ := conform(t, append(args, "-check", md)...); code != 1 {
		t.Errorf("-check without -merge of a merged matrix: exit %d, want 1", code)
	}
	// A catalogue change since the platform files were made is pointed out.
	if _, _, stderr := conform(t, "-driver=modernc", "-run=^Types/", "-raw=false", "-merge", filepath.Join(plat, "*.json"), "-o", md); !strings.Contains(stderr, "regenerate them") {
		t.Errorf("no word about stale platform results: %s", stderr)
	}
	if code, _, _ := conform(t, append(args, "-merge", filepath.Join(dir, "none", "*.json"), "-o", md)...); code != 1 {
		t.Errorf("-merge matching no file: exit %d, want 1", code)
	}
	if code, _, _ := conform(t, append(args, "-merge", filepath.Join(plat, "*.json"))...); code != 2 {
		t.Errorf("-merge without a matrix: exit %d, want 2", code)
	}
}

// -runner and -note are recorded in the results and shown in the matrix.
func TestRunnerAndNotes(t *testing.T) {
	md := filepath.Join(t.TempDir(), "m.md")
	code, _, stderr := conform(t, "-driver=modernc", "-run=^Types/(NilIsNull|EmptyBlobIsNotNull)$", "-raw=false", "-runner", "Wine 8.0", "-note", "first", "-note", "second", "-o", md)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, err := report.ReadFile(strings.TrimSuffix(md, ".md") + ".json")
	if err != nil {
		t.Fatal(err)
	}
	if r.Runner != "Wine 8.0" || len(r.Notes) != 2 || r.Notes[1] != "second" {
		t.Errorf("runner %q, notes %q", r.Runner, r.Notes)
	}
	b, _ := os.ReadFile(md)
	if !strings.Contains(string(b), "| Wine 8.0 |") || !strings.Contains(string(b), "- **"+r.Label()+"**: second\n") {
		t.Errorf("matrix lacks the runner or the notes:\n%s", b)
	}
}

// conform built records a platform that was only built: no results, a
// cgo driver unavailable without cgo; -merge shows it as build only.
func TestBuilt(t *testing.T) {
	dir := t.TempDir()
	rec := filepath.Join(dir, "darwin-arm64.json")
	if code, _, stderr := conform(t, "built", "-platform", "darwin/arm64", "-command", "go build ./...", "-o", rec); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, err := report.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !r.BuildOnly || r.Platform != "darwin/arm64" || r.Cgo || len(r.Results) != 0 || r.How() != "build only" {
		t.Errorf("record %+v", r)
	}
	for _, d := range r.Drivers {
		if (d.Unavailable != "") != d.Cgo {
			t.Errorf("driver %s: cgo %v, unavailable %q", d.Name, d.Cgo, d.Unavailable)
		}
	}
	md := filepath.Join(dir, "matrix.md")
	args := []string{"-driver=modernc", "-run=^Types/NilIsNull$", "-raw=false"}
	code, _, stderr := conform(t, append(args, "-merge", rec, "-o", md)...)
	if code != 0 || strings.Contains(stderr, "regenerate") {
		t.Fatalf("-merge of a build-only record: exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(md)
	if !strings.Contains(string(b), "build only: darwin/arm64 (no cgo)") {
		t.Errorf("matrix does not show the build-only platform:\n%s", b)
	}
	if code, _, _ := conform(t, "built", "-platform", "darwin"); code != 2 {
		t.Errorf("built without -command and -o: exit %d, want 2", code)
	}
}

// footprint builds tagged variants only where the tags change the files.
func TestTagsChangeFiles(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	tags := []string{"sqlite_fts5", "sqlite_math_functions"}
	cgo := cgoSetting() == "1" // without cgo, mattn's tagged files are left out too
	for pkg, want := range map[string]bool{"./examples/hello/mattn": cgo, "./examples/hello/modernc": false} {
		got, err := tagsChangeFiles(context.Background(), root, pkg, tags)
		if err != nil || got != want {
			t.Errorf("%s: %v, %v; want %v", pkg, got, err, want)
		}
	}
}
