package api

import (
	"bytes"
	"context"
	"path/filepath"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// threeRows is the Setup of the copy cases.
const threeRows = "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)"

// databaseCases: copies of a database (Backup, Serialize and Deserialize)
// and in-memory databases hold the data and stay apart from the original.
var databaseCases = []spec.Case{
	{
		Name:     "BackupCopiesDatabase",
		Doc:      "Backup writes a copy another handle reads every row from; a second Backup onto that copy fails and leaves it as it was",
		Requires: []adapter.Feature{adapter.FeatureBackup},
		Setup:    threeRows,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			dest := filepath.Join(e.Dir, "copy.db")
			if err := e.DB.Backup(ctx, dest); err != nil {
				return nil, err
			}
			copied, err := e.Open(ctx, dest, adapter.Options{})
			if err != nil {
				return nil, err
			}
			n, err := countT(ctx, copied)
			if err != nil {
				return nil, err
			}
			if _, err := e.DB.Run(ctx, "INSERT INTO t VALUES (4)"); err != nil {
				return nil, err
			}
			again := e.DB.Backup(ctx, dest)
			after, err := countT(ctx, copied)
			return []any{n, again != nil, after}, err
		},
		Want: []any{int64(3), true, int64(3)},
	},
	{
		Name:     "BackupOntoItselfIsArgumentError",
		Doc:      "Backup onto the database's own file is ErrArgument, and the database goes on working",
		Requires: []adapter.Feature{adapter.FeatureBackup},
		Setup:    threeRows,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return countAfter(ctx, e, e.DB.Backup(ctx, e.Path))
		},
		WantErr: adapter.ErrArgument,
	},
	{
		Name:     "SerializeRoundTrip",
		Doc:      "Serialize returns the bytes of an SQLite file, and Deserialize of them opens an in-memory copy with every row that changes apart from the original",
		Requires: []adapter.Feature{adapter.FeatureSerialize},
		Setup:    threeRows,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			b, err := e.DB.Serialize(ctx)
			if err != nil {
				return nil, err
			}
			header := bytes.HasPrefix(b, []byte("SQLite format 3\x00"))
			mem, err := adapter.Deserialize(ctx, b, &adapter.Options{Driver: e.Driver.Name})
			if err != nil {
				return nil, err
			}
			defer mem.Close()
			copied, err := countT(ctx, mem)
			if err != nil {
				return nil, err
			}
			if _, err := mem.Run(ctx, "INSERT INTO t VALUES (4)"); err != nil {
				return nil, err
			}
			changed, err := countT(ctx, mem)
			if err != nil {
				return nil, err
			}
			original, err := countT(ctx, e.DB)
			return map[string]any{"header": header, "copied": copied, "copy after insert": changed, "original": original}, err
		},
		Want: map[string]any{"header": true, "copied": int64(3), "copy after insert": int64(4), "original": int64(3)},
	},
	{
		Name:     "MemoryKeepsRowsAcrossCalls",
		Doc:      "an in-memory database keeps its tables and rows from one call to the next, transactions included (it is one connection)",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			mem, err := e.Open(ctx, ":memory:", adapter.Options{})
			if err != nil {
				return nil, err
			}
			if err := mem.Exec(ctx, "CREATE TABLE t(x); INSERT INTO t VALUES (1)"); err != nil {
				return nil, err
			}
			err = mem.Transaction(ctx, func(tx *adapter.Tx) error {
				_, err := tx.Run(ctx, "INSERT INTO t VALUES (2)")
				return err
			})
			if err != nil {
				return nil, err
			}
			return countT(ctx, mem)
		},
		Want: int64(2),
	},
}

// countT returns the number of rows of t.
func countT(ctx context.Context, db *adapter.DB) (int64, error) {
	var n int64
	err := db.Get(ctx, &n, "SELECT count(*) FROM t")
	return n, err
}

// countAfter returns err, the error the case expects, once the case's
// database still holds the three rows of threeRows.
func countAfter(ctx context.Context, e *spec.Env, err error) (any, error) {
	n, cerr := countT(ctx, e.DB)
	if cerr != nil {
		return nil, cerr
	}
	if n != 3 {
		return nil, spec.Failf("t holds %d rows, want 3", n)
	}
	return nil, err
}
