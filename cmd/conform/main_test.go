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

	merged := filepath.Join(dir, "merged.md")
	if code, _, stderr := conform(t, "merge", "-o", merged, filepath.Join(dir, "matrix.json"), filepath.Join(dir, "matrix.json")); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(merged); !strings.Contains(string(b), "modernc<br>") {
		t.Errorf("merged matrix has no per-platform columns")
	}
}
