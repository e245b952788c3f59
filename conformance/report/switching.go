package report

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
)

// Consequences of a difference between drivers, worst first (the words of
// conformance/raw.Consequence).
var consequenceOrder = []string{"silent data change", "different error", "different text only"}

// gains tags the direction of a difference that adds a feature.
const gains = "none (gains it)"

// unclassified tags a difference no run classified.
const unclassified = "unclassified"

// rawDiff is a probe whose answers differ between two drivers.
type rawDiff struct {
	probe    Probe
	a, b     string // the answers of the pair's first and second driver, collapsed across runs
	ab, ba   string // the consequence of moving from the first to the second, and back
	severity int
}

// adapterDiff is a conformance case or a feature whose outcome differs
// between two drivers through the adapter.
type adapterDiff struct {
	what   string // "Bad input and misuse / OutOfMemoryIsAnError", "feature heap-limit"
	a, b   string // outcome cells
	ab, ba string
}

// answerable reports an answer that says what the driver does (not that
// it was unavailable or the probe failed).
func answerable(a string) bool {
	return a != "" && !strings.HasPrefix(a, "unavailable:") && !strings.HasPrefix(a, "error:") && !strings.HasPrefix(a, "not run")
}

// answer finds a driver's answer to a probe in a run.
func (r *Run) answer(driver, probe string) string {
	for _, o := range r.Raw {
		if o.Driver == driver && o.Probe == probe {
			return o.Answer
		}
	}
	return ""
}

// rawDiffs lists the probes whose answers differ between drivers x and y
// on some run where both answered, worst consequence first.
func rawDiffs(runs []*Run, probes []Probe, x, y string) []rawDiff {
	var out []rawDiff
	for _, p := range probes {
		differs := false
		for _, r := range runs {
			ax, ay := r.answer(x, p.Name), r.answer(y, p.Name)
			if answerable(ax) && answerable(ay) && ax != ay {
				differs = true
			}
		}
		if !differs {
			continue
		}
		d := rawDiff{probe: p, ab: classified(runs, p.Name, x, y), ba: classified(runs, p.Name, y, x)}
		if d.ab == "" && d.ba == "" {
			continue // a probe that is not about behaviour (the SQLite version)
		}
		both := func(r *Run) bool {
			if !r.asked(p.Name) {
				return r.available(x) && r.available(y)
			}
			return answerable(r.answer(x, p.Name)) && answerable(r.answer(y, p.Name))
		}
		d.a, d.b = answerCell(runs, p.Name, x, both), answerCell(runs, p.Name, y, both)
		d.severity = min(severityOf(d.ab), severityOf(d.ba))
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].severity < out[j].severity })
	return out
}

// classified is the consequence of moving from one driver to another for a
// probe, as the runs recorded it; "" if the probe classifies no pair
// (not behaviour), unclassified if no run classified this pair.
func classified(runs []*Run, probe, from, to string) string {
	known := false
	for _, r := range runs {
		for _, p := range r.Probes {
			if p.Name != probe {
				continue
			}
			if c, ok := p.Switch[from+"→"+to]; ok {
				return c
			}
			known = known || len(p.Switch) > 0
		}
	}
	if !known {
		return ""
	}
	return unclassified
}

func severityOf(c string) int {
	if i := slices.Index(consequenceOrder, c); i >= 0 {
		return i
	}
	return len(consequenceOrder)
}

