package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"

	benchreport "github.com/anysqlite/anysqlite/bench/report"
	"github.com/anysqlite/anysqlite/conformance/report"
	"github.com/anysqlite/anysqlite/drivers/rqlite/rqliteconform"
	"github.com/anysqlite/anysqlite/powerloss"
	"github.com/anysqlite/anysqlite/stress"
)

// facts are the measurements made apart from conformance runs that the
// matrix shows: -bench (the benchmark report, for speed), -footprint
// (conform footprint's results), -durability (cmd/powerloss's) and
// -failover (conform failover's, on rqlite).
type facts struct {
	bench      string
	footprint  string
	durability string
	failover   string
}

func (f *facts) flags(fs *flag.FlagSet) {
	fs.StringVar(&f.bench, "bench", "", "the benchmark report (docs/bench.md) whose driver-against-driver means the matrix shows")
	fs.StringVar(&f.footprint, "footprint", "", "conform footprint's results (docs/footprint.json) for the matrix's size and build-time rows")
	fs.StringVar(&f.durability, "durability", "", "cmd/powerloss's results (docs/durability.json) for the matrix's power-loss section, linking the .md beside it")
	fs.StringVar(&f.failover, "failover", "", "conform failover's figures (docs/failover.json) for the matrix's section on rqlite failover")
}

func (f *facts) check() error {
	if f.bench != "" && !strings.HasSuffix(f.bench, ".md") {
		return usageError{"-bench must name the benchmark report, a .md file"}
	}
	if f.footprint != "" && !strings.HasSuffix(f.footprint, ".json") {
		return usageError{"-footprint must name a .json file"}
	}
	if f.durability != "" && !strings.HasSuffix(f.durability, ".json") {
		return usageError{"-durability must name a .json file"}
	}
	if f.failover != "" && !strings.HasSuffix(f.failover, ".json") {
		return usageError{"-failover must name a .json file"}
	}
	return nil
}

// matrix reads the facts and returns the matrix of runs to be written to
// out (a .md file), with links relative to it.
func (f *facts) matrix(runs []*report.Run, out string) (*report.Matrix, error) {
	m := &report.Matrix{Runs: runs, CasesFile: filepath.Base(casesPath(out)), Sections: sections()}
	dir := filepath.Dir(out)
	if root, err := moduleRoot(); err == nil {
		m.SourceBase = relLink(dir, root) + "/"
	}
	if f.footprint != "" {
		fp, err := report.ReadFootprint(f.footprint)
		if err != nil {
			return nil, err
		}
		m.Footprint = fp
		m.FootprintFile = relLink(dir, f.footprint)
	}
	if f.durability != "" {
		res, err := powerloss.ReadResult(f.durability)
		if err != nil {
			return nil, err
		}
		full := relLink(dir, strings.TrimSuffix(f.durability, ".json")+".md")
		m.Facts = append(m.Facts, report.Fact{Heading: "Durability under power loss", Markdown: res.Summary(full)})
	}
	if f.failover != "" {
		res, err := rqliteconform.ReadResults(f.failover)
		if err != nil {
			return nil, err
		}
		m.Facts = append(m.Facts, report.Fact{Heading: rqliteconform.Heading, Markdown: res.Markdown(relLink(dir, f.failover))})
	}
	if f.bench != "" {
		file, err := os.Open(f.bench)
		if err != nil {
			return nil, err
		}
		defer file.Close()
		sum, err := benchreport.ReadSummary(file)
		if err != nil {
			return nil, err
		}
		m.Speed = &report.Speed{Baseline: sum.Baseline, Micro: sum.Micro, Workloads: sum.Workloads, Report: relLink(dir, f.bench)}
	}
	return m, nil
}

// sections are the matrix's sections of results conform adds to its runs
// besides the conformance suite's (report.Run.Extra): the multi-process
// and crash runs of -stress.
func sections() []report.Section {
	return []report.Section{stress.Section()}
}

// relLink is target's path relative to dir, with forward slashes, for a
// Markdown link.
func relLink(dir, target string) string {
	absDir, err1 := filepath.Abs(dir)
	absTarget, err2 := filepath.Abs(target)
	if err1 != nil || err2 != nil {
		return filepath.ToSlash(target)
	}
	rel, err := filepath.Rel(absDir, absTarget)
	if err != nil {
		return filepath.ToSlash(target)
	}
	return filepath.ToSlash(rel)
}
