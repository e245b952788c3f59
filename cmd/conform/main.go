// Command conform runs the anysqlite conformance suite on the linked
// drivers and writes the compatibility matrix.
//
//	conform -driver=all -o docs/matrix.md    # run everything, write docs/matrix.md and docs/matrix.json
//	conform -driver=mattn,ncruces -run FTS5  # some drivers, some cases, report on the terminal
//	conform -json                            # newline-delimited events (test2json's words) on stdout
//	conform -check docs/matrix.md            # exit 1 if regenerating would change the file
//	conform merge -o docs/matrix.md linux.json windows.json   # one matrix from several platforms' runs
//
// Exit status: 0 all cases pass, 1 a case failed (or -check found a
// difference), 2 usage error.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
	"github.com/anysqlite/anysqlite/conformance/report"
	_ "github.com/anysqlite/anysqlite/drivers/all"
	"github.com/anysqlite/anysqlite/stress"
)

// usageError is reported with exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	code, err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "conform:", err)
		if _, ok := err.(usageError); ok {
			code = 2
		}
	}
	os.Exit(code)
}

// options are the parsed flags of a run.
type options struct {
	drivers    []string
	match      *regexp.Regexp
	json       bool
	out        string
	check      string
	verbose    bool
	raw        bool
	rawNcruces string
	stress     bool
	stressSize string
	command    string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) > 0 {
		switch args[0] {
		case "merge":
			return merge(args[1:], stderr)
		case "worker": // hidden: a child process of the multi-process runs
			return stressWorker(ctx, args[1:], stdout, stderr)
		}
	}
	fs := flag.NewFlagSet("conform", flag.ContinueOnError)
	fs.SetOutput(stderr)
	driverFlag := fs.String("driver", "all", "comma-separated drivers to run, or all")
	runFlag := fs.String("run", "", "run only cases whose Category/Case matches this regular expression")
	var o options
	fs.BoolVar(&o.json, "json", false, "print newline-delimited JSON events (test2json's words) on stdout")
	fs.StringVar(&o.out, "o", "", "write the matrix to this .md file (and the results beside it as .json), or only the results to a .json file")
	fs.StringVar(&o.check, "check", "", "compare the matrix with this .md file; exit 1 if it would change")
	fs.BoolVar(&o.verbose, "v", false, "print every case's result")
	fs.BoolVar(&o.raw, "raw", true, "run the raw-driver probes (the matrix's second table)")
	fs.StringVar(&o.rawNcruces, "raw-ncruces", "", "a prebuilt conformance/raw/ncrucesprobe binary (default: go run it from the module source)")
	fs.BoolVar(&o.stress, "stress", false, "also run the multi-process and crash scenarios (the matrix's last section)")
	fs.StringVar(&o.stressSize, "stress-size", "ci", "size of the multi-process runs: ci (short) or soak (long)")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0, nil
		}
		return 2, nil
	}
	if fs.NArg() > 0 {
		return 2, usageError{"unexpected arguments: " + strings.Join(fs.Args(), " ")}
	}
	var err error
	if o.drivers, err = selectDrivers(*driverFlag); err != nil {
		return 2, err
	}
	if *runFlag != "" {
		if o.match, err = regexp.Compile(*runFlag); err != nil {
			return 2, usageError{"-run: " + err.Error()}
		}
	}
	if o.stress {
		if _, err := stress.SizeNamed(o.stressSize); err != nil {
			return 2, usageError{"-stress-size: " + err.Error()}
		}
	}
	if o.out != "" && !strings.HasSuffix(o.out, ".md") && !strings.HasSuffix(o.out, ".json") {
		return 2, usageError{"-o must name a .md or .json file"}
	}
	o.command = "conform -driver=" + *driverFlag
	if *runFlag != "" {
		o.command += " -run=" + *runFlag
	}
	if o.stress {
		o.command += " -stress"
	}
	return execute(ctx, o, stdout, stderr)
}

// selectDrivers resolves -driver.
func selectDrivers(flagValue string) ([]string, error) {
	linked := adapter.Drivers()
	if flagValue == "all" {
		return linked, nil
	}
	var names []string
	for _, name := range strings.Split(flagValue, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(linked, name) {
			return nil, usageError{fmt.Sprintf("unknown driver %q: linked drivers are %s", name, strings.Join(linked, ", "))}
		}
		names = append(names, name)
	}
	return names, nil
}

