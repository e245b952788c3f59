package badinput

import (
	"context"
	"iter"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// iterateCases: breaking out of Iterate, ranging twice, or ranging after
// the DB closed leaves nothing open and gives typed errors.
var iterateCases = []spec.Case{
	{
		Name:     "IterateBreakReleasesConnection",
		Doc:      "breaking out of Iterate on a one-connection pool frees the connection: a write and a TRUNCATE checkpoint go through",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Options:  adapter.Options{MaxOpenConns: 1},
		Setup:    keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			for range 5 {
				for _, err := range e.DB.Iterate(ctx, "SELECT v FROM keep") {
					if err != nil {
						return nil, err
					}
					break
				}
			}
			s, err := e.DB.Prepare(ctx, "SELECT v FROM keep")
			if err != nil {
				return nil, err
			}
			defer s.Close()
			for range s.Iterate(ctx) {
				break
			}
			short, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			if _, err := e.DB.Run(short, "INSERT INTO keep(v) VALUES ('four')"); err != nil {
				return nil, spec.Failf("write after break: %v", err)
			}
			r, err := e.DB.Checkpoint(short, adapter.CheckpointTruncate)
			if err != nil {
				return nil, err
			}
			return r.Busy, intact(ctx, e, append(append([]string{}, keepRows...), "4=four"))
		},
		Want: false,
	},
	{
		Name:  "IterateSequenceRangedTwice",
		Doc:   "an Iterate sequence ranged twice runs the query twice and yields the same rows each time",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			seq := e.DB.Iterate(ctx, "SELECT v FROM keep ORDER BY id")
			var out []any
			for range 2 {
				for row, err := range seq {
					if err != nil {
						return nil, err
					}
					out = append(out, row["v"])
				}
			}
			return out, nil
		},
		Want: []any{"one", "two", "three", "one", "two", "three"},
	},
	{
		Name:  "IterateAfterDBClose",
		Doc:   "an Iterate sequence made before DB.Close and ranged after it yields ErrClosed once and ends",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			seq := e.DB.Iterate(ctx, "DELETE FROM keep RETURNING v")
			if err := e.DB.Close(); err != nil {
				return nil, err
			}
			got, err := afterClose(seq)
			if err != nil {
				return nil, err
			}
			return got, intact(ctx, e, nil)
		},
		Want: []string{"ErrClosed"},
	},
	{
		Name:  "IterateWriteBrokenOff",
		Doc:   "breaking out of an Iterate over DELETE ... RETURNING after one row still completes or rolls back the statement as a whole, never leaving it half done behind an open transaction",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			for _, err := range e.DB.Iterate(ctx, "DELETE FROM keep WHERE id >= 2 RETURNING v") {
				if err != nil {
					return nil, err
				}
				break
			}
			got, err := keepContent(ctx, e.DB)
			if err != nil {
				return nil, err
			}
			if err := intact(ctx, e, got); err != nil {
				return nil, err
			}
			switch len(got) {
			case 1, 3:
				return "all or nothing", nil
			}
			return nil, spec.Failf("half the DELETE happened: keep holds %q", got)
		},
		Want: "all or nothing",
	},
	{
		Name:  "IterateStmtAfterClose",
		Doc:   "Stmt.Iterate ranged after Stmt.Close yields ErrClosed once and no row",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			s, err := e.DB.Prepare(ctx, "SELECT v FROM keep")
			if err != nil {
				return nil, err
			}
			seq := s.Iterate(ctx)
			if err := s.Close(); err != nil {
				return nil, err
			}
			got, err := afterClose(seq)
			if err != nil {
				return nil, err
			}
			return got, nil
		},
		Want: []string{"ErrClosed"},
	},
}

// afterClose ranges over seq, made before its DB or Stmt was closed, and
// names each error it yields; a row is a failure.
func afterClose(seq iter.Seq2[adapter.Row, error]) ([]string, error) {
	var got []string
	for row, err := range seq {
		if row != nil {
			return nil, spec.Failf("yielded a row after Close: %v", row)
		}
		got = append(got, kind(err))
	}
	return got, nil
}
