package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Status is the verdict on one driver.
type Status string

const (
	// StatusOK: the newest version builds and passes every check.
	StatusOK Status = "ok"
	// StatusCurrent: the module already requires the newest version;
	// nothing to check.
	StatusCurrent Status = "current"
	// StatusBroke: with the newest version something fails that passes
	// with the version the module requires.
	StatusBroke Status = "broke"
	// StatusFailing: something fails with the newest version, and it
	// fails with the required version too: the upgrade did not cause it.
	StatusFailing Status = "failing"
	// StatusUnchecked: the check could not be made (the proxy did not
	// answer, the copy failed); Error says why.
	StatusUnchecked Status = "unchecked"
)

// Result is what the check found for one driver.
type Result struct {
	Driver string `json:"driver"`
	Module string `json:"module"`
	From   string `json:"from"`         // the version the module requires
	To     string `json:"to,omitempty"` // the newest version the proxy serves
	// Moved are the other requirements that `go get` changed with it.
	Moved  []Move  `json:"moved,omitempty"`
	Status Status  `json:"status"`
	Stages []Stage `json:"stages,omitempty"`
	Error  string  `json:"error,omitempty"` // why the check could not be made
}

// Move is a requirement changed by the upgrade.
type Move struct {
	Module string `json:"module"`
	From   string `json:"from,omitempty"` // "" for a new requirement
	To     string `json:"to,omitempty"`   // "" for a dropped one
}

// Stage is one step of the check after the upgrade.
type Stage struct {
	Name    string  `json:"name"` // go get, build, contract, conformance
	Command string  `json:"command"`
	OK      bool    `json:"ok"`
	Seconds float64 `json:"seconds"`
	// Skipped says why the stage did not run (an earlier one failed).
	Skipped string `json:"skipped,omitempty"`
	// Failures are the tests or cases that failed; Output is the end of
	// the command's output when it failed without naming one (a build
	// error, a crash).
	Failures []Failure `json:"failures,omitempty"`
	Output   string    `json:"output,omitempty"`
}

// Failure is a test or conformance case that failed after the upgrade.
type Failure struct {
	Name    string `json:"name"` // "TestContract/SerializeRoundTrip/memory", "mattn/Types/NilIsNull"
	Package string `json:"package,omitempty"`
	Output  string `json:"output,omitempty"`
	// Before is true when it fails with the required version too.
	Before bool `json:"before"`
}

// checker checks drivers in copies of the module under work.
type checker struct {
	root    string // the module's directory
	work    string // where the copies go
	tags    string
	log     io.Writer // progress lines
	verbose io.Writer // the commands' output, if set
}

// check copies the module, moves t.Module to its newest version in the
// copy, and runs the stages. It never changes the module itself.
func (c *checker) check(ctx context.Context, t target) Result {
	r := Result{Driver: t.Name, Module: t.Module}
	dir := filepath.Join(c.work, t.Name)
	if err := copyModule(c.root, dir); err != nil {
		return r.unchecked(fmt.Errorf("copy the module: %w", err))
	}
	modDir := goCmd{dir: filepath.Join(dir, t.Dir), verbose: c.verbose}
	var err error
	if r.From, err = requiredVersion(ctx, modDir, t.Module); err != nil {
		return r.unchecked(err)
	}
	if r.To, err = newestVersion(ctx, modDir, t.Module); err != nil {
		return r.unchecked(err)
	}
	if r.To == r.From {
		r.Status = StatusCurrent
		return r
	}
	fmt.Fprintf(c.log, "upgradecheck: %s: %s %s → %s in %s\n", t.Name, t.Module, r.From, r.To, dir)
	before, err := saveModFiles(modDir.dir)
	if err != nil {
		return r.unchecked(err)
	}
	oldReqs, err := requirements(ctx, modDir)
	if err != nil {
		return r.unchecked(err)
	}
	for _, s := range c.stages(t, dir) {
		r.Stages = append(r.Stages, c.runStage(ctx, s, failedStage(r.Stages)))
		if s.name == "go get" && r.Stages[len(r.Stages)-1].OK {
			if newReqs, err := requirements(ctx, modDir); err == nil {
				r.Moved = moves(oldReqs, newReqs, t.Module)
			}
		}
	}
	if failedStage(r.Stages) != "" {
		c.recheckBefore(ctx, t, dir, before, r.Stages)
	}
	r.Status = verdict(r.Stages)
	return r
}

func (r Result) unchecked(err error) Result {
	r.Status, r.Error = StatusUnchecked, err.Error()
	return r
}

// stage is one command of the check.
type stage struct {
	name string
	cmd  goCmd
	args []string
	// events says the command writes test2json events on stdout, whose
	// failures are the stage's.
	events bool
}

