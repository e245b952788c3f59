package report

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
)

// Cell marks.
const (
	markPass        = "✅"
	markFail        = "❌"
	markUnsupported = "➖"
	markNotRun      = " "
)

// column is one driver on one platform.
type column struct {
	run    *Run
	driver string
}

func (c column) header(multi bool) string {
	if multi {
		return c.driver + "<br>" + c.run.Label()
	}
	return c.driver
}

// available reports whether the run has the driver and could open
// databases with it (a build-only run opened none).
func (r *Run) available(driver string) bool {
	if r.BuildOnly {
		return false
	}
	for _, d := range r.Drivers {
		if d.Name == driver {
			return d.Unavailable == ""
		}
	}
	return false
}

// sortRuns orders runs by label, so that a merged matrix does not depend
// on the order its inputs were given in.
func sortRuns(runs []*Run) []*Run {
	runs = slices.Clone(runs)
	sort.SliceStable(runs, func(i, j int) bool {
		if runs[i].Platform != runs[j].Platform {
			return runs[i].Platform < runs[j].Platform
		}
		return runs[i].Cgo && !runs[j].Cgo
	})
	return runs
}

// group is one distinct value of a cell across the runs of a merged
// matrix, and the runs that have it.
type group struct {
	key    string
	labels []string
}

// groupBy collects the runs' values of a cell into distinct values, in
// the order of the runs.
func groupBy(runs []*Run, value func(*Run) (string, bool)) []group {
	var gs []group
	for _, r := range runs {
		v, ok := value(r)
		if !ok {
			continue
		}
		i := slices.IndexFunc(gs, func(g group) bool { return g.key == v })
		if i < 0 {
			gs = append(gs, group{key: v})
			i = len(gs) - 1
		}
		gs[i].labels = append(gs[i].labels, r.Label())
	}
	return gs
}

func (g group) on() string { return strings.Join(g.labels, ", ") }

// collapse renders distinct values across runs: the value alone when all
// runs agree, otherwise "runs: value" for each.
func collapse(gs []group) string {
	switch len(gs) {
	case 0:
		return ""
	case 1:
		return gs[0].key
	}
	var parts []string
	for _, g := range gs {
		if len(g.labels) > 0 {
			parts = append(parts, "*"+g.on()+"*: "+g.key)
		}
	}
	return strings.Join(parts, "<br>")
}

// driverNames lists the drivers of all runs, in order of first appearance.
func driverNames(runs []*Run) []string {
	var names []string
	for _, r := range runs {
		for _, d := range r.Drivers {
			if !slices.Contains(names, d.Name) {
				names = append(names, d.Name)
			}
		}
	}
	return names
}

// notes numbers the footnotes of one table; equal texts share a number.
type notes struct {
	texts []string
}

func (n *notes) add(text string) string {
	i := slices.Index(n.texts, text)
	if i < 0 {
		n.texts = append(n.texts, text)
		i = len(n.texts) - 1
	}
	return fmt.Sprintf(" (%d)", i+1)
}

func (n *notes) write(b *bytes.Buffer) {
	if len(n.texts) == 0 {
		return
	}
	b.WriteString("\n")
	for i, t := range n.texts {
		fmt.Fprintf(b, "%d. %s\n", i+1, t)
	}
}

// Matrix is what the compatibility matrix is rendered from: the runs of
// every platform, and what was measured apart from them.
type Matrix struct {
	Runs      []*Run
	Footprint *Footprint // hello-world sizes and cold build times (conform footprint); nil if not measured
	// FootprintFile is the footprint's JSON as the matrix links it.
	FootprintFile string
	Speed         *Speed // speed relative to a baseline driver (docs/bench.md); nil if not measured
	// CasesFile is the name of the per-case file (WriteCases) as the
	// matrix links it, "matrix-cases.md" if empty.
	CasesFile string
	// SourceBase is the path from the Markdown files to the module's
	// directory, prefixed to the source links of cases: "../" for docs/.
	SourceBase string
	// Sections render what other tools added to the runs (Run.Extra), by
	// key: the matrix and the cases file end with them. A run whose Extra
	// holds a key without a Section here cannot be rendered.
	Sections []Section
	// Facts are sections measured apart from the conformance runs (power
	// cuts, for one), rendered by the tool that measured them; the matrix
	// shows them, in order, before Platforms.
	Facts []Fact
}

// Fact is a section of the matrix that another tool measured and
// rendered: a heading and its Markdown body, which should link the tool's
// full report.
type Fact struct {
	Heading  string // without the leading "## "
	Markdown []byte
}

