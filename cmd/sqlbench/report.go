package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/anysqlite/anysqlite/bench/report"
	"github.com/anysqlite/anysqlite/bench/workload"
)

// runReport is the report subcommand: it reads `go test -bench` output
// files (the positional arguments, "-" for stdin) and -workloads, and
// writes the Markdown report and its SVG chart.
func runReport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sqlbench report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	workloads := fs.String("workloads", "", "results of `sqlbench -json` to include (optional)")
	out := fs.String("o", "docs/bench.md", "the Markdown report to write (- for stdout)")
	svg := fs.String("svg", "", "the SVG chart to write (default: -o with .svg for .md; none when -o is -)")
	benchtime := fs.String("benchtime", "", "the -benchtime the micro-benchmarks ran with, for the report's header")
	goVersion := fs.String("go", "", "the Go version that ran the benchmarks (default: the workload results', else this binary's)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: sqlbench report [flags] BENCH-OUTPUT...\n\n"+
			"BENCH-OUTPUT is the output of `go test -run '^$' -bench . -benchmem -count N ./bench/...`\n"+
			"(and of the same in the module bench/modernc).\nflags:")
		fs.PrintDefaults()
	}
	if err := parse(fs, args, true); err != nil {
		return err
	}
	if fs.NArg() == 0 && *workloads == "" {
		return usageError{"report: nothing to report: give go test -bench output files and/or -workloads"}
	}
	if *svg == "" && *out != "-" {
		*svg = strings.TrimSuffix(*out, ".md") + ".svg"
	}

	in := report.Input{Bench: report.NewSet(), Date: time.Now(), GoVersion: runtime.Version(),
		BenchTime: *benchtime, Command: "sqlbench report"}
	for _, name := range fs.Args() {
		if err := parseBenchFile(in.Bench, name); err != nil {
			return err
		}
	}
	if fs.NArg() > 0 && len(in.Bench.Values) == 0 {
		return fmt.Errorf("report: no BenchmarkSQL results in %s", strings.Join(fs.Args(), ", "))
	}
	if *workloads != "" {
		f, err := os.Open(*workloads)
		if err != nil {
			return err
		}
		in.Workloads, err = workload.ReadJSON(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *workloads, err)
		}
		in.Date, in.GoVersion = in.Workloads.Date, in.Workloads.GoVersion
	}
	if *goVersion != "" {
		in.GoVersion = *goVersion
	}
	if *svg != "" && len(in.Bench.Values) > 0 {
		if *out != "-" {
			if rel, err := filepath.Rel(filepath.Dir(*out), *svg); err == nil {
				in.Chart = filepath.ToSlash(rel)
			}
		}
		if err := writeOutput(*svg, stdout, func(w io.Writer) error { return report.SVG(w, in.Bench) }); err != nil {
			return err
		}
	}
	path := *out
	if path == "-" {
		path = ""
	}
	return writeOutput(path, stdout, func(w io.Writer) error { return report.Markdown(w, in) })
}

// parseBenchFile adds the results in the file name ("-": stdin) to s.
func parseBenchFile(s *report.Set, name string) error {
	if name == "-" {
		return s.Parse(os.Stdin, "stdin")
	}
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return s.Parse(f, name)
}