func execute(ctx context.Context, o options, stdout, stderr io.Writer) (int, error) {
	rep := report.NewRun(o.command)
	var openers []conformance.Opener
	for _, name := range o.drivers {
		info, err := describe(ctx, name)
		if err != nil {
			return 1, fmt.Errorf("driver %s: %w", name, err)
		}
		rep.Drivers = append(rep.Drivers, report.Driver{DriverInfo: info})
		if info.Unavailable == "" {
			openers = append(openers, conformance.Driver(name))
		}
	}
	var match func(string, string) bool
	if o.match != nil {
		match = func(cat, name string) bool { return o.match.MatchString(cat + "/" + name) }
	}
	var p progress
	switch {
	case o.json:
		p = &jsonEvents{w: stdout}
	default:
		p = newTextProgress(stderr, o.verbose)
	}
	rep.Results = conformance.RunAll(ctx, openers, match, p.update)
	p.done()
	if o.raw && o.match == nil {
		if err := observeRaw(ctx, rep, o.drivers, o.rawNcruces); err != nil {
			fmt.Fprintln(stderr, "conform: raw-driver probes:", err)
		}
	}
	stressFailed := false
	if o.stress {
		var err error
		if stressFailed, err = runStress(ctx, rep, o, stderr); err != nil {
			return 1, fmt.Errorf("multi-process runs: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return 1, err
	}
	code := 0
	if rep.Failed() || stressFailed {
		code = 1
	}
	if o.out != "" {
		if err := write(rep, o.out); err != nil {
			return 1, err
		}
	}
	if o.check != "" {
		same, err := check(rep, o.check)
		if err != nil {
			return 1, err
		}
		if !same {
			fmt.Fprintf(stderr, "conform: %s is out of date: regenerate it with make matrix\n", o.check)
			code = 1
		}
	}
	return code, nil
}

// describe returns the driver's info, completed from a live connection when
// the driver is available.
func describe(ctx context.Context, name string) (adapter.DriverInfo, error) {
	d, err := adapter.Lookup(name)
	if err != nil {
		return adapter.DriverInfo{}, err
	}
	if d.Info().Unavailable != "" {
		return d.Info(), nil
	}
	dir, err := os.MkdirTemp("", "conform-info-")
	if err != nil {
		return adapter.DriverInfo{}, err
	}
	defer os.RemoveAll(dir)
	db, err := adapter.Open(ctx, filepath.Join(dir, "info.db"), &adapter.Options{Driver: name})
	if err != nil {
		return adapter.DriverInfo{}, err
	}
	defer db.Close()
	return db.Driver(), nil
}

// write saves the matrix and/or the results.
func write(rep *report.Run, out string) error {
	jsonPath := out
	if strings.HasSuffix(out, ".md") {
		jsonPath = strings.TrimSuffix(out, ".md") + ".json"
		var md bytes.Buffer
		if err := report.WriteMarkdown(&md, []*report.Run{rep}); err != nil {
			return err
		}
		if err := os.WriteFile(out, md.Bytes(), 0o644); err != nil {
			return err
		}
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		return err
	}
	return os.WriteFile(jsonPath, js.Bytes(), 0o644)
}

// check reports whether the matrix in path is what rep renders.
func check(rep *report.Run, path string) (bool, error) {
	old, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	var md bytes.Buffer
	if err := report.WriteMarkdown(&md, []*report.Run{rep}); err != nil {
		return false, err
	}
	return bytes.Equal(old, md.Bytes()), nil
}

// merge renders one matrix from several runs' JSON results.
func merge(args []string, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("conform merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the merged matrix to this .md file (required)")
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	if *out == "" || !strings.HasSuffix(*out, ".md") || fs.NArg() == 0 {
		return 2, usageError{"usage: conform merge -o MATRIX.md RESULTS.json..."}
	}
	var runs []*report.Run
	code := 0
	for _, path := range fs.Args() {
		r, err := report.ReadFile(path)
		if err != nil {
			return 1, err
		}
		if r.Failed() {
			code = 1
		}
		runs = append(runs, r)
	}
	var md bytes.Buffer
	if err := report.WriteMarkdown(&md, runs); err != nil {
		return 1, err
	}
	return code, os.WriteFile(*out, md.Bytes(), 0o644)
}