// Speed is each driver's time relative to a baseline driver, from the
// benchmark report (bench/report.ReadSummary).
type Speed struct {
	Baseline  string
	Micro     map[string]float64 // geometric mean over the micro-benchmarks
	Workloads map[string]float64 // geometric mean over the workloads
	Report    string             // the report, as the matrix links it: "bench.md"
}

// WriteMarkdown renders the matrix of runs (one per platform) without
// measurements made apart from the runs and without sections of other
// tools: Matrix{Runs: runs}.WriteMarkdown.
func WriteMarkdown(w io.Writer, runs []*Run) error {
	return (&Matrix{Runs: runs}).WriteMarkdown(w)
}

// prepared returns the runs to render, replaced runs dropped (Prefer) and
// sorted by platform, and the Sections of their Extra results.
func (m *Matrix) prepared() ([]*Run, []Section, error) {
	if len(m.Runs) == 0 {
		return nil, nil, fmt.Errorf("report: no runs to render")
	}
	runs := sortRuns(Prefer(m.Runs))
	sections, err := m.sections(runs)
	if err != nil {
		return nil, nil, err
	}
	return runs, sections, nil
}

func (m *Matrix) casesFile() string {
	if m.CasesFile == "" {
		return "matrix-cases.md"
	}
	return m.CasesFile
}

// WriteMarkdown renders the compatibility matrix (docs/matrix.md): the
// choice table, what changes between drivers, the conformance summary
// with its exceptions, the platforms, and the sections other tools add.
// The output depends only on the runs and measurements: sorted, no times.
//
// A cell of a merged matrix (several runs) says what holds on every run
// and names the runs where it differs ("❌ windows/amd64 (2)<br>✅
// elsewhere"). The full per-case tables are in the cases file
// ([Matrix.WriteCases]).
func (m *Matrix) WriteMarkdown(w io.Writer) error {
	runs, sections, err := m.prepared()
	if err != nil {
		return err
	}
	multi := len(runs) > 1
	var b bytes.Buffer
	b.WriteString("# Compatibility matrix\n\n")
	if multi {
		b.WriteString("Generated by `conform` on each platform listed under [Platforms](#platforms), merged; do not edit. ")
	} else {
		b.WriteString("Generated by `" + runs[0].Command + "`; do not edit. ")
	}
	fmt.Fprintf(&b, "It answers two questions first, then summarises the conformance suite; every case, with what it checks, "+
		"what it expects and its source, is in [%s](%s). ✅ pass, ❌ fail, ➖ unsupported; numbers point to the notes under each table.",
		m.casesFile(), m.casesFile())
	if multi {
		b.WriteString(" A cell holds on every platform unless it names platforms; *elsewhere* means the other platforms where the driver ran.")
	}
	b.WriteString("\n\n")
	m.writeChoice(&b, runs, sectionLimits(runs, sections))
	m.writeSwitching(&b, runs)
	m.writeConformance(&b, runs)
	for _, f := range m.Facts {
		b.WriteString("## " + f.Heading + "\n\n")
		b.Write(f.Markdown)
	}
	b.WriteString("## Platforms\n\n")
	writeEnvironment(&b, runs)
	writeSummaries(&b, runs, sections, m.casesFile())
	_, err = w.Write(b.Bytes())
	return err
}

