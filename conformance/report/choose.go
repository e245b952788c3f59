package report

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
)

// Limit is something a driver cannot do or must not be used for, as other
// tools found it (Section.Limits): a short text for the choice table and
// the explanation for its note.
type Limit struct {
	Short string
	Note  string
}

// primaryRun is the run the choice table takes single facts from: the one
// with the most available drivers, preferring one that ran natively.
func primaryRun(runs []*Run) *Run {
	var best *Run
	score := func(r *Run) int {
		n := 0
		for _, d := range r.Drivers {
			if d.Unavailable == "" {
				n += 2
			}
		}
		if !r.Emulated() && !r.BuildOnly {
			n++
		}
		return n
	}
	for _, r := range runs {
		if best == nil || score(r) > score(best) {
			best = r
		}
	}
	return best
}

// driverInfo finds a driver's info in a run.
func (r *Run) driverInfo(name string) (adapter.DriverInfo, bool) {
	for _, d := range r.Drivers {
		if d.Name == name {
			return d.DriverInfo, true
		}
	}
	return adapter.DriverInfo{}, false
}

// writeChoice writes "Which driver should I use?": one column per driver,
// one row per fact that decides between them.
func (m *Matrix) writeChoice(b *bytes.Buffer, runs []*Run, found map[string][]Limit) {
	drivers := driverNames(runs)
	primary := primaryRun(runs)
	b.WriteString("## Which driver should I use?\n\n")
	fmt.Fprintf(b, "Single facts (features, conformance, SQLite) are from the %s run", primary.Label())
	if len(primary.Tags) > 0 {
		fmt.Fprintf(b, ", built with `-tags '%s'`", strings.Join(primary.Tags, " "))
	}
	b.WriteString(".")
	if f := m.Footprint; f != nil {
		fmt.Fprintf(b, " Sizes and build times ([%s](%s)): `%s` on %s, %s: %s.", path.Base(m.FootprintFile), m.FootprintFile,
			f.Command, f.Machine, f.GoVersion, f.Method)
	}
	b.WriteString("\n\n")
	cols := make([]column, len(drivers))
	for i, d := range drivers {
		cols[i] = column{driver: d}
	}
	headerRow(b, []string{""}, cols, false)
	var n notes
	line := func(label string, cell func(driver string) string) {
		cells := []string{label}
		for _, d := range drivers {
			cells = append(cells, cell(d))
		}
		row(b, cells...)
	}
	line("cgo", func(d string) string {
		info, _ := primary.driverInfo(d)
		if info.Cgo {
			return "yes: needs a C compiler, and `CGO_ENABLED=1`"
		}
		return "no"
	})
	line("Checked on", func(d string) string { return checkedOn(runs, d, &n) })
	line("FTS5", func(d string) string { return m.featureCell(primary, d, adapter.FeatureFTS5, &n) })
	line("Math functions", func(d string) string { return m.featureCell(primary, d, adapter.FeatureMath, &n) })
	if s := m.Speed; s != nil {
		line(fmt.Sprintf("Time relative to %s, lower is faster ([micro-benchmarks / workloads](%s))", s.Baseline, s.Report), func(d string) string {
			if d == s.Baseline {
				return "1.00x / 1.00x"
			}
			micro, ok1 := s.Micro[d]
			work, ok2 := s.Workloads[d]
			if !ok1 && !ok2 {
				return "not measured"
			}
			return fmt.Sprintf("%s / %s", ratio(micro, ok1), ratio(work, ok2))
		})
	}
	if f := m.Footprint; f != nil {
		line(fmt.Sprintf("Hello-world binary (Go's own: %s)", megabytes(f.Baseline.Bytes)), func(d string) string {
			db, ok := f.driverBuilds(d)
			if !ok {
				return "not measured"
			}
			s := megabytes(db.Plain().Bytes)
			if len(db.Builds) > 1 {
				s += fmt.Sprintf("; with `-tags '%s'`: %s", strings.Join(db.Tagged().Tags, " "), megabytes(db.Tagged().Bytes))
			}
			return s
		})
		line(fmt.Sprintf("Cold build of the hello world, wall (CPU) (Go's own: %s)", seconds(f.Baseline)), func(d string) string {
			db, ok := f.driverBuilds(d)
			if !ok {
				return "not measured"
			}
			s := seconds(db.Plain())
			if len(db.Builds) > 1 {
				s += "; with tags: " + seconds(db.Tagged())
			}
			return s
		})
	}
	line("SQLite", func(d string) string {
		return collapse(groupBy(runs, func(r *Run) (string, bool) {
			info, ok := r.driverInfo(d)
			return info.SQLiteVersion, ok && info.Unavailable == "" && info.SQLiteVersion != ""
		}))
	})
	line("Conformance cases passed", func(d string) string { return passCount(primary, d) })
	line("Limits that matter", func(d string) string { return limitsCell(runs, primary, d, found[d], &n) })
	n.write(b)
	b.WriteString("\n")
}

