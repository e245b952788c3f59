package report

import (
	"encoding/json"
	"fmt"
	"os"
)

// Footprint is what a minimal program costs with each driver: the binary
// size and cold build time of examples/hello/DRIVER, and which features a
// build with and without build tags has. `conform footprint` measures it
// (make footprint) into docs/footprint.json; the matrix's choice table
// shows it.
type Footprint struct {
	Command   string `json:"command"`
	Machine   string `json:"machine"` // "linux/amd64, 2 CPUs"
	GoVersion string `json:"go_version"`
	// Method says how the builds were made and timed.
	Method   string         `json:"method"`
	Baseline Build          `json:"baseline"` // a Go hello world without SQLite, built the same way
	Drivers  []DriverBuilds `json:"drivers"`
}

// DriverBuilds are the builds of one driver's hello program: a plain one,
// then one with build tags if the tags change which files the driver
// compiles.
type DriverBuilds struct {
	Driver string  `json:"driver"`
	Builds []Build `json:"builds"`
}

// Build is one cold build of a program, and what the program printed.
type Build struct {
	Package     string            `json:"package"`
	Tags        []string          `json:"tags,omitempty"`
	Cgo         bool              `json:"cgo"`
	Bytes       int64             `json:"bytes"`
	WallSeconds float64           `json:"wall_seconds"` // elapsed, on a machine possibly shared
	CPUSeconds  float64           `json:"cpu_seconds"`  // user + system time of go build and its children
	SQLite      string            `json:"sqlite,omitempty"`
	Features    map[string]string `json:"features,omitempty"` // feature → "ok", or why it is missing
}

// Plain returns the build without tags.
func (d DriverBuilds) Plain() Build { return d.Builds[0] }

// Tagged returns the build with tags, or the plain one if the tags change
// nothing for the driver.
func (d DriverBuilds) Tagged() Build { return d.Builds[len(d.Builds)-1] }

// ReadFootprint reads a Footprint written by `conform footprint`.
func ReadFootprint(path string) (*Footprint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f Footprint
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, d := range f.Drivers {
		if len(d.Builds) == 0 {
			return nil, fmt.Errorf("%s: driver %s has no builds", path, d.Driver)
		}
	}
	return &f, nil
}

// driverBuilds finds a driver's builds.
func (f *Footprint) driverBuilds(name string) (DriverBuilds, bool) {
	if f == nil {
		return DriverBuilds{}, false
	}
	for _, d := range f.Drivers {
		if d.Driver == name {
			return d, true
		}
	}
	return DriverBuilds{}, false
}
