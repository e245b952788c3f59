// Command conform runs the anysqlite conformance suite on the linked
// drivers and writes the compatibility matrix.
//
//	conform -driver=all -o docs/matrix.md    # run everything, write docs/matrix.md and docs/matrix.json
//	conform -driver=mattn,ncruces -run FTS5  # some drivers, some cases, report on the terminal
//	conform -json                            # newline-delimited events (test2json's words) on stdout
//	conform -check docs/matrix.md            # exit 1 if regenerating would change the file
//	conform merge -o docs/matrix.md linux.json windows.json   # one matrix from several platforms' runs
//	conform -o docs/matrix.md -merge 'docs/platforms/*.json'  # this run and other platforms' committed runs in one matrix
//	conform footprint -o docs/footprint.json  # binary size and cold build time of a hello world per driver
//	conform failover -o docs/failover.json    # the failover ledger on rqlite clusters, for the matrix (-failover)
//	conform built -platform darwin/arm64 -command '...' -o docs/platforms/darwin-arm64.json  # a platform only built
//
// Exit status: 0 all cases pass, 1 a case failed (or -check found a
// difference), 2 usage error.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
	"github.com/anysqlite/anysqlite/conformance/report"
	"github.com/anysqlite/anysqlite/conformance/spec"
	_ "github.com/anysqlite/anysqlite/drivers/all"
	_ "github.com/anysqlite/anysqlite/drivers/rqlite" // remote: its runs start a cluster (remote.go)
	"github.com/anysqlite/anysqlite/stress"
)