// checkedOn lists the platforms a driver was checked on, grouped by how:
// "native: linux/amd64, linux/386 (no cgo) ➖ (1)<br>qemu: linux/arm64".
// A platform where the driver is linked but unavailable is marked ➖, with
// the reason as a note.
func checkedOn(runs []*Run, driver string, n *notes) string {
	var hows []string
	platforms := map[string][]string{}
	for _, r := range runs {
		info, ok := r.driverInfo(driver)
		if !ok {
			continue
		}
		h := r.How()
		if _, seen := platforms[h]; !seen {
			hows = append(hows, h)
		}
		p := r.Key()
		if info.Unavailable != "" {
			p += " " + markUnsupported + n.add(markUnsupported+" "+driver+": "+info.Unavailable)
		}
		platforms[h] = append(platforms[h], p)
	}
	sort.SliceStable(hows, func(i, j int) bool { return howRank(hows[i]) < howRank(hows[j]) })
	var parts []string
	for _, h := range hows {
		parts = append(parts, h+": "+strings.Join(platforms[h], ", "))
	}
	return strings.Join(parts, "<br>")
}

// howRank orders the ways of checking a platform, the most telling first.
func howRank(how string) int {
	switch {
	case how == "native":
		return 0
	case how == "hosted CI":
		return 1
	case how == "build only":
		return 4
	case how == "qemu", strings.HasPrefix(how, "Wine "):
		return 3
	}
	return 2
}

// featureCell says whether a driver has a feature, and with which build:
// from the footprint's plain and tagged builds when measured, else from
// the run.
func (m *Matrix) featureCell(primary *Run, driver string, f adapter.Feature, n *notes) string {
	if db, ok := m.Footprint.driverBuilds(driver); ok {
		plain, tagged := db.Plain().Features[string(f)], db.Tagged().Features[string(f)]
		switch {
		case plain == "ok":
			return markPass + " in every build"
		case tagged == "ok":
			return fmt.Sprintf("%s only with `-tags '%s'`; a plain build lacks it%s", markPass,
				strings.Join(db.Tagged().Tags, " "), n.add(markUnsupported+" "+driver+", plain build: "+plain))
		case plain != "":
			return markUnsupported + n.add(markUnsupported+" "+driver+": "+plain)
		}
	}
	info, ok := primary.driverInfo(driver)
	if !ok || info.Unavailable != "" {
		return markNotRun
	}
	s := info.Features[f]
	if !s.OK {
		return markUnsupported + n.add(markUnsupported+" "+driver+": "+reasonOrUnknown(s.Reason))
	}
	if info.Remote {
		return markPass + " in the server's build" // the client's build tags change nothing there
	}
	if len(primary.Tags) > 0 {
		return fmt.Sprintf("%s in this build (`-tags '%s'`)", markPass, strings.Join(primary.Tags, " "))
	}
	return markPass
}

// passCount is "689/690" for a driver in a run, with the unsupported and
// failed counts.
func passCount(r *Run, driver string) string {
	var pass, fail, unsup, total int
	for _, x := range r.Results {
		if x.Driver != driver {
			continue
		}
		total++
		switch x.Status {
		case conformance.Pass:
			pass++
		case conformance.Fail:
			fail++
		default:
			unsup++
		}
	}
	if total == 0 {
		return markNotRun
	}
	s := fmt.Sprintf("%d/%d", pass, total)
	if fail > 0 {
		s += fmt.Sprintf(" ❌%d", fail)
	}
	if unsup > 0 {
		s += fmt.Sprintf(" ➖%d", unsup)
	}
	return s
}

// limitsCell lists what a driver cannot do: where it is unavailable, the
// features it lacks (besides FTS5 and math, which have their own rows),
// and the limits other tools found.
func limitsCell(runs []*Run, primary *Run, driver string, found []Limit, n *notes) string {
	var parts []string
	for _, r := range runs {
		if info, ok := r.driverInfo(driver); ok && info.Unavailable != "" && !r.BuildOnly {
			parts = append(parts, "unavailable on "+r.Label()+n.add(markUnsupported+" "+driver+": "+info.Unavailable))
		}
	}
	if info, ok := primary.driverInfo(driver); ok && info.Unavailable == "" {
		for _, f := range info.FeatureNames() {
			if s := info.Features[f]; !s.OK && f != adapter.FeatureFTS5 && f != adapter.FeatureMath {
				parts = append(parts, "no `"+string(f)+"`"+n.add(markUnsupported+" "+driver+": "+reasonOrUnknown(s.Reason)))
			}
		}
	}
	for _, l := range found {
		if !slices.Contains(parts, l.Short) {
			parts = append(parts, l.Short+n.add(l.Note))
		}
	}
	if len(parts) == 0 {
		return "none found"
	}
	return strings.Join(parts, "<br>")
}

func ratio(x float64, ok bool) string {
	if !ok {
		return "–"
	}
	return fmt.Sprintf("%.2fx", x)
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

func seconds(b Build) string {
	return fmt.Sprintf("%.0f s (%.0f s)", b.WallSeconds, b.CPUSeconds)
}
