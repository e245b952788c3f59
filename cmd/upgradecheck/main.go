// Command upgradecheck tells what would break if each driver moved to the
// newest version the module proxy serves. For each driver it copies the
// module to a temporary directory, runs `go get MODULE@latest` there,
// builds everything, runs the driver's contract tests (go test
// ./drivers/NAME/..., which run adapter/drivertest.TestDriver) and the
// conformance suite on that driver (conform -driver=NAME -raw=false), and
// reports per driver what broke. The module itself is never changed.
//
//	upgradecheck                      # every driver, a report on stdout
//	upgradecheck -driver=mattn,modernc
//	upgradecheck -json -o upgrade.json
//
// A test or case that fails after the upgrade is run again at the version
// the module requires, so the report tells the failures the upgrade
// causes from those it only inherits. A new version that needs a newer
// Go than the one running is reported as broken (GOTOOLCHAIN=local), not
// fetched.
//
// Exit status: 0 every driver is at its newest version or passes after
// the upgrade, 1 a driver broke or could not be checked, 2 usage error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	code, err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "upgradecheck:", err)
	}
	os.Exit(code)
}

// options are the parsed flags.
type options struct {
	targets []target
	tags    string
	json    bool
	out     string
	module  string // the module's directory
	keep    bool
	verbose bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	o, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, nil
		}
		return 2, err
	}
	root, err := moduleRoot(ctx, o.module)
	if err != nil {
		return 2, err
	}
	work, err := os.MkdirTemp("", "upgradecheck-")
	if err != nil {
		return 1, err
	}
	if o.keep {
		fmt.Fprintf(stderr, "upgradecheck: keeping the copies in %s\n", work)
	} else {
		defer os.RemoveAll(work)
	}
	c := &checker{root: root, work: work, tags: o.tags, log: stderr}
	if o.verbose {
		c.verbose = stderr
	}
	var results []Result
	for _, t := range o.targets {
		if err := ctx.Err(); err != nil {
			return 1, err
		}
		r := c.check(ctx, t)
		fmt.Fprintf(stderr, "upgradecheck: %s: %s\n", t.Name, r.headline())
		results = append(results, r)
	}
	if err := write(o, results, stdout); err != nil {
		return 1, err
	}
	if slices.ContainsFunc(results, func(r Result) bool {
		return r.Status == StatusBroke || r.Status == StatusFailing || r.Status == StatusUnchecked
	}) {
		return 1, nil
	}
	return 0, nil
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("upgradecheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	driverFlag := fs.String("driver", "all", "comma-separated drivers to check ("+strings.Join(targetNames(), ", ")+"), or all")
	fs.StringVar(&o.tags, "tags", "sqlite_fts5 sqlite_math_functions", "build tags for the builds, tests and conformance runs")
	fs.BoolVar(&o.json, "json", false, "write the report as JSON")
	fs.StringVar(&o.out, "o", "", "write the report to this file instead of stdout")
	fs.StringVar(&o.module, "module", ".", "a directory of the module to check (its copy is changed, never it)")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary copies (their paths are printed)")
	fs.BoolVar(&o.verbose, "v", false, "print the commands' output as they run")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	var err error
	o.targets, err = selectTargets(*driverFlag)
	return o, err
}

// moduleRoot returns the directory of the main module of dir.
func moduleRoot(ctx context.Context, dir string) (string, error) {
	out, err := goCmd{dir: dir}.output(ctx, "env", "GOMOD")
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("-module %s: not in a Go module (%v)", dir, err)
	}
	return filepath.Dir(gomod), nil
}

// write prints the report, as text or JSON, to stdout or -o.
func write(o options, results []Result, stdout io.Writer) error {
	w := stdout
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if o.json {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return err
		}
	} else if err := writeText(w, results); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && o.out != "" {
		return f.Close()
	}
	return nil
}
