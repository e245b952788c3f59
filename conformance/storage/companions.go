package storage

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// companionCases: the -wal, -shm and -journal files beside a damaged
// database are part of it: a failed Open deletes none of them, quarantine
// moves them with the database, and a healthy database with a WAL is never
// quarantined.
var companionCases = []spec.Case{
	{
		Name:   "FailedOpenKeepsCompanions",
		Doc:    "a failed Open (CorruptFail) of a file that is not a database deletes and changes none of the -wal, -shm and -journal beside it",
		Action: openLeaves(textWithCompanions, adapter.Options{}, "all files untouched"),
		Want:   []string{"SQLITE_NOTADB", "all files untouched"},
	},
	{
		Name:   "QuarantineMovesCompanions",
		Doc:    "quarantine of a file that is not a database moves it and its -wal, -shm and -journal, each with its original bytes",
		Action: quarantines(textWithCompanions, adapter.Options{}),
		Want:   quarantineOutcome,
	},
	{
		Name:   "CheckOnOpenWALDatabase",
		Doc:    "CheckOnOpen of a WAL database with committed frames in its -wal and a damaged index page fails with SQLITE_CORRUPT and leaves the database and its -wal as they were (no checkpoint, no deletion)",
		Action: openLeaves(damagedWAL, adapter.Options{CheckOnOpen: true}, "database and -wal untouched"),
		Want:   []string{"SQLITE_CORRUPT", "database and -wal untouched"},
	},
	{
		Name:   "QuarantineWALDatabase",
		Doc:    "quarantine of a WAL database with committed frames and a damaged index page moves the database and its -wal with their original bytes, so the frames are not lost",
		Action: quarantines(damagedWAL, adapter.Options{CheckOnOpen: true}),
		Want:   quarantineOutcome,
	},
	{
		Name: "HealthyWALDatabaseNeverQuarantined",
		Doc:  "a healthy WAL database whose last transactions are still in its -wal opens with CheckOnOpen and CorruptQuarantine: nothing moved, nothing logged as an error, every row there",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			path := filepath.Join(e.Dir, "healthy.db")
			if err := walWithFrames(ctx, e, path); err != nil {
				return nil, err
			}
			var logs strings.Builder
			db, err := e.Open(ctx, path, adapter.Options{CheckOnOpen: true, OnCorrupt: adapter.CorruptQuarantine, Logger: jsonLogger(&logs)})
			if err != nil {
				return nil, err
			}
			if q := db.Storage().Quarantined; q != nil {
				return nil, spec.Failf("a healthy database was quarantined: %+v", q)
			}
			if strings.Contains(logs.String(), `"level":"ERROR"`) {
				return nil, spec.Failf("an error was logged: %s", logs.String())
			}
			if err := count(ctx, db, rows+1); err != nil {
				return nil, err
			}
			return "opened, all rows, nothing moved", nothingMoved(e.Dir)
		},
		Want: "opened, all rows, nothing moved",
	},
	{
		Name: "QuarantineNeverInReadOnly",
		Doc:  "a read-only Open of a file that is not a database fails with SQLITE_NOTADB even with CorruptQuarantine: nothing is moved or created",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			path := filepath.Join(e.Dir, "notadb.db")
			if err := os.WriteFile(path, []byte(strings.Repeat("not a database\n", 500)), 0o644); err != nil {
				return nil, err
			}
			before, err := sums(path)
			if err != nil {
				return nil, err
			}
			outcome, _ := openOutcome(ctx, e, path, adapter.Options{ReadOnly: true, OnCorrupt: adapter.CorruptQuarantine})
			if err := unchanged(path, before); err != nil {
				return nil, err
			}
			return outcome, nothingMoved(e.Dir)
		},
		Want: "SQLITE_NOTADB",
	},
}

// openLeaves returns an Action that makes a file to open with file, opens
// it with opts and returns the outcome (see openOutcome) and, if the files
// file summed are unchanged, untouched (else what changed).
func openLeaves(file func(context.Context, *spec.Env) (string, map[string]string, error), opts adapter.Options, untouched string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		path, before, err := file(ctx, e)
		if err != nil {
			return nil, err
		}
		outcome, _ := openOutcome(ctx, e, path, opts)
		if err := unchanged(path, before); err != nil {
			return []string{outcome, err.Error()}, nil
		}
		return []string{outcome, untouched}, nil
	}
}

// quarantines returns an Action that makes a file to open with file and
// checks that opening it with opts and CorruptQuarantine moves it and the
// files file summed aside (see checkQuarantine).
func quarantines(file func(context.Context, *spec.Env) (string, map[string]string, error), opts adapter.Options) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		path, before, err := file(ctx, e)
		if err != nil {
			return nil, err
		}
		return checkQuarantine(ctx, e, path, before, opts)
	}
}

// textWithCompanions writes a text file where a database should be, with
// a -wal, -shm and -journal of junk beside it, and returns its path and
// the checksums of all four files.
func textWithCompanions(_ context.Context, e *spec.Env) (string, map[string]string, error) {
	path := filepath.Join(e.Dir, "notadb.db")
	for _, suffix := range companions {
		content := strings.Repeat("not a database"+suffix+"\n", 500)
		if err := os.WriteFile(path+suffix, []byte(content), 0o644); err != nil {
			return "", nil, err
		}
	}
	before, err := sums(path)
	return path, before, err
}

// walWithFrames writes a sample database at path in WAL mode with one
// more row committed in its -wal and not checkpointed, as a process that
// crashed (or is still running) leaves it.
func walWithFrames(ctx context.Context, e *spec.Env, path string) error {
	src := filepath.Join(e.Dir, "source.db")
	if err := makeDB(ctx, e, src); err != nil {
		return err
	}
	db, err := e.Open(ctx, src, adapter.Options{JournalMode: "WAL"})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Pragma(ctx, "wal_autocheckpoint = 0"); err != nil {
		return err
	}
	if _, err := db.Run(ctx, "INSERT INTO t(id, s) VALUES (?, printf('%0100d', ?))", rows+1, rows+1); err != nil {
		return err
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(src + suffix)
		if err != nil {
			return err
		}
		if err := os.WriteFile(path+suffix, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// damagedWAL is walWithFrames with random bytes over page 3 (the index's
// root) of the database file; the checksums are of the database and its
// -wal, not of the -shm: the wal-index is rebuilt by whoever opens first.
func damagedWAL(ctx context.Context, e *spec.Env) (string, map[string]string, error) {
	path := filepath.Join(e.Dir, "damaged.db")
	if err := walWithFrames(ctx, e, path); err != nil {
		return "", nil, err
	}
	if err := overwritePage(path, 3); err != nil {
		return "", nil, err
	}
	before, err := sums(path)
	delete(before, "-shm")
	return path, before, err
}
