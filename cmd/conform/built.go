package main

import (
	"flag"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/report"
)

// built records a platform that was cross-compiled and vetted but not run
// (`conform built`, from platforms/run.sh's build-only targets): a
// report.Run with BuildOnly set, no results, and the linked drivers as the
// build has them (a cgo driver unavailable when cgo is off), so that the
// matrix can say which platforms were only built.
func built(args []string, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("conform built", flag.ContinueOnError)
	fs.SetOutput(stderr)
	platform := fs.String("platform", "", "GOOS/GOARCH of the build (required)")
	cgo := fs.Bool("cgo", false, "whether the build had cgo")
	command := fs.String("command", "", "how the platform was built and checked, as shown in the matrix (required)")
	tags := fs.String("tags", "", "the build tags, space-separated")
	runner := fs.String("runner", "cross-compiled on "+runtime.GOOS+"/"+runtime.GOARCH+", not run", "where it was built")
	out := fs.String("o", "", "write the record to this .json file (required)")
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	if *platform == "" || !strings.Contains(*platform, "/") || *command == "" || !strings.HasSuffix(*out, ".json") || fs.NArg() > 0 {
		return 2, usageError{"usage: conform built -platform GOOS/GOARCH [-cgo] [-tags TAGS] -command CMD -o FILE.json"}
	}
	r := report.NewRun(*command)
	r.Platform, r.Cgo, r.Runner, r.BuildOnly = *platform, *cgo, *runner, true
	r.Tags = strings.Fields(*tags)
	r.Categories = nil // nothing ran
	for _, name := range adapter.Drivers() {
		d, err := adapter.Lookup(name)
		if err != nil {
			return 1, err
		}
		info := d.Info()
		info = adapter.DriverInfo{Name: info.Name, Module: info.Module, ModuleVersion: info.ModuleVersion, Cgo: info.Cgo}
		if info.Cgo && !*cgo {
			info.Unavailable = name + " requires cgo (this binary was built with CGO_ENABLED=0)"
		}
		r.Drivers = append(r.Drivers, report.Driver{DriverInfo: info})
	}
	f, err := os.Create(*out)
	if err != nil {
		return 1, err
	}
	if err := r.WriteJSON(f); err != nil {
		f.Close()
		return 1, err
	}
	return 0, f.Close()
}