// adapterDiffs lists what still differs between drivers x and y through
// the adapter: cases and features whose outcome differs on a run where
// both are available.
func adapterDiffs(runs []*Run, x, y string) []adapterDiff {
	var out []adapterDiff
	both := func(r *Run) bool { return r.available(x) && r.available(y) }
	consequence := func(from, to outcome) string {
		switch {
		case to.mark == markPass:
			return gains
		case to.mark == markFail && strings.Contains(to.detail, "result differs"):
			return consequenceOrder[0]
		}
		return consequenceOrder[1]
	}
	add := func(what string, of func(r *Run, driver string) outcome) {
		differs := false
		var first [2]outcome
		for _, r := range runs {
			if !both(r) {
				continue
			}
			ox, oy := of(r, x), of(r, y)
			if ox.key() != oy.key() && !differs {
				differs, first = true, [2]outcome{ox, oy}
			}
		}
		if !differs {
			return
		}
		cellOf := func(driver string) string {
			return inlineCell(groupBy(runs, func(r *Run) (string, bool) { return of(r, driver).key(), both(r) }), len(runs) > 1)
		}
		d := adapterDiff{what: what, a: cellOf(x), b: cellOf(y),
			ab: consequence(first[0], first[1]), ba: consequence(first[1], first[0])}
		out = append(out, d)
	}
	for _, cat := range categories(runs) {
		for _, name := range caseNames(runs, cat.Name) {
			add(cat.Title+": "+name, func(r *Run, driver string) outcome { return caseOutcome(r, driver, cat.Name, name) })
		}
	}
	for _, f := range featureNames(runs) {
		add("feature `"+f+"`", func(r *Run, driver string) outcome {
			info, _ := r.driverInfo(driver)
			if s := info.Features[adapter.Feature(f)]; !s.OK {
				return outcome{markUnsupported, reasonOrUnknown(s.Reason)}
			}
			return outcome{mark: markPass}
		})
	}
	return out
}

// throughCell says what the adapter does about a probe for drivers x and
// y: the same answer on both (its Adapter line), or, while it does not
// unify the probe (Through), what each does.
func throughCell(p Probe, x, y string) string {
	tx, ty := p.Through[x], p.Through[y]
	switch {
	case len(p.Through) == 0:
		return "same on both: " + escape(p.Adapter)
	case tx == "" || ty == "":
		return escape(p.Adapter)
	case tx == ty:
		return "same on both, not on every driver yet: " + escape(tx)
	}
	return fmt.Sprintf("still differs: %s %s; %s %s", x, escape(tx), y, escape(ty))
}

// throughDiffs lists the probes the adapter does not unify yet whose
// answers through it differ between x and y (Probe.Through), classified
// like the raw answers (Probe.ThroughSwitch of any run).
func throughDiffs(runs []*Run, probes []Probe, x, y string) []adapterDiff {
	classified := func(probe, from, to string) string {
		for _, r := range runs {
			for _, p := range r.Probes {
				if c, ok := p.ThroughSwitch[from+"→"+to]; ok && p.Name == probe {
					return c
				}
			}
		}
		return unclassified
	}
	var out []adapterDiff
	for _, p := range probes {
		tx, ty := p.Through[x], p.Through[y]
		if tx == "" || ty == "" || tx == ty {
			continue
		}
		out = append(out, adapterDiff{what: "probe " + p.Name + ": " + p.Question, a: escape(tx), b: escape(ty),
			ab: classified(p.Name, x, y), ba: classified(p.Name, y, x)})
	}
	return out
}

// inlineCell renders outcomes grouped across runs with their details
// inline: "✅", "➖ reason", or one line per group naming its runs.
func inlineCell(gs []group, multi bool) string {
	text := func(g group) string {
		mark, detail, _ := strings.Cut(g.key, "\x00")
		if detail == "" {
			return mark
		}
		return mark + " " + escape(detail)
	}
	if len(gs) == 1 || !multi {
		if len(gs) == 0 {
			return markNotRun
		}
		return text(gs[0])
	}
	var parts []string
	for _, g := range gs {
		parts = append(parts, "*"+g.on()+"*: "+text(g))
	}
	return strings.Join(parts, "<br>")
}

// featureNames lists the features any run's drivers report, sorted.
func featureNames(runs []*Run) []string {
	set := map[string]bool{}
	for _, r := range runs {
		for _, d := range r.Drivers {
			for f := range d.Features {
				set[string(f)] = true
			}
		}
	}
	return sortedKeys(set)
}

