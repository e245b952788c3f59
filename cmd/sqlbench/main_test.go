package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anysqlite/anysqlite/bench/workload"
)

// TestWorkloadsAndReport runs every workload at the tiny size on every
// available driver, as make bench does at full size, then the report on
// its results and a fixed piece of go test -bench output. It checks what
// ran and what was written, never how fast.
func TestWorkloadsAndReport(t *testing.T) {
	dir := t.TempDir()
	results := filepath.Join(dir, "workloads.json")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-size=tiny", "-count=1", "-json", "-o", results, "-dir", dir}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, err := os.Open(results)
	if err != nil {
		t.Fatal(err)
	}
	res, err := workload.ReadJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Drivers) == 0 || len(res.Workloads) != len(workload.Workloads)*len(res.Drivers) {
		t.Fatalf("%d drivers, %d results", len(res.Drivers), len(res.Workloads))
	}
	for _, r := range res.Workloads {
		w, ok := workload.Lookup(r.Workload)
		if !ok || len(r.Runs) != 1 || r.Runs[0].Rows != w.ExpectedRows(res.Params) {
			t.Errorf("%s on %s: %+v", r.Workload, r.Driver, r.Runs)
		}
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, "*.db*")); len(entries) > 0 {
		t.Errorf("database files left behind: %v", entries)
	}

	bench := filepath.Join(dir, "bench.txt")
	err = os.WriteFile(bench, []byte(`goos: linux
goarch: amd64
cpu: Test CPU
BenchmarkSQL/Get/driver=mattn/impl=adapter-2   	1000	1000 ns/op	400 B/op	10 allocs/op
BenchmarkSQL/Get/driver=mattn/impl=raw-2       	1000	2000 ns/op	900 B/op	30 allocs/op
BenchmarkSQL/Get/driver=mattn/impl=prepared-2  	1000	1000 ns/op	800 B/op	28 allocs/op
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	md := filepath.Join(dir, "docs", "bench.md")
	if err := os.Mkdir(filepath.Dir(md), 0o755); err != nil {
		t.Fatal(err)
	}
	code = run(context.Background(), []string{"report", "-workloads", results, "-benchtime", "1x", "-o", md, bench}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr.String())
	}
	text, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"](bench.svg)", "| Get | 1.00 µs | 2.00 µs | 1.00 µs | 0.50x ✓ |", "## Workloads", "| concurrent |"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("bench.md lacks %q:\n%s", want, text)
		}
	}
	svg, err := os.ReadFile(filepath.Join(dir, "docs", "bench.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(svg, new(struct{})); err != nil {
		t.Errorf("bench.svg: %v", err)
	}
}

func TestText(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-size=tiny", "-driver=modernc", "-run=^many$", "-dir", t.TempDir()}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if out := stdout.String(); !strings.Contains(out, "many      modernc") || strings.Contains(out, "simple") {
		t.Errorf("output:\n%s", out)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-size=huge"},
		{"-count=0"},
		{"-driver=sqlite4"},
		{"-run=("},
		{"-run=nothing"},
		{"extra"},
		{"-nosuchflag"},
		{"report"},
		{"report", "-nosuchflag"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"report", "-o", "-", filepath.Join(t.TempDir(), "missing.txt")}, &stdout, &stderr); code != 1 {
		t.Errorf("missing input: exit %d, want 1", code)
	}
	if code := run(context.Background(), []string{"-h"}, &stdout, &stderr); code != 0 {
		t.Errorf("-h: exit %d, want 0", code)
	}
}
