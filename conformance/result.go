package conformance

import "time"

// Status is the outcome of one case on one driver.
type Status string

// Outcomes. The words are test2json's, so -json output reads like go test's.
const (
	Pass        Status = "pass"
	Fail        Status = "fail"
	Unsupported Status = "skip"
)

// Result is the outcome of one case on one driver.
type Result struct {
	Driver   string `json:"driver"`
	Category string `json:"category"`
	Case     string `json:"case"`
	Status   Status `json:"status"`
	Detail   string `json:"detail,omitempty"` // the diff or error for a failure, the reason for unsupported
	// Known marks a case the Opener lists as known (Opener.Known): a
	// difference of the engine, reported unsupported with the listed
	// reason, that does not fail the run.
	Known   bool          `json:"known,omitempty"`
	Elapsed time.Duration `json:"-"` // not stored: results must be the same from run to run
	// Note holds what a case measured that differs from run to run (a
	// storm's call counts): printed by conform -v, never stored.
	Note string `json:"-"`
}

// Name is the result's test name: "ncruces/FTS5/HighlightPhrase".
func (r Result) Name() string { return r.Driver + "/" + r.Category + "/" + r.Case }