// allProbes lists the probes of all runs, in catalogue order: a probe
// that only some runs know follows the probe it follows in their
// catalogue, whatever order the runs come in.
func allProbes(runs []*Run) []Probe {
	var probes []Probe
	index := func(name string) int { return slices.IndexFunc(probes, func(x Probe) bool { return x.Name == name }) }
	for _, r := range runs {
		at := 0 // where the run's next probe goes, if it is new
		for _, p := range r.Probes {
			if i := index(p.Name); i >= 0 {
				at = i + 1
				continue
			}
			probes = slices.Insert(probes, at, p)
			at++
		}
	}
	return probes
}

// writeSwitching writes "What changes if I switch from X to Y?": for
// every ordered pair of drivers, what a project meets through plain
// database/sql (the raw probes whose answers differ) and what remains
// through anysqlite, each difference tagged by its consequence.
func (m *Matrix) writeSwitching(b *bytes.Buffer, runs []*Run) {
	drivers := driverNames(runs)
	probes := allProbes(runs)
	if len(drivers) < 2 {
		return
	}
	b.WriteString("## What changes if I switch from X to Y?\n\n")
	fmt.Fprintf(b, "Through plain `database/sql` with each driver's own DSN, the raw-driver probes (%d questions, "+
		"%d of them answered alike by every driver: [all answers](%s#raw-driver-behaviour)) find the differences below; "+
		"through anysqlite, only the conformance cases, features and probes whose outcome differs remain "+
		"(a probe is listed there while the adapter does not make the drivers answer it alike yet). "+
		"Each difference is tagged by what the project meets "+
		"when it moves from X to Y: **silent data change** (no error, but other data stored or read, settings or "+
		"durability lost, other statements run), **different error** (something that worked fails, or fails "+
		"another way), **different text only** (the same outcome in other words). A number in parentheses set as "+
		"code, like `(1)`, is the SQLite result code in a driver's message.\n\n",
		len(probes), countAlike(runs, probes), m.casesFile())
	type pair struct{ x, y string }
	var pairs []pair
	for i, x := range drivers {
		for _, y := range drivers[i+1:] {
			pairs = append(pairs, pair{x, y})
		}
	}
	raws := map[pair][]rawDiff{}
	adapters := map[pair][]adapterDiff{}
	for _, p := range pairs {
		raws[p] = rawDiffs(runs, probes, p.x, p.y)
		adapters[p] = append(adapterDiffs(runs, p.x, p.y), throughDiffs(runs, probes, p.x, p.y)...)
	}
	b.WriteString("| From → to | Through database/sql | Through anysqlite |\n|---|---|---|\n")
	for _, from := range drivers {
		for _, to := range drivers {
			if from == to {
				continue
			}
			p, forward := pair{from, to}, true
			if _, ok := raws[p]; !ok {
				p, forward = pair{to, from}, false
			}
			var rawTags, adapterTags []string
			for _, d := range raws[p] {
				rawTags = append(rawTags, pick(forward, d.ab, d.ba))
			}
			for _, d := range adapters[p] {
				adapterTags = append(adapterTags, pick(forward, d.ab, d.ba))
			}
			rawCell := countTags(rawTags)
			for _, d := range []string{from, to} {
				if !probed(runs, d) {
					rawCell = "not probed (" + d + ": no raw-driver probes)"
				}
			}
			fmt.Fprintf(b, "| %s → %s | %s | %s |\n", from, to, rawCell, countTags(adapterTags))
		}
	}
	b.WriteString("\n")
	for _, p := range pairs {
		fmt.Fprintf(b, "### %s ↔ %s\n\n", p.x, p.y)
		fmt.Fprintf(b, "| Through database/sql | %s | %s | %s → %s | %s → %s | Through anysqlite |\n|---|---|---|---|---|---|\n",
			p.x, p.y, p.x, p.y, p.y, p.x)
		for _, d := range raws[p] {
			fmt.Fprintf(b, "| %s: %s | %s | %s | %s | %s | %s |\n", d.probe.Name, escape(d.probe.Question),
				d.a, d.b, d.ab, d.ba, throughCell(d.probe, p.x, p.y))
		}
		if len(raws[p]) == 0 {
			b.WriteString("| nothing differs | | | | | |\n")
		}
		b.WriteString("\n")
		if len(adapters[p]) == 0 {
			fmt.Fprintf(b, "Through anysqlite nothing else differs between %s and %s on any platform where both ran.\n\n", p.x, p.y)
			continue
		}
		fmt.Fprintf(b, "Still different through anysqlite:\n\n| Case, feature or probe | %s | %s | %s → %s | %s → %s |\n|---|---|---|---|---|\n",
			p.x, p.y, p.x, p.y, p.y, p.x)
		for _, d := range groupUnsupported(adapters[p]) {
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", escape(d.what), d.a, d.b, d.ab, d.ba)
		}
		b.WriteString("\n")
	}
}

