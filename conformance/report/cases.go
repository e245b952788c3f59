package report

import (
	"bytes"
	"fmt"
	"io"
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
			bad, passed := 0, 0
			for _, name := range names {
				pass, fail := false, false
				for _, run := range runs {
					if multi && !run.available(c.driver) {
						continue
					}
					switch caseOutcome(run, c.driver, cat.Name, name).mark {
					case markPass:
						pass = true
					case markNotRun:
					default:
						fail = true
					}
				}
				switch {
				case fail:
					bad++
				case pass:
					passed++
				}
			}
			switch {
			case bad > 0:
				any = true
				cells = append(cells, fmt.Sprintf("✅ %d, exceptions %d", len(names)-bad, bad))
			case passed == 0:
				cells = append(cells, markNotRun)
			default:
				cells = append(cells, markPass)
			}
		}
		if any {
			withExceptions = append(withExceptions, cat)
		}
		row(b, cells...)
	}
	b.WriteString("\n")
	for _, cat := range withExceptions {
		only := func(name string) bool { return !passesEverywhere(runs, cat.Name, name) }
		writeCategory(b, runs, cat, cols, multi, caseTable{heading: "###", title: cat.Title + ": exceptions", only: only,
			docs: docsOf(runs, cat.Name), sourceBase: m.SourceBase})
	}
}
