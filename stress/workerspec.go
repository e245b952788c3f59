package stress

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// workerSpec is everything a worker process is told: the parent encodes it
// as JSON into the worker's one flag, -spec, and the worker decodes it
// back (see [Worker]). A new setting is a new field, nothing else. The
// zero value of each field is what a worker does when the parent leaves
// the setting out.
type workerSpec struct {
	// Role is writer, reader, checkpointer, shrinker or crasher (or one
	// of the self-tests of selfTests).
	Role   string `json:"role"`
	Driver string `json:"driver"`
	Path   string `json:"db"` // the database file
	// JournalMode and Synchronous are the adapter options ("": its
	// defaults); MmapSize is PRAGMA mmap_size in bytes (0: off).
	JournalMode string `json:"journal_mode,omitempty"`
	Synchronous string `json:"synchronous,omitempty"`
	MmapSize    int64  `json:"mmap_size,omitempty"`
	// BusyTimeout is busy_timeout (0: the adapter's default).
	BusyTimeout time.Duration `json:"busy_timeout_ns,omitempty"`
	// ID is the worker's index among the scenario's workers (the random
	// stream and the txlog.worker column); transaction ids start above
	// TIDBase.
	ID      int   `json:"id"`
	TIDBase int64 `json:"tid_base"`
	// Batch is the largest number of rows of a writer transaction (at
	// least 2).
	Batch int    `json:"batch,omitempty"`
	Seed  uint64 `json:"seed"`
	// Checkpoints are the checkpointer's modes, by SQL name, in turn.
	Checkpoints []string `json:"checkpoints,omitempty"`
	// JunkBytes is what the shrinker adds and removes per cycle.
	JunkBytes int `json:"junk_bytes,omitempty"`
	// Pause is the pause between operations (writers: random, up to it);
	// Reopen makes a reader close and reopen the database this often (0:
	// never).
	Pause  time.Duration `json:"pause_ns,omitempty"`
	Reopen time.Duration `json:"reopen_ns,omitempty"`
	// Touch makes the worker open, read and close the files TouchFiles
	// names (db, wal, shm, journal; comma-separated) with os.Open this
	// often, as in-process code that copies or hashes them would (0:
	// never).
	Touch      time.Duration `json:"touch_ns,omitempty"`
	TouchFiles string        `json:"touch_files,omitempty"`
}

// specFlag is the worker's one flag.
const specFlag = "spec"

// args returns the worker's command-line arguments: -spec and s as JSON.
func (s workerSpec) args() ([]string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode the worker's settings: %w", err)
	}
	return []string{"-" + specFlag, string(b)}, nil
}

// errFlags marks an error of the flag package, which has already printed
// it with the usage.
var errFlags = errors.New("bad flags")

// parseWorkerArgs reads the arguments args wrote. Unknown JSON fields are
// an error, so that a parent and a worker built from different code fail
// loudly instead of dropping a setting.
func parseWorkerArgs(args []string, stderr io.Writer) (workerSpec, error) {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	encoded := fs.String(specFlag, "", "the worker's settings as JSON (written by the parent process)")
	if err := fs.Parse(args); err != nil {
		return workerSpec{}, fmt.Errorf("%w: %w", errFlags, err)
	}
	if fs.NArg() > 0 {
		return workerSpec{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var s workerSpec
	dec := json.NewDecoder(strings.NewReader(*encoded))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return workerSpec{}, fmt.Errorf("-%s: %w", specFlag, err)
	}
	if s.Role == "" || s.Path == "" {
		return workerSpec{}, fmt.Errorf("-%s: role and db are required", specFlag)
	}
	return s, nil
}
