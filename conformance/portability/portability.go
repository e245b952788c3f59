// Package portability is the conformance catalogue for cross-driver files:
// a database written through the adapter with one driver must read back
// identically with every other. Each case is named after its writer
// ("WrittenByMattn"); the driver the case runs on is the reader, so the
// cases make a writer × reader matrix.
//
// The writer and the reader never have the file open at the same time:
// two copies of SQLite in one process must not share a file (see the
// adapter's ErrDriverConflict), but one after the other is safe.
package portability

import (
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// Categories returns this package's case tables, with one case per
// registered writer driver (and one more per writer with FTS5), generated
// from the drivers linked in when it is called. The cases of a writer that
// is linked but unavailable (mattn without cgo) are reported unsupported,
// with the reason.
func Categories() []spec.Category {
	return []spec.Category{{
		Name:  "Portability",
		Title: "Files written by one driver, read by another",
		Doc:   "A database written through the adapter with one driver reads back identically with every other.",
		// The reader opens a file another driver wrote.
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Cases:    cases(),
	}}
}

// cases builds the cases for every available writer. Remote drivers
// (rqlite) write no local file and are no writers; as readers, they lack
// FeatureLocalFile, which the category requires.
func cases() []spec.Case {
	var out []spec.Case
	for _, name := range adapter.Drivers() {
		d, err := adapter.Lookup(name)
		if err != nil {
			continue
		}
		info := d.Info()
		if info.Remote {
			continue // a remote engine writes no file of this machine: it is no writer here
		}
		var unavailable string
		if info.Unavailable != "" {
			unavailable = "the writer, " + name + ", is unavailable in this build: " + info.Unavailable
		}
		fts5 := info.Features[adapter.FeatureFTS5]
		want := expected()
		if fts5.OK {
			want.FTS5 = "checked by " + caseName(name) + "FTS5"
		} else {
			want.FTS5 = leftOut(name, fts5.Reason)
		}
		out = append(out, spec.Case{
			Name:        caseName(name),
			Doc:         "a file written with " + name + " (every value kind, declared types, STRICT, index, view, trigger, WAL) reads back identically",
			Unavailable: unavailable,
			Action:      readBack(name),
			Want:        want,
		})
		if fts5.OK || unavailable != "" {
			out = append(out, spec.Case{
				Name:        caseName(name) + "FTS5",
				Doc:         "an FTS5 table written with " + name + " answers the same queries and passes its integrity check",
				Requires:    []adapter.Feature{adapter.FeatureFTS5},
				Unavailable: unavailable,
				Action:      readBackFTS5(name),
				Want:        ftsExpected,
			})
		}
	}
	return out
}

// caseName is "WrittenBy" and the writer's name capitalised.
func caseName(writer string) string {
	return "WrittenBy" + strings.ToUpper(writer[:1]) + writer[1:]
}

// leftOut says why a file written with writer has no FTS5 table.
func leftOut(writer, reason string) string {
	if reason == "" {
		reason = "not supported"
	}
	return "left out: " + writer + " has no FTS5 (" + reason + ")"
}
