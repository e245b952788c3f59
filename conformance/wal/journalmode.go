package wal

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// journalOptionCases: each Options.JournalMode value is the journal mode
// of every pool connection, not only of the first.
func journalOptionCases() []spec.Case {
	var cases []spec.Case
	names := map[string]string{"DELETE": "Delete", "TRUNCATE": "Truncate", "PERSIST": "Persist", "MEMORY": "Memory", "WAL": "WAL"}
	for _, mode := range []string{"DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL"} {
		want := strings.ToLower(mode)
		cases = append(cases, spec.Case{
			Name:    "JournalModeOption" + names[mode],
			Doc:     "Options.JournalMode " + mode + " is the journal mode of two concurrently used pool connections",
			Options: adapter.Options{JournalMode: mode, BusyTimeout: shortBusy},
			Setup:   setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				return onTwoConnections(ctx, e.DB, "journal_mode")
			},
			Want: []any{want, want},
		})
	}
	return append(cases, spec.Case{
		Name: "JournalModeOptionOffRefused",
		Doc:  "Options.JournalMode OFF is refused with ErrOptions (no journal: a crash corrupts the database; defensive mode forbids it)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			_, err := e.Open(ctx, filepath.Join(e.Dir, "off.db"), adapter.Options{JournalMode: "OFF"})
			return nil, err
		},
		WantErr: adapter.ErrOptions,
	})
}

// onTwoConnections reads a pragma on two pool connections at once: the one
// of an open transaction and another the pool opens meanwhile.
func onTwoConnections(ctx context.Context, db *adapter.DB, pragma string) ([]any, error) {
	var got []any
	err := db.Transaction(ctx, func(tx *adapter.Tx) error {
		v1, err := tx.PragmaValue(ctx, pragma)
		if err != nil {
			return err
		}
		v2, err := db.PragmaValue(ctx, pragma)
		got = []any{v1, v2}
		return err
	})
	return got, err
}
