package main

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/anysqlite/anysqlite/conformance/raw"
	"github.com/anysqlite/anysqlite/conformance/raw/native"
	"github.com/anysqlite/anysqlite/conformance/report"
)

// observeRaw runs the raw-driver probes on the selected drivers: mattn and
// modernc in this process, ncruces in a child process (its database/sql
// package cannot be linked beside mattn's), built from the module source or
// given prebuilt with -raw-ncruces.
func observeRaw(ctx context.Context, rep *report.Run, drivers []string, ncrucesBinary string) error {
	for _, p := range raw.Probes() {
		rep.Probes = append(rep.Probes, report.Probe{Name: p.Name, Question: p.Question, Adapter: p.Adapter, Through: p.Through})
	}
	add := func(obs []raw.Observation) {
		for _, o := range obs {
			rep.Raw = append(rep.Raw, report.Observation{Driver: o.Driver, Probe: o.Probe, Answer: o.Answer})
		}
	}
	for _, d := range native.Drivers() {
		if slices.Contains(drivers, d.Name) {
			add(raw.Observe(ctx, d))
		}
	}
	defer classifySwitches(rep)
	if !slices.Contains(drivers, "ncruces") {
		return nil
	}
	var obs []raw.Observation
	var err error
	if ncrucesBinary != "" {
		obs, err = raw.ObserveBinary(ctx, ncrucesBinary)
	} else {
		var root string
		if root, err = moduleRoot(); err == nil {
			obs, err = raw.ObserveNcruces(ctx, root)
		}
	}
	if err != nil {
		for _, p := range raw.Probes() {
			obs = append(obs, raw.Observation{Driver: "ncruces", Probe: p.Name, Answer: "not run: " + err.Error()})
		}
	}
	add(obs)
	return err
}

// moduleRoot finds this module's source above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(b), "module github.com/anysqlite/anysqlite\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("the ncruces probe needs the module source (run from the repository) or -raw-ncruces BINARY")
		}
		dir = parent
	}
}

// classifySwitches records, for every probe whose answers differ between
// two drivers, what moving from one to the other means
// (raw.Probe.Switch), by ordered pair.
func classifySwitches(rep *report.Run) {
	answers := map[string]map[string]string{} // probe → driver → answer
	var drivers []string
	for _, o := range rep.Raw {
		if strings.HasPrefix(o.Answer, "unavailable:") || strings.HasPrefix(o.Answer, "error:") || strings.HasPrefix(o.Answer, "not run") {
			continue
		}
		if answers[o.Probe] == nil {
			answers[o.Probe] = map[string]string{}
		}
		answers[o.Probe][o.Driver] = o.Answer
		if !slices.Contains(drivers, o.Driver) {
			drivers = append(drivers, o.Driver)
		}
	}
	for _, p := range raw.Probes() {
		i := slices.IndexFunc(rep.Probes, func(x report.Probe) bool { return x.Name == p.Name })
		if p.Switch == nil || i < 0 {
			continue
		}
		rep.Probes[i].Switch = classify(p.Switch, drivers, answers[p.Name])
		rep.Probes[i].ThroughSwitch = classify(p.Switch, slices.Sorted(maps.Keys(p.Through)), p.Through)
	}
}

// classify applies a probe's Switch to every ordered pair of drivers whose
// answers differ, keyed "from→to"; nil if none differ.
func classify(s raw.Switching, drivers []string, answers map[string]string) map[string]string {
	var out map[string]string
	for _, from := range drivers {
		for _, to := range drivers {
			a, b := answers[from], answers[to]
			if from == to || a == "" || b == "" || a == b {
				continue
			}
			if out == nil {
				out = map[string]string{}
			}
			out[from+"→"+to] = string(s(a, b))
		}
	}
	return out
}
