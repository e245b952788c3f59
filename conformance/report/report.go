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
	Runner     string                     `json:"runner,omitempty"` // what ran the binary when not the platform itself: "Wine 8.0 on linux/amd64"
	Notes      []string                   `json:"notes,omitempty"`  // what to know about this platform or runner (conform -note)
	Drivers    []Driver                   `json:"drivers"`
	Categories []Category                 `json:"categories"`
	Results    []conformance.Result       `json:"results"`
	Probes     []Probe                    `json:"probes,omitempty"`
	Raw        []Observation              `json:"raw,omitempty"`
	Extra      map[string]json.RawMessage `json:"extra,omitempty"` // sections added by other tools (multi-process runs)
}

// Driver describes a driver as the run saw it.
type Driver struct {
	adapter.DriverInfo
}

// Category is a category's name and description, in catalogue order.
type Category struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Doc   string `json:"doc"`
}

// Probe describes a raw-driver probe: what it asks, and what the adapter
// does about the answers.
type Probe struct {
	Name     string `json:"name"`
	Question string `json:"question"`
	Adapter  string `json:"adapter"`
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
		r.Categories = append(r.Categories, Category{c.Name, c.Title, c.Doc})
	}
	return r
}

// Failed reports whether any case failed.
func (r *Run) Failed() bool {
	return slices.ContainsFunc(r.Results, func(x conformance.Result) bool { return x.Status == conformance.Fail })
}

// WriteJSON writes r as indented JSON.
func (r *Run) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
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