// categories lists the categories of all runs, in catalogue order (the
// first run's, then any only later runs have).
func categories(runs []*Run) []Category {
	var cats []Category
	for _, r := range runs {
		for _, c := range r.Categories {
			if !slices.ContainsFunc(cats, func(x Category) bool { return x.Name == c.Name }) {
				cats = append(cats, c)
			}
		}
	}
	return cats
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func row(b *bytes.Buffer, cells ...string) {
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

func headerRow(b *bytes.Buffer, first []string, cols []column, multi bool) {
	cells := slices.Clone(first)
	for _, c := range cols {
		cells = append(cells, c.header(multi))
	}
	row(b, cells...)
	seps := make([]string, len(cells))
	for i := range seps {
		seps[i] = "---"
	}
	row(b, seps...)
}

func writeEnvironment(b *bytes.Buffer, runs []*Run) {
	multi := len(runs) > 1
	runner := multi || slices.ContainsFunc(runs, func(r *Run) bool { return r.Runner != "" })
	head := []string{"Platform", "Go", "cgo", "Build tags"}
	if runner {
		head = append(head, "Run under")
	}
	if multi {
		head = append(head, "Command")
	}
	row(b, head...)
	seps := make([]string, len(head))
	for i := range seps {
		seps[i] = "---"
	}
	row(b, seps...)
	for _, r := range runs {
		cgo := "off"
		if r.Cgo {
			cgo = "on"
		}
		tags := strings.Join(r.Tags, ", ")
		if tags == "" {
			tags = "none"
		}
		platform := r.Platform
		if multi {
			platform = r.Key()
		}
		cells := []string{platform, r.GoVersion, cgo, tags}
		if runner {
			under := r.Runner
			if under == "" {
				under = "native"
			}
			cells = append(cells, escape(under))
		}
		if multi {
			cells = append(cells, "`"+r.Command+"`")
		}
		row(b, cells...)
	}
	b.WriteString("\n")
	noted := false
	for _, r := range runs {
		for _, note := range r.Notes {
			noted = true
			fmt.Fprintf(b, "- **%s**: %s\n", r.Label(), strings.ReplaceAll(note, "\n", " "))
		}
	}
	if noted {
		b.WriteString("\n")
	}
}

// notableOptions are the compile options shown in the driver table.
var notableOptions = []string{"THREADSAFE", "DEFAULT_SYNCHRONOUS", "DEFAULT_WAL_SYNCHRONOUS", "DEFAULT_FOREIGN_KEYS",
	"DQS", "DEFAULT_MMAP_SIZE", "MAX_MMAP_SIZE", "DEFAULT_CACHE_SIZE", "TEMP_STORE", "ENABLE_FTS5", "ENABLE_RTREE",
	"ENABLE_MATH_FUNCTIONS", "ENABLE_COLUMN_METADATA", "OMIT_LOAD_EXTENSION", "ENABLE_UPDATE_DELETE_LIMIT", "USE_URI"}

func writeDrivers(b *bytes.Buffer, runs []*Run, cols []column, multi bool) {
	b.WriteString("## Drivers\n\n")
	headerRow(b, []string{""}, cols, false)
	info := func(r *Run, driver string) (adapter.DriverInfo, bool) {
		for _, d := range r.Drivers {
			if d.Name == driver {
				return d.DriverInfo, true
			}
		}
		return adapter.DriverInfo{}, false
	}
	// A line's cell: in a merged matrix the runs where the driver is
	// available agree or are named; the Unavailable line names the runs
	// where it is not.
	line := func(label string, f func(adapter.DriverInfo) string) {
		cells := []string{label}
		empty := true
		for _, c := range cols {
			var v string
			if !multi {
				d, _ := info(c.run, c.driver)
				v = f(d)
			} else {
				gs := groupBy(runs, func(r *Run) (string, bool) {
					d, ok := info(r, c.driver)
					if !ok || (d.Unavailable == "") == (label == "Unavailable") {
						return "", false
					}
					return f(d), true
				})
				if label == "Unavailable" && len(gs) == 1 {
					gs = append(gs, group{}) // name the runs even when it is one reason
				}
				v = collapse(gs)
			}
			empty = empty && v == ""
			cells = append(cells, v)
		}
		if !empty {
			row(b, cells...)
		}
	}
	line("Module", func(d adapter.DriverInfo) string { return "`" + d.Module + "` " + d.ModuleVersion })
	line("SQLite", func(d adapter.DriverInfo) string { return d.SQLiteVersion })
	line("cgo", func(d adapter.DriverInfo) string { return map[bool]string{true: "yes", false: "no"}[d.Cgo] })
	line("Unavailable", func(d adapter.DriverInfo) string { return d.Unavailable })
	line("Notable compile options", func(d adapter.DriverInfo) string {
		var shown []string
		for _, o := range d.CompileOpts {
			name, _, _ := strings.Cut(o, "=")
			if slices.Contains(notableOptions, name) {
				shown = append(shown, o)
			}
		}
		return strings.Join(shown, "<br>")
	})
	b.WriteString("\n")
}

// outcome is one result (a case, a feature) of a driver on one run.
type outcome struct {
	mark   string // markPass, markFail, markUnsupported, markNotRun
	detail string
}

// cell renders a driver's outcomes across runs (gs, grouped by outcome),
// adding notes for failures and unsupported results: "note" makes a
// note's text from the outcome and the runs it holds on ("" in a
// one-run matrix).
func cell(gs []group, n *notes, note func(o outcome, on string) string, multi bool) string {
	decode := func(g group) outcome {
		mark, detail, _ := strings.Cut(g.key, "\x00")
		return outcome{mark, detail}
	}
	render := func(g group) string {
		o := decode(g)
		switch o.mark {
		case markPass:
			return markPass
		case markNotRun:
			return markNotRun
		}
		// One outcome on every run: the note names no platform.
		return o.mark + n.add(note(o, ""))
	}
	switch len(gs) {
	case 0:
		return markNotRun
	case 1:
		return render(gs[0])
	}
	var parts []string
	passed := false
	for _, g := range gs {
		switch decode(g).mark {
		case markPass:
			passed = true
		case markNotRun:
			parts = append(parts, "not run on "+g.on())
		default:
			o := decode(g)
			parts = append(parts, o.mark+" "+g.on()+n.add(note(o, g.on())))
		}
	}
	if passed {
		parts = append(parts, markPass+" elsewhere")
	}
	return strings.Join(parts, "<br>")
}

func (o outcome) key() string { return o.mark + "\x00" + o.detail }

// outcomes groups a driver's outcomes across runs: every run in a one-run
// matrix, the runs where the driver is available in a merged one.
func outcomes(runs []*Run, driver string, multi bool, f func(*Run) outcome) []group {
	return groupBy(runs, func(r *Run) (string, bool) {
		if multi && !r.available(driver) {
			return "", false
		}
		return f(r).key(), true
	})
}

// who names a driver in a note, with the runs it holds on in a merged
// matrix: "mattn", "mattn on windows/amd64".
func who(driver, on string) string {
	if on == "" {
		return driver
	}
	return driver + " on " + on
}

func writeFeatures(b *bytes.Buffer, runs []*Run, cols []column, multi bool) {
	b.WriteString("## Features\n\nProbed on a live connection by `adapter.Open` (`DB.Driver().Features`).\n\n")
	set := map[string]bool{}
	for _, r := range runs {
		for _, d := range r.Drivers {
			for f := range d.Features {
				set[string(f)] = true
			}
		}
	}
	features := sortedKeys(set)
	headerRow(b, []string{"Feature"}, cols, false)
	var n notes
	for _, f := range features {
		cells := []string{"`" + f + "`"}
		for _, c := range cols {
			gs := outcomes(runs, c.driver, multi, func(r *Run) outcome {
				for _, d := range r.Drivers {
					if d.Name != c.driver || d.Unavailable != "" {
						continue
					}
					if s := d.Features[adapter.Feature(f)]; s.OK {
						return outcome{mark: markPass}
					} else {
						return outcome{markUnsupported, reasonOrUnknown(s.Reason)}
					}
				}
				return outcome{mark: markNotRun}
			})
			cells = append(cells, cell(gs, &n, func(o outcome, on string) string {
				return o.mark + " " + who(c.driver, on) + ": " + o.detail
			}, multi))
		}
		row(b, cells...)
	}
	n.write(b)
	b.WriteString("\n")
}

func reasonOrUnknown(s string) string {
	if s == "" {
		return "no reason given"
	}
	return s
}

func writeSummary(b *bytes.Buffer, runs []*Run, multi bool) {
	b.WriteString("## Results per driver and platform\n\nCases passed / run per category (❌ failed, ➖ unsupported).\n\n")
	// One column per driver in a one-run matrix; per driver and run (where
	// the driver is available) in a merged one.
	var cols []column
	if multi {
		for _, name := range driverNames(runs) {
			for _, r := range runs {
				if r.available(name) {
					cols = append(cols, column{r, name})
				}
			}
		}
	} else {
		for _, d := range runs[0].Drivers {
			cols = append(cols, column{runs[0], d.Name})
		}
	}
	headerRow(b, []string{"Category"}, cols, multi)
	for _, cat := range categories(runs) {
		cells := []string{"[" + cat.Title + "](#" + anchor(cat.Title) + ")"}
		for _, c := range cols {
			var pass, fail, unsup, total int
			for _, r := range c.run.Results {
				if r.Driver != c.driver || r.Category != cat.Name {
					continue
				}
				total++
				switch r.Status {
				case conformance.Pass:
					pass++
				case conformance.Fail:
					fail++
				case conformance.Unsupported:
					unsup++
				}
			}
			cell := fmt.Sprintf("%d/%d", pass, total)
			if fail > 0 {
				cell += fmt.Sprintf(" ❌%d", fail)
			}
			if unsup > 0 {
				cell += fmt.Sprintf(" ➖%d", unsup)
			}
			if total == 0 {
				cell = markNotRun
			}
			cells = append(cells, cell)
		}
		row(b, cells...)
	}
	b.WriteString("\n")
}

// anchor is GitHub's heading anchor for a title.
func anchor(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// caseTable says how writeCategory lays out a category's cases.
type caseTable struct {
	heading    string             // "##" or "###"
	title      string             // heading text; the category's title if empty
	only       func(string) bool  // the cases to show; nil: all
	docs       map[string]CaseDoc // what each case checks; nil: no such columns
	want       bool               // add the Expected column
	sourceBase string             // prefix of source links; cases are linked when docs have a Source
}

// caseNames lists a category's cases in the order the first run that has
// the category lists them.
func caseNames(runs []*Run, category string) []string {
	var names []string
	seen := map[string]bool{}
	for _, run := range runs {
		for _, r := range run.Results {
			if r.Category == category && !seen[r.Case] {
				seen[r.Case] = true
				names = append(names, r.Case)
			}
		}
	}
	return names
}

// caseOutcome is a case's outcome for a driver on a run.
func caseOutcome(run *Run, driver, category, name string) outcome {
	r, ok := run.result(driver, category, name)
	switch {
	case !ok:
		return outcome{mark: markNotRun}
	case r.Status == conformance.Pass:
		return outcome{mark: markPass}
	case r.Status == conformance.Fail:
		return outcome{markFail, firstLine(r.Detail)}
	default:
		return outcome{markUnsupported, r.Detail}
	}
}

// passesEverywhere reports whether a case passes for every driver on
// every run that ran it.
func passesEverywhere(runs []*Run, category, name string) bool {
	for _, run := range runs {
		for _, d := range run.Drivers {
			if o := caseOutcome(run, d.Name, category, name); o.mark != markPass && o.mark != markNotRun {
				return false
			}
		}
	}
	return true
}

func writeCategory(b *bytes.Buffer, runs []*Run, cat Category, cols []column, multi bool, t caseTable) {
	title := t.title
	if title == "" {
		title = cat.Title
	}
	fmt.Fprintf(b, "%s %s\n\n", t.heading, title)
	if t.title == "" {
		fmt.Fprintf(b, "%s\n\n", cat.Doc)
	}
	var names []string
	for _, name := range caseNames(runs, cat.Name) {
		if t.only == nil || t.only(name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		b.WriteString("No cases were run.\n\n")
		return
	}
	first := []string{"Case"}
	if t.docs != nil {
		first = append(first, "What it checks")
	}
	if t.want {
		first = append(first, "Expected")
	}
	headerRow(b, first, cols, false)
	var n notes
	for _, name := range names {
		doc := t.docs[name]
		cells := []string{name}
		if doc.Source != "" && t.sourceBase != "" {
			cells[0] = "[" + name + "](" + sourceLink(t.sourceBase, doc.Source) + ")"
		}
		if t.docs != nil {
			cells = append(cells, escape(doc.Doc))
		}
		if t.want {
			w := ""
			if doc.Want != "" {
				w = "`" + strings.ReplaceAll(doc.Want, "`", "'") + "`"
			}
			cells = append(cells, escape(w))
		}
		for _, c := range cols {
			gs := outcomes(runs, c.driver, multi, func(run *Run) outcome { return caseOutcome(run, c.driver, cat.Name, name) })
			cells = append(cells, cell(gs, &n, func(o outcome, on string) string {
				if o.mark == markFail {
					return o.mark + " " + who(c.driver, on) + " " + name + ": " + o.detail
				}
				return o.mark + " " + who(c.driver, on) + ": " + o.detail
			}, multi))
		}
		row(b, cells...)
	}
	n.write(b)
	b.WriteString("\n")
}

// sourceLink turns "dir/file.go:12" into "BASE/dir/file.go#L12".
func sourceLink(base, source string) string {
	path, line, ok := strings.Cut(source, ":")
	if !ok {
		return base + source
	}
	return base + path + "#L" + line
}

// docsOf returns what each case of a category checks, from the first
// run that has the catalogue with sources (else without).
func docsOf(runs []*Run, category string) map[string]CaseDoc {
	var best []CaseDoc
	for _, r := range runs {
		for _, c := range r.Categories {
			if c.Name != category || len(c.Cases) == 0 {
				continue
			}
			if best == nil || best[0].Source == "" && c.Cases[0].Source != "" {
				best = c.Cases
			}
		}
	}
	docs := map[string]CaseDoc{}
	for _, d := range best {
		docs[d.Name] = d
	}
	return docs
}

// firstLine keeps a failure note to one line of bounded length; the full
// detail is in the JSON results and in `conform -v`.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return strings.ReplaceAll(s, "|", "\\|")
}

func escape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", "<br>")
}
