package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Summary is what a report written by [Markdown] says about each driver
// against the baseline (mattn), as [ReadSummary] reads it back: the
// geometric means of the "Driver against driver" and "Workloads" tables.
// The compatibility matrix shows it in its choice table, so the report
// stays the one place where speed is measured.
type Summary struct {
	Baseline  string             // the driver the others are compared with
	Micro     map[string]float64 // driver → adapter time / baseline's, geometric mean over the micro-benchmarks
	Workloads map[string]float64 // driver → total time / baseline's, geometric mean over the workloads
	Machine   string             // the header's machine row
	Date      string             // the header's date row
}

// ReadSummary reads the summary of a report written by [Markdown]. A
// report without the driver or workload tables gives empty maps.
func ReadSummary(r io.Reader) (Summary, error) {
	s := Summary{Micro: map[string]float64{}, Workloads: map[string]float64{}}
	var section string
	var head []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if title, ok := strings.CutPrefix(line, "## "); ok {
			section, head = title, nil
			continue
		}
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		switch {
		case cells[0] == "date" && len(cells) > 1:
			s.Date = cells[1]
		case cells[0] == "machine" && len(cells) > 1:
			s.Machine = cells[1]
		case cells[0] == "benchmark" && section == "Driver against driver",
			cells[0] == "workload" && section == "Workloads" && head == nil:
			head = cells
		case cells[0] == "geomean" && head != nil:
			into := s.Micro
			if section == "Workloads" {
				into = s.Workloads
			}
			if err := readGeomeans(head, cells, into, &s.Baseline); err != nil {
				return s, fmt.Errorf("bench report, %s: %w", section, err)
			}
		}
	}
	return s, sc.Err()
}

// readGeomeans takes the "D/BASE" or "D/BASE adapter" columns of a
// geomean row.
func readGeomeans(head, cells []string, into map[string]float64, baseline *string) error {
	for i, h := range head {
		h = strings.TrimSuffix(h, " adapter")
		d, base, ok := strings.Cut(h, "/")
		if !ok || strings.Contains(base, " ") || i >= len(cells) || cells[i] == "" {
			continue
		}
		x, err := strconv.ParseFloat(strings.TrimSuffix(cells[i], "x"), 64)
		if err != nil {
			return fmt.Errorf("column %q: %w", head[i], err)
		}
		into[d] = x
		*baseline = base
	}
	return nil
}
