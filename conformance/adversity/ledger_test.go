package adversity

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/drivers/modernc"
)

// TestLedgerOutcomeUnknown checks the ledger's rule for a write whose call
// returned ErrOutcomeUnknown against a real database: present once or
// absent are both accepted and counted apart, present twice is a
// duplicate, and a call whose writes are present in part is reported.
func TestLedgerOutcomeUnknown(t *testing.T) {
	ctx := context.Background()
	unknown := fmt.Errorf("rqlite: connection reset: %w", adapter.ErrOutcomeUnknown)
	tests := []struct {
		name    string
		calls   [][]int // per call, how many times each of its writes is in the table
		err     error   // what every call returned
		want    verdict // the counts compared
		problem bool
	}{
		{"nil and present", [][]int{{1}, {1, 1}}, nil, verdict{Writes: 3}, false},
		{"nil and absent", [][]int{{0}}, nil, verdict{Writes: 1, Lost: 1}, true},
		{"error and present", [][]int{{1}}, errors.New("plain"), verdict{Writes: 1, Phantom: 1}, true},
		{"unknown, applied or not", [][]int{{1}, {0}, {1, 1}, {0, 0}}, unknown, verdict{Writes: 6, Unknown: 6, UnknownApplied: 3}, false},
		{"unknown, applied twice", [][]int{{2}}, unknown, verdict{Writes: 1, Unknown: 1, UnknownApplied: 1, Duplicated: 1}, true},
		{"unknown, applied in part", [][]int{{1, 0, 1}}, unknown, verdict{Writes: 3, Unknown: 3, UnknownApplied: 2, Partial: 1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := adapter.OpenDriver(ctx, modernc.Driver{}, filepath.Join(t.TempDir(), "ledger.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Exec(ctx, ledgerSchema); err != nil {
				t.Fatal(err)
			}
			l := &ledger{}
			for _, call := range tt.calls {
				o := &outcome{}
				for _, n := range call {
					id := l.newID()
					l.write(id, "Batch", o, nil)
					for range n {
						if _, err := db.Run(ctx, insertSQL, id); err != nil {
							t.Fatal(err)
						}
					}
				}
				l.end(ctx, o, "Batch", tt.err)
			}
			v, err := l.check(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			got := verdict{Writes: v.Writes, Lost: v.Lost, Phantom: v.Phantom, Duplicated: v.Duplicated,
				Unknown: v.Unknown, UnknownApplied: v.UnknownApplied, Partial: v.Partial}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("verdict %+v, want %+v", got, tt.want)
			}
			if problems := l.problems(v); (len(problems) > 0) != tt.problem {
				t.Errorf("problems %q, want some: %t", problems, tt.problem)
			}
		})
	}
}