// stages are the steps after the copy: go get, build, the tests, the
// conformance suite.
func (c *checker) stages(t target, dir string) []stage {
	rootCmd := goCmd{dir: dir, verbose: c.verbose}
	modCmd := goCmd{dir: filepath.Join(dir, t.Dir), verbose: c.verbose}
	out := []stage{
		{name: "go get", cmd: modCmd, args: []string{"get", t.Module + "@latest"}},
		{name: "build", cmd: modCmd, args: goArgs("build", c.tags+" "+t.BuildTags, "./...")},
	}
	if t.Dir != "" {
		out[1].name = "build " + t.Dir
		out = append(out, stage{name: "build", cmd: rootCmd, args: goArgs("build", c.tags, "./...")})
	}
	out = append(out, stage{name: "contract", cmd: rootCmd, events: true,
		args: goArgs("test", c.tags, append([]string{"-count=1", "-json"}, t.Tests...)...)})
	if t.Conform {
		out = append(out, stage{name: "conformance", cmd: rootCmd, events: true,
			args: goArgs("run", c.tags, "./cmd/conform", "-driver="+t.Name, "-raw=false", "-json")})
	}
	return out
}

// commandLine shows a go command as a shell would take it.
func commandLine(args []string) string {
	parts := []string{"go"}
	for _, a := range args {
		if strings.ContainsAny(a, " '\"$") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// goArgs is a go command line: verb, -tags if any, the rest.
func goArgs(verb, tags string, rest ...string) []string {
	args := []string{verb}
	if tags = strings.Join(strings.Fields(tags), " "); tags != "" {
		args = append(args, "-tags", tags)
	}
	return append(args, rest...)
}

// failedStage names the first stage that failed, or "".
func failedStage(stages []Stage) string {
	for _, s := range stages {
		if !s.OK && s.Skipped == "" {
			return s.Name
		}
	}
	return ""
}

// runStage runs s, unless an earlier stage (failed) failed.
func (c *checker) runStage(ctx context.Context, s stage, failed string) Stage {
	st := Stage{Name: s.name, Command: commandLine(s.args)}
	if failed != "" {
		st.Skipped = failed + " failed"
		return st
	}
	fmt.Fprintf(c.log, "upgradecheck:   %s: %s\n", s.name, st.Command)
	begin := time.Now()
	stdout, stderr, err := s.cmd.run(ctx, s.args...)
	st.Seconds = time.Since(begin).Seconds()
	st.OK = err == nil
	verdict := "ok"
	if !st.OK {
		verdict = "FAILED"
	}
	fmt.Fprintf(c.log, "upgradecheck:   %s: %s in %.0fs\n", s.name, verdict, st.Seconds)
	if s.events {
		st.Failures = failures(stdout)
	}
	if !st.OK && len(st.Failures) == 0 {
		st.Output = lastLines(strings.TrimSpace(string(stderr)+"\n"+nonJSON(stdout, s.events)), 40)
		if st.Output == "" {
			st.Output = err.Error()
		}
	}
	return st
}

// nonJSON returns the lines of a command's stdout that are not test2json
// events (a panic of conform itself), or all of it.
func nonJSON(stdout []byte, events bool) string {
	if !events {
		return string(stdout)
	}
	var keep []string
	for _, line := range strings.Split(string(stdout), "\n") {
		if !json.Valid([]byte(line)) {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// recheckBefore puts the required versions back (go.mod and go.sum as
// they were) and runs again the stages that named failures, marking those
// that fail at the required version too.
func (c *checker) recheckBefore(ctx context.Context, t target, dir string, before modFiles, stages []Stage) {
	if err := before.restore(); err != nil {
		fmt.Fprintf(c.log, "upgradecheck: %s: cannot restore go.mod to recheck: %v\n", t.Name, err)
		return
	}
	for _, s := range c.stages(t, dir) {
		i := slices.IndexFunc(stages, func(st Stage) bool { return st.Name == s.name && len(st.Failures) > 0 })
		if !s.events || i < 0 {
			continue
		}
		fmt.Fprintf(c.log, "upgradecheck:   %s again at the required version: %s\n", s.name, commandLine(s.args))
		stdout, _, _ := s.cmd.run(ctx, s.args...)
		old := failures(stdout)
		for j := range stages[i].Failures {
			f := &stages[i].Failures[j]
			f.Before = slices.ContainsFunc(old, func(o Failure) bool { return o.Name == f.Name && o.Package == f.Package })
		}
	}
}

// verdict is the status of a check whose stages ran.
func verdict(stages []Stage) Status {
	failing := false
	for _, s := range stages {
		if s.OK || s.Skipped != "" {
			continue
		}
		if len(s.Failures) == 0 {
			return StatusBroke // a build error, a crash: not rechecked
		}
		for _, f := range s.Failures {
			if !f.Before {
				return StatusBroke
			}
		}
		failing = true
	}
	if failing {
		return StatusFailing
	}
	return StatusOK
}

// modFiles are go.mod and go.sum as they were before the upgrade.
type modFiles struct {
	dir      string
	mod, sum []byte
}

func saveModFiles(dir string) (modFiles, error) {
	m := modFiles{dir: dir}
	var err error
	if m.mod, err = os.ReadFile(filepath.Join(dir, "go.mod")); err != nil {
		return m, err
	}
	if m.sum, err = os.ReadFile(filepath.Join(dir, "go.sum")); err != nil && !os.IsNotExist(err) {
		return m, err
	}
	return m, nil
}

func (m modFiles) restore() error {
	if err := os.WriteFile(filepath.Join(m.dir, "go.mod"), m.mod, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(m.dir, "go.sum"), m.sum, 0o644)
}
