package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

func sortMoves(m []Move) {
	slices.SortFunc(m, func(a, b Move) int { return cmp.Compare(a.Module, b.Module) })
}

// headline is the one-line verdict on a driver.
func (r Result) headline() string {
	switch r.Status {
	case StatusCurrent:
		return fmt.Sprintf("%s %s is the newest version", r.Module, r.From)
	case StatusUnchecked:
		return "not checked (details below)"
	}
	s := fmt.Sprintf("%s %s → %s: ", r.Module, r.From, r.To)
	switch r.Status {
	case StatusOK:
		return s + "builds and passes"
	case StatusFailing:
		return s + "fails, as it does at " + r.From + " (not caused by the upgrade)"
	}
	var what []string
	for _, st := range r.Stages {
		if st.OK || st.Skipped != "" {
			continue
		}
		if n := len(st.Failures); n > 0 {
			what = append(what, fmt.Sprintf("%s: %d failed", st.Name, n))
		} else {
			what = append(what, st.Name+" failed")
		}
	}
	return s + "BROKE (" + strings.Join(what, "; ") + ")"
}

// writeText writes the report for people: a line per driver, then the
// details of every driver that was checked: what else moved, each stage,
// and what failed.
func writeText(w io.Writer, results []Result) error {
	b := bufio.NewWriter(w)
	fmt.Fprintln(b, "Upgrade check: each driver moved to the newest version the module proxy serves, in a copy of the module.")
	fmt.Fprintln(b)
	for _, r := range results {
		fmt.Fprintf(b, "%-8s %s\n", r.Driver, r.headline())
	}
	for _, r := range results {
		if r.Status == StatusCurrent {
			continue
		}
		fmt.Fprintf(b, "\n== %s: %s\n", r.Driver, r.Status)
		if r.Error != "" {
			fmt.Fprintf(b, "%s\n", indent(r.Error))
			continue
		}
		writeMoves(b, r.Moved)
		for _, st := range r.Stages {
			writeStage(b, st, r.From)
		}
	}
	return b.Flush()
}

func writeMoves(b *bufio.Writer, moved []Move) {
	if len(moved) == 0 {
		return
	}
	var parts []string
	for _, m := range moved {
		switch {
		case m.From == "":
			parts = append(parts, m.Module+" (new) "+m.To)
		case m.To == "":
			parts = append(parts, m.Module+" "+m.From+" (dropped)")
		default:
			parts = append(parts, m.Module+" "+m.From+" → "+m.To)
		}
	}
	fmt.Fprintf(b, "also moved: %s\n", strings.Join(parts, ", "))
}

func writeStage(b *bufio.Writer, st Stage, from string) {
	switch {
	case st.Skipped != "":
		fmt.Fprintf(b, "%s: not run (%s)\n", st.Name, st.Skipped)
		return
	case st.OK:
		fmt.Fprintf(b, "%s: ok (%.0fs): %s\n", st.Name, st.Seconds, st.Command)
		return
	}
	fmt.Fprintf(b, "%s: FAILED (%.0fs): %s\n", st.Name, st.Seconds, st.Command)
	if st.Output != "" {
		fmt.Fprintf(b, "%s\n", indent(st.Output))
	}
	for _, f := range st.Failures {
		name := f.Name
		if f.Package != "" && !strings.HasPrefix(name, "package ") {
			name = f.Package + " " + name
		}
		if f.Before {
			name += " (fails at " + from + " too)"
		}
		fmt.Fprintf(b, "  - %s\n", name)
		if f.Output != "" {
			fmt.Fprintf(b, "%s\n", indent(indent(f.Output)))
		}
	}
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}
