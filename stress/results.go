package stress

import (
	"encoding/json"
	"slices"
)

// ExtraKey is the key of the results in report.Run.Extra.
const ExtraKey = "stress"

// Results is what a stress run found. The verdicts (Survived, Failures and
// the scenario descriptions) depend only on what happened, not on timing:
// a run of the same code renders the same matrix unless something fails.
// Everything measured — throughput, counts, cycles, seeds — is in the
// Figures fields, which the matrix does not show.
type Results struct {
	Scenarios []ScenarioResult `json:"scenarios"`
	Crash     []CrashResult    `json:"crash"`
	Figures   RunFigures       `json:"figures"`
}

// RunFigures describes the run as a whole.
type RunFigures struct {
	Size    Size    `json:"size"`
	Seed    uint64  `json:"seed"`
	Seconds float64 `json:"seconds"`
}

// ScenarioResult is the verdict on one concurrent scenario.
type ScenarioResult struct {
	Scenario
	CheckpointModes []string `json:"checkpoints,omitempty"`
	Survived        bool     `json:"survived"`
	// Failures says what went wrong, one short deterministic phrase each
	// (which worker died of which signal, what was lost), sorted.
	Failures []string `json:"failures,omitempty"`
	// EffectiveMmap is PRAGMA mmap_size as each driver read it back.
	EffectiveMmap map[string]int64 `json:"effective_mmap,omitempty"`
	Figures       ScenarioFigures  `json:"figures"`
}

// ScenarioFigures are the measurements of one concurrent scenario.
type ScenarioFigures struct {
	Seconds         float64          `json:"seconds"`       // from all workers ready to the stop request
	Committed       int64            `json:"committed"`     // writer transactions reported committed
	TxPerSecond     float64          `json:"tx_per_second"` // Committed / Seconds
	Reads           int64            `json:"reads"`         // reader check transactions
	Checkpoints     int64            `json:"checkpoints"`
	CheckpointsBusy int64            `json:"checkpoints_busy"` // checkpoints that returned busy=1 (not errors)
	Vacuums         int64            `json:"vacuums"`
	Shrinks         int64            `json:"shrinks"`           // times the shrinker saw the file get smaller
	MaxFileSize     int64            `json:"max_file_size"`     // largest database file the shrinker saw
	Reopens         int64            `json:"reopens"`           // reader close/reopen cycles
	MaxWriteMs      int64            `json:"max_write_ms"`      // longest writer transaction, BEGIN IMMEDIATE (lock wait included) to COMMIT
	MaxCheckpointMs int64            `json:"max_checkpoint_ms"` // longest checkpoint call
	MaxVacuumMs     int64            `json:"max_vacuum_ms"`     // longest shrink step (junk transaction or VACUUM)
	BusyEscaped     int64            `json:"busy_escaped"`
	Errors          map[string]int64 `json:"errors,omitempty"` // other errors, by code
	Lost            int64            `json:"lost"`
	Partial         int64            `json:"partial"`
	Duplicated      int64            `json:"duplicated"`
	Unreported      int64            `json:"unreported"` // transactions present that no worker reported
	Integrity       string           `json:"integrity"`
	Violations      []string         `json:"violations,omitempty"` // the first ones each reader printed
	Workers         []WorkerFigures  `json:"workers"`
}

// WorkerFigures are one worker process's figures.
type WorkerFigures struct {
	Role   string           `json:"role"`
	Driver string           `json:"driver"`
	Ops    int64            `json:"ops"`
	MaxMs  int64            `json:"max_ms"` // longest operation
	Busy   int64            `json:"busy,omitempty"`
	Errors map[string]int64 `json:"errors,omitempty"`
	Death  string           `json:"death,omitempty"`  // signal or exit status, if it did not stop cleanly
	Stderr string           `json:"stderr,omitempty"` // its first lines of standard error, if it failed
	First  []string         `json:"first_errors,omitempty"`
}

// CrashResult is the verdict on one crash-loop configuration.
type CrashResult struct {
	CrashConfig
	// Reopeners are the drivers that reopened the database after a kill,
	// in turn.
	Reopeners []string     `json:"reopeners"`
	Survived  bool         `json:"survived"`
	Failures  []string     `json:"failures,omitempty"`
	Figures   CrashFigures `json:"figures"`
}

// CrashFigures are the measurements of one crash-loop configuration.
type CrashFigures struct {
	Cycles          int     `json:"cycles"`           // kill cycles run
	Verified        int     `json:"verified"`         // cycles after which the parent reopened and checked the database
	ChildRecoveries int     `json:"child_recoveries"` // cycles left for the next child to recover
	EarlyKills      int     `json:"early_kills"`      // kills before the child reported ready (during open or recovery)
	MaxReadyMs      int64   `json:"max_ready_ms"`     // longest start of a child: exec to the database open and ready
	MaxCheckMs      int64   `json:"max_check_ms"`     // longest reopen and check by the parent
	Committed       int64   `json:"committed"`        // transactions the children reported committed
	Batches         int64   `json:"batches"`          // of which multi-row
	Unreported      int64   `json:"unreported"`       // committed but killed before the report: allowed
	Seconds         float64 `json:"seconds"`          // wall time
	FailedCycle     int     `json:"failed_cycle"`     // first failing cycle, 0 if none
	Detail          string  `json:"detail,omitempty"`
}

// Failed reports whether any scenario or crash configuration failed,
// known hazards included.
func (r *Results) Failed() bool {
	return slices.ContainsFunc(r.Scenarios, func(s ScenarioResult) bool { return !s.Survived }) ||
		slices.ContainsFunc(r.Crash, func(c CrashResult) bool { return !c.Survived })
}

// Unexpected returns the names of the scenarios and crash configurations
// that failed and are not known hazards.
func (r *Results) Unexpected() []string {
	var out []string
	for _, s := range r.Scenarios {
		if !s.Survived && s.Known == "" {
			out = append(out, s.Name)
		}
	}
	for _, c := range r.Crash {
		if !c.Survived {
			out = append(out, "crash/"+c.Name())
		}
	}
	return out
}

// JSON returns r for report.Run.Extra[ExtraKey].
func (r *Results) JSON() (json.RawMessage, error) { return json.Marshal(r) }
