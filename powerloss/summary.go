package powerloss

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// ReadResult reads a Result saved as JSON (docs/durability.json) and
// judges its rows against the documentation again (Rejudge), so that a
// change of Documented or of the explanations shows without cutting.
func ReadResult(path string) (*Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var res Result
	if err := json.Unmarshal(b, &res); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	res.Rejudge()
	return &res, nil
}

// Summary renders the short form of the result that the compatibility
// matrix shows: the worst combination per driver, what the adapter's
// defaults and Options.Durable lose, and whether anything was worse than
// SQLite documents. full is the full report (docs/durability.md) as the
// matrix links it.
func (r *Result) Summary(full string) []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	if r.Unsupported != "" {
		p("Not measured: %s\n\n", r.Unsupported)
		return b.Bytes()
	}
	p("%d simulated power cuts (%d per driver, journal mode and `synchronous` setting) on %s; ", r.cuts(), r.CutsEach, r.Platform)
	p("every cut reopened by every driver. Full table, method and what the simulator cannot model: [%s](%s).\n\n", "durability.md", full)
	if worse := r.Worse(); len(worse) > 0 {
		p("**Worse than SQLite documents, unexplained:** ")
		for i, row := range worse {
			if i > 0 {
				p("; ")
			}
			p("%s (%s)", row.Combination, row.summary())
		}
		p(".\n\n")
	} else {
		p("No combination lost or corrupted more than SQLite documents for it, except where the full report explains the cause in SQLite itself.\n\n")
	}
	p("Worst combination per driver:\n\n")
	r.headlineTable(p, full+"#explained-findings")
	p("What the adapter's defaults and `Options.Durable` lose:\n\n")
	r.defaultsTable(p)
	return b.Bytes()
}
