// Command powerloss cuts the power under SQLite, through every driver,
// journal mode and synchronous setting, on a crash-simulating file system
// (package crashfs), and writes the durability table.
//
//	powerloss                                # CI size: 6 cuts per combination, a summary on the terminal
//	powerloss -size=full -o docs/durability.md   # 500 cuts per combination; writes docs/durability.md and docs/durability.json
//	powerloss -driver=ncruces -journal=WAL -sync=FULL,NORMAL -cuts=50
//	powerloss -json                          # the result as JSON on stdout
//	powerloss -from docs/durability.json -o docs/durability.md  # render a saved result again, without cutting
//
// It needs FUSE: /dev/fuse, and root or the fusermount helper. Where FUSE
// is unavailable it says so, with the reason, writes nothing and exits 0.
//
// Exit status: 0 every combination is as SQLite documents it, 1 a
// combination lost or corrupted more than documented, or a cut could not
// be run or checked, 2 usage error.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"

	_ "github.com/anysqlite/anysqlite/drivers/all"

	"github.com/anysqlite/anysqlite/crashfs"
	"github.com/anysqlite/anysqlite/powerloss"
)

// usageError is reported with exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if os.Getenv(powerloss.EnvChild) != "" {
		os.Exit(powerloss.Child(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	code, err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "powerloss:", err)
		if _, ok := err.(usageError); ok {
			code = 2
		}
	}
	os.Exit(code)
}

// options are the parsed flags.
type options struct {
	cfg   powerloss.Config
	json  bool
	out   string
	from  string
	quiet bool
}

func parse(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("powerloss", flag.ContinueOnError)
	fs.SetOutput(stderr)
	drivers := fs.String("driver", "all", "drivers, comma-separated, or all (every available one)")
	journals := fs.String("journal", "all", "journal modes: DELETE, TRUNCATE, PERSIST, WAL, comma-separated, or all")
	syncs := fs.String("sync", "all", "synchronous settings: OFF, NORMAL, FULL, EXTRA, comma-separated, or all")
	modes := fs.String("modes", "all", "power-cut modes, used in turn: drop-all, keep-prefix, keep-random-512, keep-random-4096, or all")
	size := fs.String("size", "ci", "ci (6 cuts per combination) or full (500: 2000 per driver and journal mode)")
	cuts := fs.Int("cuts", 0, "cuts per combination (overrides -size)")
	fs.IntVar(&o.cfg.Txns, "txns", powerloss.DefaultTxns, "transactions the workload commits")
	fs.Uint64Var(&o.cfg.Seed, "seed", 1, "seed of the cut points, the random modes and the data")
	fs.IntVar(&o.cfg.Parallel, "parallel", 2, "cuts run at once")
	fs.StringVar(&o.cfg.Dir, "dir", "", "scratch directory (default: a new temporary one)")
	fs.BoolVar(&o.cfg.Keep, "keep", false, "keep the directories of cuts that lost or corrupted something (needs -dir)")
	fs.BoolVar(&o.cfg.Trace, "trace", false, "write each cut's file system operations to trace.txt in its directory (with -keep)")
	fs.BoolVar(&o.json, "json", false, "write the result as JSON on stdout instead of the summary")
	fs.StringVar(&o.out, "o", "", "write the table to `FILE` (Markdown) and FILE's .json sibling")
	fs.BoolVar(&o.quiet, "q", false, "no progress lines on stderr")
	fs.StringVar(&o.from, "from", "", "render the saved result in `FILE` (the JSON of -o) instead of running, judged against the documentation as this version reads it")
	if err := fs.Parse(args); err != nil {
		return o, usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return o, usageError{"unexpected arguments: " + strings.Join(fs.Args(), " ")}
	}
	var err error
	if o.cfg.Drivers, err = list(*drivers, nil, strings.ToLower); err != nil {
		return o, err
	}
	if o.cfg.Journals, err = list(*journals, powerloss.JournalModes, strings.ToUpper); err != nil {
		return o, err
	}
	if o.cfg.Syncs, err = list(*syncs, powerloss.SyncLevels, strings.ToUpper); err != nil {
		return o, err
	}
	if *modes != "all" {
		for _, name := range strings.Split(*modes, ",") {
			m, err := crashfs.ParseMode(strings.TrimSpace(name))
			if err != nil {
				return o, usageError{err.Error()}
			}
			o.cfg.Modes = append(o.cfg.Modes, m)
		}
	}
	switch {
	case *cuts > 0:
		o.cfg.Cuts = *cuts
	case *size == "ci":
		o.cfg.Cuts = powerloss.CICuts
	case *size == "full":
		o.cfg.Cuts = powerloss.FullCuts
	default:
		return o, usageError{fmt.Sprintf("-size %q is not ci or full", *size)}
	}
	if o.cfg.Keep && o.cfg.Dir == "" {
		return o, usageError{"-keep needs -dir"}
	}
	return o, nil
}

// list parses a comma-separated flag value: "all" is nil (the default set),
// anything else must be in known (if known is set).
func list(value string, known []string, norm func(string) string) ([]string, error) {
	if value == "all" || value == "" {
		return nil, nil
	}
	var out []string
	for _, v := range strings.Split(value, ",") {
		v = norm(strings.TrimSpace(v))
		if known != nil && !slices.Contains(known, v) {
			return nil, usageError{fmt.Sprintf("%q is not one of %s", v, strings.Join(known, ", "))}
		}
		out = append(out, v)
	}
	return out, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	o, err := parse(args, stderr)
	if err != nil {
		return 2, err
	}
	if !o.quiet {
		o.cfg.Progress = stderr
	}
	res, err := result(ctx, o)
	if err != nil {
		return 1, err
	}
	if res.Unsupported != "" {
		fmt.Fprintf(stderr, "powerloss: unsupported here, nothing measured: %s\n", res.Unsupported)
		if o.json {
			return 0, writeJSON(stdout, res)
		}
		return 0, nil
	}
	if o.out != "" {
		if err := os.WriteFile(o.out, res.Markdown(), 0o644); err != nil {
			return 1, err
		}
		f, err := os.Create(strings.TrimSuffix(o.out, filepath.Ext(o.out)) + ".json")
		if err != nil {
			return 1, err
		}
		err = writeJSON(f, res)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return 1, err
		}
	}
	if o.json {
		if err := writeJSON(stdout, res); err != nil {
			return 1, err
		}
	} else {
		fmt.Fprint(stdout, res.Text())
	}
	if len(res.Worse()) > 0 || len(res.Failures) > 0 {
		return 1, nil
	}
	return 0, nil
}

// result runs the cuts, or reads a saved result (-from).
func result(ctx context.Context, o options) (*powerloss.Result, error) {
	if o.from == "" {
		return powerloss.Run(ctx, o.cfg)
	}
	return powerloss.ReadResult(o.from)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
