package main

import (
	"maps"
	"slices"
	"testing"

	"github.com/anysqlite/anysqlite/conformance/raw"
	"github.com/anysqlite/anysqlite/conformance/report"
)

func TestClassify(t *testing.T) {
	tag := func(from, to string) raw.Consequence { return raw.Consequence(from + ">" + to) }
	got := classify(tag, []string{"a", "b", "c"}, map[string]string{"a": "x", "b": "y", "c": "x"})
	want := map[string]string{"a→b": "x>y", "b→a": "y>x", "b→c": "y>x", "c→b": "x>y"}
	if !maps.Equal(got, want) {
		t.Errorf("classify = %v, want %v", got, want)
	}
	if got := classify(tag, []string{"a", "b"}, map[string]string{"a": "x", "b": "x"}); got != nil {
		t.Errorf("equal answers classified: %v", got)
	}
}

// A probe the adapter does not unify is classified through the adapter
// too, for every pair of drivers its Through names, even with no answers.
func TestClassifyThrough(t *testing.T) {
	rep := &report.Run{}
	for _, p := range raw.Probes() {
		rep.Probes = append(rep.Probes, report.Probe{Name: p.Name, Through: p.Through})
	}
	classifySwitches(rep)
	for i, p := range raw.Probes() {
		through := rep.Probes[i].ThroughSwitch
		for _, from := range slices.Sorted(maps.Keys(p.Through)) {
			for _, to := range slices.Sorted(maps.Keys(p.Through)) {
				_, ok := through[from+"→"+to]
				if differ := p.Through[from] != p.Through[to]; ok != differ {
					t.Errorf("%s: %s→%s classified %v, answers differ %v", p.Name, from, to, ok, differ)
				}
			}
		}
	}
	// The classification itself, on a Through as a probe would carry it.
	tag := func(from, to string) raw.Consequence { return raw.Consequence(from + ">" + to) }
	got := classify(tag, []string{"mattn", "ncruces"}, map[string]string{"mattn": "binds NULL", "ncruces": "refused"})
	if got["mattn→ncruces"] != "binds NULL>refused" || len(got) != 2 {
		t.Errorf("classify through: %v", got)
	}
}