// usageError is reported with exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	conformance.ServePeer() // a case's second process (a writer elsewhere): serves it and exits
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
	rqlited    string // -rqlited: a prebuilt rqlited for the rqlite driver's cluster
	stress     bool
	stressSize string
	command    string
	merge      []string // -merge: globs of other platforms' results, rendered with this run
	runner     string
	notes      []string
	storm      spec.Storm // -storm, -storm-seed: the adversity storms
	facts      facts
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) > 0 {
		switch args[0] {
		case "merge":
			return merge(args[1:], stderr)
		case "built":
			return built(args[1:], stderr)
		case "footprint":
			return footprint(ctx, args[1:], stderr)
		case "failover":
			return failover(ctx, args[1:], stderr)
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
	fs.StringVar(&o.rqlited, "rqlited", "", "a prebuilt rqlited v8 for the rqlite driver's 3-node cluster (default: $ANYSQLITE_RQLITED, else built from tools/rqlited and cached)")
	fs.BoolVar(&o.stress, "stress", false, "also run the multi-process and crash scenarios (the matrix's last section)")
	fs.StringVar(&o.stressSize, "stress-size", "ci", "size of the multi-process runs: ci (short) or soak (long)")
	fs.Func("merge", "render the matrix (-o, -check) with these results of other platforms' runs too: a glob of .json files (repeatable)", func(s string) error {
		o.merge = append(o.merge, s)
		return nil
	})
	fs.Func("note", "a note on this platform or emulator, shown under the matrix's environment table (repeatable)", func(s string) error {
		o.notes = append(o.notes, s)
		return nil
	})
	fs.DurationVar(&o.storm.Duration, "storm", 0, "how long each storm case of the Adversity category runs (0: its default of a few seconds)")
	fs.Uint64Var(&o.storm.Seed, "storm-seed", 0, "the seed of the storm cases' random choices, to repeat a failed storm (0: a fresh seed per case)")
	o.facts.flags(fs)
	fs.StringVar(&o.runner, "runner", "", "what runs this binary when it is not the platform itself (an emulator), recorded in the results: \"Wine 8.0\"")
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
	if err := o.facts.check(); err != nil {
		return 2, err
	}
	if len(o.merge) > 0 && !strings.HasSuffix(o.out, ".md") && o.check == "" {
		return 2, usageError{"-merge needs a matrix to render: -o FILE.md or -check FILE.md"}
	}
	for _, pattern := range o.merge {
		if _, err := filepath.Glob(pattern); err != nil {
			return 2, usageError{"-merge " + pattern + ": " + err.Error()}
		}
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
	rep.Runner, rep.Notes = o.runner, o.notes
	if root, err := moduleRoot(); err == nil {
		if err := rep.FindSources(root, conformance.Categories()); err != nil {
			fmt.Fprintln(stderr, "conform: case sources:", err)
		}
	}
	// Read the other platforms' results first: a bad file should not cost a run.
	others, err := readMerged(o.merge, rep, stderr)
	if err != nil {
		return 1, err
	}
	var openers []conformance.Opener
	for _, name := range o.drivers {
		if d, _ := adapter.Lookup(name); d != nil && d.Info().Remote && d.Info().Unavailable == "" {
			e, err := startEngine(ctx, name, o.rqlited, stderr)
			if err != nil {
				info := d.Info()
				info.Unavailable = unavailableEngine(name, err)
				fmt.Fprintf(stderr, "conform: %s unavailable: %v\n", name, err)
				rep.Drivers = append(rep.Drivers, report.Driver{DriverInfo: info})
				continue
			}
			defer e.stop()
			rep.Drivers = append(rep.Drivers, report.Driver{DriverInfo: e.info})
			e.opener.Storm = o.storm
			openers = append(openers, e.opener)
			continue
		}
		info, err := describe(ctx, name)
		if err != nil {
			return 1, fmt.Errorf("driver %s: %w", name, err)
		}
		rep.Drivers = append(rep.Drivers, report.Driver{DriverInfo: info})
		if info.Unavailable == "" {
			d, _ := adapter.Lookup(name)
			op := conformance.For(d)
			op.Storm = o.storm
			openers = append(openers, op)
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
	for _, other := range others {
		if other.BuildOnly {
			continue
		}
		missing, extra := catalogueDrift(rep, other)
		if o.match != nil {
			extra = 0 // this run left cases out
		}
		if missing+extra > 0 {
			fmt.Fprintf(stderr, "conform: -merge: the %s results lack %d of this run's cases and have %d it does not: regenerate them (make platforms)\n",
				other.Label(), missing, extra)
		}
	}
	runs := append([]*report.Run{rep}, others...)
	m, err := o.facts.matrix(runs, firstNonEmpty(o.out, o.check))
	if err != nil {
		return 1, err
	}
	if o.out != "" {
		if err := write(rep, m, o.out); err != nil {
			return 1, err
		}
	}
	if o.check != "" {
		same, err := check(m, o.check)
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
// the driver is available. A driver whose open panics (a driver bug) is
// reported as unavailable with the panic, so its cases are not run and the
// run goes on.
func describe(ctx context.Context, name string) (info adapter.DriverInfo, err error) {
	d, err := adapter.Lookup(name)
	if err != nil {
		return adapter.DriverInfo{}, err
	}
	if d.Info().Unavailable != "" {
		return d.Info(), nil
	}
	defer func() {
		if p := recover(); p != nil {
			info, err = d.Info(), nil
			info.Unavailable = fmt.Sprintf("opening a database panics: %v", p)
		}
	}()
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

// readMerged reads the results that -merge names. A file from the same
// platform and cgo setting as this run is left out: this run replaces it.
func readMerged(patterns []string, rep *report.Run, stderr io.Writer) ([]*report.Run, error) {
	var runs []*report.Run
	for _, pattern := range patterns {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			return nil, err
		}
		if len(paths) == 0 {
			return nil, fmt.Errorf("-merge %s: no file matches", pattern)
		}
		for _, path := range paths {
			r, err := report.ReadFile(path)
			if err != nil {
				return nil, err
			}
			if r.Key() == rep.Key() && !r.BuildOnly {
				fmt.Fprintf(stderr, "conform: -merge: leaving out %s: this run is %s too\n", path, rep.Label())
				continue
			}
			if i := slices.IndexFunc(runs, func(x *report.Run) bool { return x.Label() == r.Label() }); i >= 0 {
				return nil, fmt.Errorf("-merge: two results for %s (%s and another file)", r.Label(), path)
			}
			runs = append(runs, r)
		}
	}
	return runs, nil
}

// catalogueDrift counts the cases (Category/Case) this run has that other
// lacks, and the reverse: merged results made before the catalogue changed.
func catalogueDrift(rep, other *report.Run) (missing, extra int) {
	cases := func(r *report.Run) map[string]bool {
		m := map[string]bool{}
		for _, x := range r.Results {
			m[x.Category+"/"+x.Case] = true
		}
		return m
	}
	mine, theirs := cases(rep), cases(other)
	for c := range mine {
		if !theirs[c] {
			missing++
		}
	}
	for c := range theirs {
		if !mine[c] {
			extra++
		}
	}
	return missing, extra
}

// write saves the matrix (docs/matrix.md and its cases file) and/or this
// run's results (docs/matrix.json).
func write(rep *report.Run, m *report.Matrix, out string) error {
	jsonPath := out
	if strings.HasSuffix(out, ".md") {
		jsonPath = strings.TrimSuffix(out, ".md") + ".json"
		if err := writeMarkdown(m, out); err != nil {
			return err
		}
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		return err
	}
	return os.WriteFile(jsonPath, js.Bytes(), 0o644)
}

// casesPath is the per-case file beside the matrix: matrix-cases.md.
func casesPath(md string) string { return strings.TrimSuffix(md, ".md") + "-cases.md" }

// renderMatrix renders the matrix and its cases file.
func renderMatrix(m *report.Matrix) (md, cases []byte, err error) {
	var a, b bytes.Buffer
	if err := m.WriteMarkdown(&a); err != nil {
		return nil, nil, err
	}
	if err := m.WriteCases(&b); err != nil {
		return nil, nil, err
	}
	return a.Bytes(), b.Bytes(), nil
}

// writeMarkdown writes the matrix to path and its cases beside it.
func writeMarkdown(m *report.Matrix, path string) error {
	md, cases, err := renderMatrix(m)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, md, 0o644); err != nil {
		return err
	}
	return os.WriteFile(casesPath(path), cases, 0o644)
}

// check reports whether the matrix in path, and its cases file, are what
// m renders.
func check(m *report.Matrix, path string) (bool, error) {
	md, cases, err := renderMatrix(m)
	if err != nil {
		return false, err
	}
	for _, f := range []struct {
		path string
		want []byte
	}{{path, md}, {casesPath(path), cases}} {
		old, err := os.ReadFile(f.path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return false, nil
			}
			return false, err
		}
		if !bytes.Equal(old, f.want) {
			return false, nil
		}
	}
	return true, nil
}

// merge renders one matrix from several runs' JSON results.
func merge(args []string, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("conform merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the merged matrix to this .md file (and its cases beside it) (required)")
	var f facts
	f.flags(fs)
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	if *out == "" || !strings.HasSuffix(*out, ".md") || fs.NArg() == 0 {
		return 2, usageError{"usage: conform merge -o MATRIX.md [-bench BENCH.md] [-footprint FOOTPRINT.json] [-durability DURABILITY.json] RESULTS.json..."}
	}
	if err := f.check(); err != nil {
		return 2, err
	}
	var runs []*report.Run
	code := 0
	for _, path := range fs.Args() {
		r, err := report.ReadFile(path)
		if err != nil {
			return 1, err
		}
		if slices.ContainsFunc(runs, func(x *report.Run) bool { return x.Label() == r.Label() }) {
			return 2, usageError{"two results for " + r.Label() + ": " + path + " and another"}
		}
		if r.Failed() {
			code = 1
		}
		runs = append(runs, r)
	}
	m, err := f.matrix(runs, *out)
	if err != nil {
		return 1, err
	}
	return code, writeMarkdown(m, *out)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
