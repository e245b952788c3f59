package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// event is one line of `go test -json` (test2json) or `conform -json`,
// which uses test2json's words.
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// maxOutputLines bounds the output kept per failure.
const maxOutputLines = 30

// failures reads a test2json stream and returns what failed: every failed
// test or case that has no failed subtest (the leaves, "TestContract/
// SerializeRoundTrip/memory"), each with its output, and every package
// that failed without a failed test (a build error, a panic outside a
// test, a timeout), named "package PATH" with the package's own output.
// Lines that are not JSON (a panic of the command itself) are ignored;
// the caller looks at the exit status too.
func failures(stream []byte) []Failure {
	type key struct{ pkg, test string }
	output := map[key]*strings.Builder{}
	var failed []key
	sc := bufio.NewScanner(bytes.NewReader(stream))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue
		}
		k := key{e.Package, e.Test}
		switch e.Action {
		case "output", "build-output":
			if output[k] == nil {
				output[k] = &strings.Builder{}
			}
			output[k].WriteString(e.Output)
		case "fail", "build-fail":
			if !slices.Contains(failed, k) {
				failed = append(failed, k)
			}
		}
	}
	var out []Failure
	for _, k := range failed {
		hasChild := slices.ContainsFunc(failed, func(o key) bool {
			return o.pkg == k.pkg && (k.test == "" && o.test != "" || k.test != "" && strings.HasPrefix(o.test, k.test+"/"))
		})
		if hasChild {
			continue
		}
		name := k.test
		if name == "" {
			if k.pkg == "" {
				continue // conform's overall result: its failures are the cases
			}
			name = "package " + k.pkg
		}
		var text string
		if b := output[k]; b != nil {
			text = firstLines(testOutput(b.String()), maxOutputLines)
		}
		out = append(out, Failure{Name: name, Package: k.pkg, Output: text})
	}
	return out
}

// testOutput drops the framing lines go test prints around a test's own
// output ("=== RUN", "--- FAIL: ...", "FAIL", "PASS").
func testOutput(s string) string {
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "", t == "FAIL", t == "PASS", strings.HasPrefix(t, "=== "), strings.HasPrefix(t, "--- "),
			strings.HasPrefix(t, "FAIL\t"), strings.HasPrefix(t, "ok  \t"):
			continue
		}
		keep = append(keep, line)
	}
	return strings.Join(keep, "\n")
}
