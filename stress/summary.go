package stress

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/anysqlite/anysqlite/conformance/report"
)

// results reads the stress results of the runs that have them.
func results(runs []*report.Run) (labels []string, found []Results) {
	for _, r := range runs {
		raw, ok := r.Extra[ExtraKey]
		if !ok {
			continue
		}
		var res Results
		if json.Unmarshal(raw, &res) == nil {
			labels, found = append(labels, r.Label()), append(found, res)
		}
	}
	return labels, found
}

// Summarize writes the matrix's short form of the multi-process and crash
// section: how many scenarios survived, and the ones that did not; the
// full tables (Render) are in the cases file, linked by details.
func Summarize(b *bytes.Buffer, runs []*report.Run, details string) {
	labels, found := results(runs)
	if len(found) == 0 {
		return
	}
	b.WriteString("## Multi-process and crash\n\n")
	for i, res := range found {
		survived, crashes := 0, 0
		var failed []ScenarioResult
		for _, s := range res.Scenarios {
			if s.Survived {
				survived++
			} else {
				failed = append(failed, s)
			}
		}
		for _, c := range res.Crash {
			if c.Survived {
				crashes++
			}
		}
		fmt.Fprintf(b, "On %s (`conform -stress`): %d of %d scenarios of concurrent processes on one database survived "+
			"(every driver alone, every ordered pair, all three; checkpoints of every mode; a shrinker under mmap), and %d of %d "+
			"crash-loop configurations (SIGKILL, then reopened through every driver) lost nothing. What *survived* means and "+
			"every scenario: [%s](%s#multi-process-and-crash).", labels[i], survived, len(res.Scenarios), crashes, len(res.Crash), details, details)
		if len(failed) == 0 {
			b.WriteString("\n\n")
			continue
		}
		b.WriteString(" The others:\n\n| Scenario | Result |\n|---|---|\n")
		var notes []string
		for _, s := range failed {
			text := s.Name + ": " + strings.Join(s.Failures, "; ")
			if s.Known != "" {
				text = "Known hazard: " + s.Known
			}
			fmt.Fprintf(b, "| %s | %s%s |\n", scenarioTitle(s), mark(false, s.Known), addNote(&notes, text))
		}
		writeNotes(b, notes)
		b.WriteString("\n")
	}
}

// Limits finds, per driver, the scenarios that failed with that driver
// alone: the choice table's limits.
func Limits(runs []*report.Run) map[string][]report.Limit {
	_, found := results(runs)
	out := map[string][]report.Limit{}
	for _, res := range found {
		count := map[string]int{}
		note := map[string]string{}
		var order []string
		for _, s := range res.Scenarios {
			ds := uniq(s.Drivers())
			if s.Survived || len(ds) != 1 {
				continue
			}
			d := ds[0]
			if count[d] == 0 {
				order = append(order, d)
			}
			count[d]++
			if s.Known != "" {
				note[d] = "Known hazard: " + s.Known
			} else if note[d] == "" {
				note[d] = s.Name + ": " + strings.Join(s.Failures, "; ")
			}
		}
		for _, d := range order {
			short := fmt.Sprintf("fails %d multi-process scenario", count[d])
			if count[d] > 1 {
				short += "s"
			}
			if strings.HasPrefix(note[d], "Known hazard") {
				short += " (known hazard)"
			}
			out[d] = append(out[d], report.Limit{Short: short, Note: note[d]})
		}
	}
	return out
}

// scenarioTitle names a scenario as the full table does.
func scenarioTitle(s ScenarioResult) string {
	name := s.Mix
	if s.JournalMode != "" && s.JournalMode != "WAL" {
		name += ", journal " + s.JournalMode
	}
	switch {
	case s.Touch && s.TouchOne:
		name += ", a writer also opens and closes the files with os.Open"
	case s.Touch:
		name += ", every process also opens and closes the files with os.Open"
	}
	return name
}
