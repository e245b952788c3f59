package report

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// WriteCases renders the matrix's details (docs/matrix-cases.md): the
// results per driver and platform, the drivers' builds and features, every
// case of every category with what it checks, what it expects and a link
// to its source, and every raw-driver probe.
func (m *Matrix) WriteCases(w io.Writer) error {
	runs, sections, err := m.prepared()
	if err != nil {
		return err
	}
	multi := len(runs) > 1
	var cols []column
	for _, name := range driverNames(runs) {
		cols = append(cols, column{driver: name})
	}
	if !multi {
		for i := range cols {
			cols[i].run = runs[0]
		}
	}
	var b bytes.Buffer
	b.WriteString("# Compatibility matrix: every case\n\n")
	b.WriteString("Generated with [the matrix](matrix.md) from the same results; do not edit. Each case links to its source; " +
		"*Expected* is the value or error the case must produce when it is short. ✅ pass, ❌ fail, ➖ unsupported; " +
		"numbers point to the notes under each table.")
	if multi {
		b.WriteString(" A cell holds on every platform unless it names platforms; *elsewhere* means the other platforms where the driver ran.")
	}
	b.WriteString("\n\n")
	writeSummary(&b, runs, multi)
	writeDrivers(&b, runs, cols, multi)
	writeFeatures(&b, runs, cols, multi)
	for _, cat := range categories(runs) {
		writeCategory(&b, runs, cat, cols, multi, caseTable{heading: "##", docs: docsOf(runs, cat.Name), want: true, sourceBase: m.SourceBase})
	}
	writeRaw(&b, runs)
	for _, s := range sections {
		writeSection(&b, runs, s)
	}
	_, err = w.Write(b.Bytes())
	return err
}

// writeConformance is the matrix's summary of the suite: per category, a
// pass mark where every case passes everywhere, and the exceptions, case
// by case, with what each checks.
func (m *Matrix) writeConformance(b *bytes.Buffer, runs []*Run) {
	multi := len(runs) > 1
	var cols []column
	for _, name := range driverNames(runs) {
		c := column{driver: name}
		if !multi {
			c.run = runs[0]
		}
		cols = append(cols, c)
	}
	cats := categories(runs)
	total := 0
	for _, cat := range cats {
		total += len(caseNames(runs, cat.Name))
	}
	b.WriteString("## Conformance\n\n")
	fmt.Fprintf(b, "%d cases in %d categories, each run on every driver and platform below. ✅ means every case of the category "+
		"passes wherever the driver ran; otherwise the cell counts the exceptions, listed after the table. "+
		"Every case: [%s](%s).\n\n", total, len(cats), m.casesFile(), m.casesFile())
	headerRow(b, []string{"Category", "Cases"}, cols, false)
	var withExceptions []Category
	for _, cat := range cats {
		names := caseNames(runs, cat.Name)
		cells := []string{fmt.Sprintf("[%s](%s#%s)", cat.Title, m.casesFile(), anchor(cat.Title)), fmt.Sprint(len(names))}
		any := false
		for _, c := range cols {
			cell, bad := categoryCell(runs, c.driver, cat.Name, names, multi)
			any = any || bad
			cells = append(cells, cell)
		}
		if any {
			withExceptions = append(withExceptions, cat)
		}
		row(b, cells...)
	}
	b.WriteString("\n")
	for _, cat := range withExceptions {
		m.writeExceptions(b, runs, cat, cols, multi)
	}
}

// categoryCell is a driver's cell of the conformance summary: ✅ when
// every case of the category passes wherever the driver ran, else the
// counts of passes, failures (❌) and unsupported cases (➖); bad reports
// the latter.
func categoryCell(runs []*Run, driver, category string, names []string, multi bool) (cell string, bad bool) {
	passed, failed, unsupported := 0, 0, 0
	for _, name := range names {
		pass, fail, unsup := false, false, false
		for _, run := range runs {
			if multi && !run.available(driver) {
				continue
			}
			switch caseOutcome(run, driver, category, name).mark {
			case markPass:
				pass = true
			case markNotRun:
			case markFail:
				fail = true
			default:
				unsup = true
			}
		}
		switch {
		case fail:
			failed++
		case unsup:
			unsupported++
		case pass:
			passed++
		}
	}
	switch {
	case failed+unsupported > 0:
		cell = fmt.Sprintf("✅ %d", len(names)-failed-unsupported)
		if failed > 0 {
			cell += fmt.Sprintf(", ❌ %d", failed)
		}
		if unsupported > 0 {
			cell += fmt.Sprintf(", ➖ %d", unsupported)
		}
		return cell, true
	case passed == 0:
		return markNotRun, false
	default:
		return markPass, false
	}
}

// collapseMin is how many cases one driver must report unsupported for
// one reason, in a category where they pass on every other driver, before
// the exceptions list them as one line (with a link to every case) instead
// of a row each: a driver without a whole feature (a remote engine without
// local files) would otherwise fill the matrix with identical rows.
const collapseMin = 3

// writeExceptions lists a category's cases that do not pass everywhere:
// a row each, except for the groups of cases (collapseMin or more) whose
// only exception is one driver's ➖ with one reason, which are a line
// each.
func (m *Matrix) writeExceptions(b *bytes.Buffer, runs []*Run, cat Category, cols []column, multi bool) {
	type key struct{ driver, reason string }
	groups := map[key][]string{}
	var keys []key
	for _, name := range caseNames(runs, cat.Name) {
		if d, reason, ok := soleUnsupported(runs, cat.Name, name); ok {
			k := key{d, reason}
			if groups[k] == nil {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], name)
		}
	}
	collapsed := map[string]bool{}
	var lines []string
	for _, k := range keys {
		if len(groups[k]) < collapseMin {
			continue
		}
		for _, name := range groups[k] {
			collapsed[name] = true
		}
		lines = append(lines, fmt.Sprintf("- %s: %d cases unsupported: %s ([every case](%s#%s))",
			k.driver, len(groups[k]), escape(firstLine(k.reason)), m.casesFile(), anchor(cat.Title)))
	}
	sort.Strings(lines)
	title := cat.Title + ": exceptions"
	only := func(name string) bool { return !collapsed[name] && !passesEverywhere(runs, cat.Name, name) }
	if !slices.ContainsFunc(caseNames(runs, cat.Name), only) {
		fmt.Fprintf(b, "### %s\n\n", title)
	} else {
		writeCategory(b, runs, cat, cols, multi, caseTable{heading: "###", title: title, only: only,
			docs: docsOf(runs, cat.Name), sourceBase: m.SourceBase})
	}
	if len(lines) > 0 {
		b.WriteString(strings.Join(lines, "\n") + "\n\n")
	}
}

// soleUnsupported returns the driver and the reason when the only
// exception of a case, on every run, is that one driver reports it
// unsupported with that one reason.
func soleUnsupported(runs []*Run, category, name string) (driver, reason string, ok bool) {
	for _, run := range runs {
		for _, d := range run.Drivers {
			o := caseOutcome(run, d.Name, category, name)
			switch {
			case o.mark == markPass || o.mark == markNotRun:
				continue
			case o.mark == markUnsupported && driver == "":
				driver, reason = d.Name, o.detail
				continue
			case o.mark == markUnsupported && driver == d.Name && reason == o.detail:
				continue
			}
			return "", "", false
		}
	}
	return driver, reason, driver != ""
}
