package wal

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// persistenceCases: WAL mode is recorded in the database file and
// survives closing and reopening (https://sqlite.org/wal.html#persistence_of_wal_mode).
func persistenceCases() []spec.Case {
	return []spec.Case{
		{
			Name:  "DefaultJournalModeIsWAL",
			Doc:   "a database opened with default options is in WAL mode",
			Query: "PRAGMA journal_mode",
			Want:  []adapter.Row{{"journal_mode": "wal"}},
		},
		{
			Name:   "WALRecordedInFileHeader",
			Doc:    "after close, a WAL database's header has file format versions 2 and 2 (bytes 18 and 19)",
			Setup:  setup3Frames,
			Action: headerAfterClose,
			Want:   []int{2, 2},
		},
		{
			Name:    "DeleteModeRecordedInFileHeader",
			Doc:     "after close, a database opened with JournalMode DELETE has file format versions 1 and 1",
			Options: adapter.Options{JournalMode: "DELETE"},
			Setup:   setup3Frames,
			Action:  headerAfterClose,
			Want:    []int{1, 1},
		},
		{
			Name:   "WALPersistsAcrossReopen",
			Doc:    "a WAL database closed and reopened (JournalMode \"\") is in WAL mode with its rows",
			Setup:  setup3Frames,
			Action: reopened(adapter.Options{}, false),
			Want:   []any{"wal", int64(1)},
		},
		{
			Name:   "WALPersistsReadOnlyReopen",
			Doc:    "a WAL database reopened read-only (journal mode left alone) reports WAL and reads its rows",
			Setup:  setup3Frames,
			Action: reopened(adapter.Options{ReadOnly: true}, false),
			Want:   []any{"wal", int64(1)},
		},
		{
			Name:    "DeletePersistsReadOnlyReopen",
			Doc:     "a DELETE-mode database reopened read-only stays in DELETE mode and gets no -wal file",
			Options: adapter.Options{JournalMode: "DELETE"},
			Setup:   setup3Frames,
			Action:  reopened(adapter.Options{ReadOnly: true}, true),
			Want:    []any{"delete", int64(1), false},
		},
		{
			Name:  "ReopenWithJournalModeDelete",
			Doc:   "a WAL database reopened with JournalMode DELETE leaves WAL: header versions 1, no -wal file, rows kept",
			Setup: setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				db, got, err := reopen(ctx, e, adapter.Options{JournalMode: "DELETE"}, true)
				if err != nil {
					return nil, err
				}
				if err := db.Close(); err != nil {
					return nil, err
				}
				versions, err := headerVersions(e.Path)
				return append(got, versions), err
			},
			Want: []any{"delete", int64(1), false, []int{1, 1}},
		},
	}
}

// headerAfterClose closes the case's DB and returns the file format
// versions in its header.
func headerAfterClose(ctx context.Context, e *spec.Env) (any, error) {
	if err := e.DB.Close(); err != nil {
		return nil, err
	}
	return headerVersions(e.Path)
}

// reopened returns an Action that reopens the case's file with opts and
// reports what reopen reports.
func reopened(opts adapter.Options, wal bool) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		_, got, err := reopen(ctx, e, opts, wal)
		return got, err
	}
}

// reopen closes the case's DB, opens its file again with opts and returns
// the new handle with its journal mode, the number of rows of t and, with
// wal, whether a -wal file exists.
func reopen(ctx context.Context, e *spec.Env, opts adapter.Options, wal bool) (*adapter.DB, []any, error) {
	if err := e.DB.Close(); err != nil {
		return nil, nil, err
	}
	db, err := e.Open(ctx, e.Path, opts)
	if err != nil {
		return nil, nil, err
	}
	got, err := modeAndCount(ctx, db)
	if err != nil || !wal {
		return db, got, err
	}
	found, err := exists(e.Path + "-wal")
	return db, append(got, found), err
}

// modeAndCount returns the journal mode and the number of rows of t.
func modeAndCount(ctx context.Context, db *adapter.DB) ([]any, error) {
	mode, err := journalMode(ctx, db)
	if err != nil {
		return nil, err
	}
	n, err := count(ctx, db)
	return []any{mode, n}, err
}
