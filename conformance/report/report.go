// Package report holds the results of conformance runs and renders them as
// the compatibility matrix (docs/matrix.md). A run on one platform is a
// [Run], stored as JSON; runs from several platforms merge into one matrix.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
)

// Run is everything one `conform` run found on one platform.
type Run struct {
	Command    string                     `json:"command"`  // how the run was started
	Platform   string                     `json:"platform"` // GOOS/GOARCH
	GoVersion  string                     `json:"go_version"`
	Tags       []string                   `json:"tags"` // build tags
	Cgo        bool                       `json:"cgo"`
	Runner     string                     `json:"runner,omitempty"`     // what ran the binary when not the platform itself: "Wine 8.0 on linux/amd64"
	BuildOnly  bool                       `json:"build_only,omitempty"` // the platform was cross-compiled and vetted, not run: no results
	Notes      []string                   `json:"notes,omitempty"`      // what to know about this platform or runner (conform -note)
	Drivers    []Driver                   `json:"drivers"`
	Categories []Category                 `json:"categories"`
	Results    []conformance.Result       `json:"results"`
	Probes     []Probe                    `json:"probes,omitempty"`
	Raw        []Observation              `json:"raw,omitempty"`
	Extra      map[string]json.RawMessage `json:"extra,omitempty"` // sections added by other tools (multi-process runs)

	index map[string]int // Results by driver/category/case, built on first use
}

// result finds the result of a case of a driver.
func (r *Run) result(driver, category, name string) (conformance.Result, bool) {
	if r.index == nil {
		r.index = make(map[string]int, len(r.Results))
		for i, x := range r.Results {
			r.index[x.Driver+"/"+x.Category+"/"+x.Case] = i
		}
	}
	i, ok := r.index[driver+"/"+category+"/"+name]
	if !ok {
		return conformance.Result{}, false
	}
	return r.Results[i], true
}

// Driver describes a driver as the run saw it.
type Driver struct {
	adapter.DriverInfo
}

// Category is a category's name and description, and its cases', in
// catalogue order.
type Category struct {
	Name  string    `json:"name"`
	Title string    `json:"title"`
	Doc   string    `json:"doc"`
	Cases []CaseDoc `json:"cases,omitempty"`
}

// Probe describes a raw-driver probe: what it asks, and what the adapter
// does about the answers.
type Probe struct {
	Name     string `json:"name"`
	Question string `json:"question"`
	Adapter  string `json:"adapter"`
	// Through is set while the adapter does not make the drivers answer
	// alike (raw.Probe.Through): what each driver, by name, does through
	// the adapter.
	Through map[string]string `json:"through,omitempty"`
	// Switch classifies the differences between drivers' answers, by
	// ordered pair "from→to": "silent data change", "different error" or
	// "different text only" (raw.Consequence). Pairs that answer alike are
	// absent.
	Switch map[string]string `json:"switch,omitempty"`
	// ThroughSwitch classifies the differences in Through the same way.
	ThroughSwitch map[string]string `json:"through_switch,omitempty"`
}

// Observation is one raw driver's answer to one probe.
type Observation struct {
	Driver string `json:"driver"`
	Probe  string `json:"probe"`
	Answer string `json:"answer"`
}

// NewRun describes this process: platform, Go version, build tags and
// settings, and the catalogue.
func NewRun(command string) *Run {
	r := &Run{Command: command, Platform: runtime.GOOS + "/" + runtime.GOARCH, GoVersion: goMinor(runtime.Version())}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "-tags":
				r.Tags = strings.Split(s.Value, ",")
			case "CGO_ENABLED":
				r.Cgo = s.Value == "1"
			}
		}
	}
	sort.Strings(r.Tags)
	for _, c := range conformance.Categories() {
		r.Categories = append(r.Categories, Category{c.Name, c.Title, c.Doc, caseDocs(c)})
	}
	return r
}

// Key names the platform and cgo setting a run stands for, as "linux/386
// (no cgo)": two runs with one key are results for the same target (an
// emulator's and a real machine's, say).
func (r *Run) Key() string {
	if r.Cgo {
		return r.Platform
	}
	return r.Platform + " (no cgo)"
}

// How says how the platform was checked: "native", "qemu", "Wine 8.0",
// "hosted CI", "build only", or the runner as recorded.
func (r *Run) How() string {
	runner := r.Runner
	switch {
	case r.BuildOnly:
		return "build only"
	case runner == "" || strings.HasPrefix(runner, "native"):
		return "native"
	case strings.Contains(strings.ToLower(runner), "qemu"):
		return "qemu"
	case strings.HasPrefix(runner, "Wine "):
		version, _, _ := strings.Cut(strings.TrimPrefix(runner, "Wine "), " ")
		return "Wine " + version
	case strings.Contains(runner, "hosted"):
		return "hosted CI"
	}
	return runner
}

// Emulated reports a run under an emulator (qemu, Wine): its results are
// the emulator's as much as the platform's.
func (r *Run) Emulated() bool {
	h := r.How()
	return h == "qemu" || strings.HasPrefix(h, "Wine ")
}

// Label names the run in a merged matrix: its platform, then "no cgo" and
// how it was checked unless natively: "linux/386 (no cgo)",
// "windows/amd64 (Wine 8.0)".
func (r *Run) Label() string {
	var parts []string
	if !r.Cgo {
		parts = append(parts, "no cgo")
	}
	if h := r.How(); h != "native" {
		parts = append(parts, h)
	}
	if len(parts) == 0 {
		return r.Platform
	}
	return r.Platform + " (" + strings.Join(parts, ", ") + ")"
}

// Prefer drops the runs that others replace: an emulated or build-only run
// when a run for the same Key ran natively or on hosted CI, and a
// build-only run when an emulated one exists.
func Prefer(runs []*Run) []*Run {
	rank := func(r *Run) int {
		switch {
		case r.BuildOnly:
			return 0
		case r.Emulated():
			return 1
		}
		return 2
	}
	best := map[string]int{}
	for _, r := range runs {
		best[r.Key()] = max(best[r.Key()], rank(r))
	}
	var out []*Run
	for _, r := range runs {
		if rank(r) == best[r.Key()] {
			out = append(out, r)
		}
	}
	return out
}

// Failed reports whether any case failed, other than a known difference
// of its driver (Result.Known).
func (r *Run) Failed() bool {
	return slices.ContainsFunc(r.Results, func(x conformance.Result) bool { return x.Status == conformance.Fail && !x.Known })
}

// WriteJSON writes r as indented JSON, without HTML escapes.
func (r *Run) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // the JSON is read as text too: "a && b", not "a \u0026\u0026 b"
	return enc.Encode(r)
}

// ReadFile reads a Run written by WriteJSON.
func ReadFile(path string) (*Run, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Run
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// goMinor shortens "go1.26.8" to "go1.26": the matrix should not change
// with a patch release of Go, and the SQLite versions are pinned by go.mod.
func goMinor(v string) string {
	if i := strings.Index(v, "."); i >= 0 {
		if j := strings.Index(v[i+1:], "."); j >= 0 {
			return v[:i+1+j]
		}
	}
	return v
}
