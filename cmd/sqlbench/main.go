// Command sqlbench runs whole workloads through the anysqlite adapter on
// each linked driver, and writes the benchmark report docs/bench.md.
//
// The workloads (package bench/workload) follow
// github.com/cvilsmeier/go-sqlite-bench: simple (insert N users in one
// transaction, read them all back), real (users, articles and comments with
// joins), many (many small queries), large (rows of big text) and
// concurrent (readers beside a writer, WAL). Every run checks what it reads
// back. The data is generated; nothing is downloaded.
//
//	sqlbench                                  # every workload on every driver, default size, text on stdout
//	sqlbench -driver=modernc -run=simple -size=large   # 1,000,000 inserts then a full scan
//	sqlbench -size=small -count=3 -json -o workloads.json
//	sqlbench report -workloads workloads.json -benchtime 500ms -o docs/bench.md bench.txt
//
// The report subcommand reads the output of `go test -bench` on packages
// bench, bench/ncruces and bench/modernc (any number of files, with -count
// repetitions)
// and the -json results of a run, and writes docs/bench.md and the chart
// docs/bench.svg beside it; make bench runs it all.
//
// -size is tiny, small, default (a second or less per workload and
// driver), large (10x default: 1,000,000 inserts in simple) or a scale
// factor.
//
// Exit status: 0 success, 1 a workload failed or a file could not be read
// or written, 2 usage error.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/bench/report"
	"github.com/anysqlite/anysqlite/bench/workload"
	_ "github.com/anysqlite/anysqlite/drivers/all"
)

// usageError is reported with exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command with args and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var err error
	if len(args) > 0 && args[0] == "report" {
		err = runReport(args[1:], stdout, stderr)
	} else {
		err = runWorkloads(ctx, args, stdout, stderr)
	}
	switch err.(type) {
	case nil:
		return 0
	case usageError:
		fmt.Fprintln(stderr, "sqlbench:", err)
		return 2
	case helpRequested:
		return 0
	}
	fmt.Fprintln(stderr, "sqlbench:", err)
	return 1
}

// helpRequested ends a run that printed its usage on -h.
type helpRequested struct{}

func (helpRequested) Error() string { return "help requested" }

// parse parses args with fs, which reports its own errors; it allows no
// positional arguments unless positional is set.
func parse(fs *flag.FlagSet, args []string, positional bool) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return helpRequested{}
		}
		return usageError{err.Error()}
	}
	if !positional && fs.NArg() > 0 {
		return usageError{"unexpected arguments: " + strings.Join(fs.Args(), " ")}
	}
	return nil
}

func runWorkloads(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sqlbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	driverFlag := fs.String("driver", "all", "comma-separated drivers to run (mattn, modernc, ncruces), or all")
	sizeFlag := fs.String("size", "default", "tiny, small, default, large (1M inserts) or a scale factor")
	runFlag := fs.String("run", "", "run only the workloads whose name matches this regular expression")
	count := fs.Int("count", 1, "runs of each workload on each driver")
	dir := fs.String("dir", "", "directory for the database files (default: a new temporary directory)")
	asJSON := fs.Bool("json", false, "write the results as JSON (what sqlbench report reads)")
	out := fs.String("o", "", "write the results to this file instead of stdout")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: sqlbench [flags]\n       sqlbench report [flags] BENCH-OUTPUT...\nflags:")
		fs.PrintDefaults()
	}
	if err := parse(fs, args, false); err != nil {
		return err
	}
	scale, err := workload.ParseSize(*sizeFlag)
	if err != nil {
		return usageError{"-size: " + err.Error()}
	}
	if *count < 1 {
		return usageError{"-count must be at least 1"}
	}
	ws := workload.Workloads
	if *runFlag != "" {
		re, err := regexp.Compile(*runFlag)
		if err != nil {
			return usageError{"-run: " + err.Error()}
		}
		ws = slices.DeleteFunc(slices.Clone(ws), func(w workload.Workload) bool { return !re.MatchString(w.Name) })
		if len(ws) == 0 {
			return usageError{"-run " + *runFlag + " matches no workload"}
		}
	}
	drivers, err := selectDrivers(*driverFlag, stderr)
	if err != nil {
		return err
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "sqlbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		*dir = d
	}

	res := workload.NewResults(*sizeFlag, workload.ParamsFor(scale), *count)
	progress := func(w workload.Workload, driver string, r workload.Run) {
		fmt.Fprintf(stderr, "%-10s %-8s %s\n", w.Name, driver, phases(r))
	}
	if err := workload.RunAll(ctx, res, ws, drivers, *dir, progress); err != nil {
		return err
	}
	return writeOutput(*out, stdout, func(w io.Writer) error {
		if *asJSON {
			return res.WriteJSON(w)
		}
		return writeText(w, res)
	})
}

