package report

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Section renders results that another tool added to the runs under
// Run.Extra[Key] (the multi-process runs of package stress). A [Matrix]
// renders the sections it is given in Matrix.Sections, and refuses runs
// whose Extra holds a key it has no Section for, so that a section never
// disappears from the matrix because its renderer was not linked in.
type Section struct {
	// Key is the key of the section's results in Run.Extra.
	Key string
	// Render writes the full section: in the cases file, and in the
	// matrix too when Summarize is nil. Required.
	Render func(b *bytes.Buffer, runs []*Run)
	// Summarize, if set, writes the section's short form in the matrix in
	// place of the full one; details is the cases file, to link.
	Summarize func(b *bytes.Buffer, runs []*Run, details string)
	// Limits, if set, finds per-driver limits for the matrix's choice
	// table ("Limits that matter").
	Limits func(runs []*Run) map[string][]Limit
}

// sections returns the Sections of the keys the runs' Extra holds, sorted
// by key, or an error naming a key that has none (or whose Section has no
// Render).
func (m *Matrix) sections(runs []*Run) ([]Section, error) {
	var keys []string
	for _, r := range runs {
		for key := range r.Extra {
			if !slices.Contains(keys, key) {
				keys = append(keys, key)
			}
		}
	}
	slices.Sort(keys)
	var out []Section
	for _, key := range keys {
		i := slices.IndexFunc(m.Sections, func(s Section) bool { return s.Key == key })
		if i < 0 || m.Sections[i].Render == nil {
			return nil, fmt.Errorf("report: the runs have results under extra.%s but the matrix has no Section to render them (Matrix.Sections)", key)
		}
		out = append(out, m.Sections[i])
	}
	return out, nil
}

// writeSummaries writes the sections in the matrix: their short form
// where they have one, else in full.
func writeSummaries(b *bytes.Buffer, runs []*Run, sections []Section, details string) {
	for _, s := range sections {
		if s.Summarize != nil {
			s.Summarize(b, runs, details)
		} else {
			writeSection(b, runs, s)
		}
	}
}

// writeSection writes a section in full and, in a merged matrix, names
// the runs made without it.
func writeSection(b *bytes.Buffer, runs []*Run, s Section) {
	s.Render(b, runs)
	if len(runs) < 2 {
		return
	}
	var with, without []string
	for _, r := range runs {
		if r.BuildOnly {
			continue
		}
		if _, ok := r.Extra[s.Key]; ok {
			with = append(with, r.Label())
		} else {
			without = append(without, r.Label())
		}
	}
	if len(without) > 0 {
		fmt.Fprintf(b, "This section comes from the %s run only; the %s runs were made without it.\n\n",
			strings.Join(with, ", "), strings.Join(without, ", "))
	}
}

// sectionLimits gathers the per-driver limits the sections found.
func sectionLimits(runs []*Run, sections []Section) map[string][]Limit {
	found := map[string][]Limit{}
	for _, s := range sections {
		if s.Limits == nil {
			continue
		}
		for d, ls := range s.Limits(runs) {
			found[d] = append(found[d], ls...)
		}
	}
	return found
}