// groupUnsupported folds the cases that differ alike because one driver
// lacks what they need (the same ➖ reason against the same outcome) into
// one row per reason, "55 cases (Transactions 53, FTS5 full-text search
// 2)", where there are at least minGroup of them: a driver that lacks a
// feature (a remote engine's transactions) would otherwise repeat its
// reason once per case. The cases are listed under Conformance.
func groupUnsupported(diffs []adapterDiff) []adapterDiff {
	const minGroup = 3
	type key struct{ a, b, ab, ba string }
	keyOf := func(d adapterDiff) (key, bool) {
		if strings.HasPrefix(d.what, "feature ") || !strings.HasPrefix(d.a, markUnsupported) && !strings.HasPrefix(d.b, markUnsupported) {
			return key{}, false
		}
		return key{d.a, d.b, d.ab, d.ba}, true
	}
	members := map[key][]adapterDiff{}
	for _, d := range diffs {
		if k, ok := keyOf(d); ok {
			members[k] = append(members[k], d)
		}
	}
	var out []adapterDiff
	done := map[key]bool{}
	for _, d := range diffs {
		k, ok := keyOf(d)
		if !ok || len(members[k]) < minGroup {
			out = append(out, d)
			continue
		}
		if done[k] {
			continue
		}
		done[k] = true
		var cats []string
		count := map[string]int{}
		for _, m := range members[k] {
			cat, _, _ := strings.Cut(m.what, ": ")
			if count[cat] == 0 {
				cats = append(cats, cat)
			}
			count[cat]++
		}
		parts := make([]string, len(cats))
		for i, c := range cats {
			parts[i] = fmt.Sprintf("%s %d", c, count[c])
		}
		d.what = fmt.Sprintf("%d cases (%s)", len(members[k]), strings.Join(parts, ", "))
		out = append(out, d)
	}
	return out
}

func pick(forward bool, ab, ba string) string {
	if forward {
		return ab
	}
	return ba
}

// probed reports whether some run holds raw-driver observations of
// driver (the remote drivers have no raw probes: a pair with one of them
// has nothing to compare through database/sql).
func probed(runs []*Run, driver string) bool {
	for _, r := range runs {
		if slices.ContainsFunc(r.Raw, func(o Observation) bool { return o.Driver == driver }) {
			return true
		}
	}
	return false
}

// countTags summarises consequences: "silent data change: 3, different
// error: 1", worst first; "nothing" when there are none.
func countTags(tags []string) string {
	count := map[string]int{}
	for _, t := range tags {
		if t != gains {
			count[t]++
		}
	}
	var parts []string
	order := append(slices.Clone(consequenceOrder), unclassified)
	for k := range count {
		if !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	for _, t := range order {
		if count[t] > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d", t, count[t]))
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}