// selectDrivers resolves -driver: with "all", the linked drivers that can
// run in this build (others are reported and skipped); otherwise the named
// ones, which must all be available.
func selectDrivers(value string, stderr io.Writer) ([]string, error) {
	linked := adapter.Drivers()
	var names []string
	if value == "all" {
		names = linked
	} else {
		for _, name := range strings.Split(value, ",") {
			name = strings.TrimSpace(name)
			if !slices.Contains(linked, name) {
				return nil, usageError{fmt.Sprintf("unknown driver %q: linked drivers are %s", name, strings.Join(linked, ", "))}
			}
			names = append(names, name)
		}
	}
	var available []string
	for _, name := range names {
		d, err := adapter.Lookup(name)
		if err != nil {
			return nil, err
		}
		if why := d.Info().Unavailable; why != "" {
			if value != "all" {
				return nil, fmt.Errorf("driver %s: %s", name, why)
			}
			fmt.Fprintf(stderr, "sqlbench: skipping %s: %s\n", name, why)
			continue
		}
		available = append(available, name)
	}
	if len(available) == 0 {
		return nil, fmt.Errorf("no driver available")
	}
	return available, nil
}

// writeOutput calls write on the file path, or on stdout if path is empty.
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// phases formats the phases of a run: "1.23 s: insert 1.00 s, query 230 ms".
func phases(r workload.Run) string {
	return report.FormatDuration(r.Total()) + ": " + phaseList(r)
}

// phaseList formats the phases of a run: "insert 1.00 s, query 230 ms".
func phaseList(r workload.Run) string {
	var parts []string
	for _, ph := range r.Phases {
		parts = append(parts, ph.Name+" "+report.FormatDuration(ph.Time))
	}
	return strings.Join(parts, ", ")
}

// writeText writes res as a table: the median run of each workload on
// each driver, and its ratio to the first driver.
func writeText(w io.Writer, res *workload.Results) error {
	fmt.Fprintf(w, "sqlbench -size %s (scale %g), %d run(s) each; %s %s/%s, %d CPUs\n", res.Size, res.Params.Scale,
		res.Count, res.GoVersion, res.GOOS, res.GOARCH, res.NumCPU)
	for _, d := range res.Drivers {
		fmt.Fprintf(w, "  %s: %s %s, SQLite %s\n", d.Name, d.Module, d.ModuleVersion, d.SQLiteVersion)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	vs := "vs first"
	if len(res.Drivers) > 0 {
		vs = "vs " + res.Drivers[0].Name
	}
	fmt.Fprintln(tw, "workload\tdriver\ttotal (median)\t"+vs+"\tphases of the median run\trows checked")
	first := map[string]float64{}
	for _, r := range res.Workloads {
		med := report.MedianRun(r.Runs)
		total := float64(med.Total())
		ratio := "1.00x"
		if base, ok := first[r.Workload]; !ok {
			first[r.Workload] = total
		} else if base > 0 {
			ratio = fmt.Sprintf("%.2fx", total/base)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", r.Workload, r.Driver, report.FormatDuration(med.Total()), ratio,
			phaseList(med), med.Rows)
	}
	return tw.Flush()
}
