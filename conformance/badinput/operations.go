package badinput

import (
	"bytes"
	"context"
	"os"
	"path/filepath"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/google/go-cmp/cmp"
)

// operationCases: Backup, Deserialize, Checkpoint and writes through a
// read-only handle refuse bad targets with typed errors and overwrite
// nothing.
var operationCases = []spec.Case{
	{
		Name:  "BackupOverExistingFile",
		Doc:   "Backup to a file that exists and is not empty fails with a typed error and leaves that file's bytes as they were",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			dest := filepath.Join(e.Dir, "precious.txt")
			precious := []byte("not to be overwritten\n")
			if err := os.WriteFile(dest, precious, 0o644); err != nil {
				return nil, err
			}
			err := e.DB.Backup(ctx, dest)
			got, rerr := os.ReadFile(dest)
			if rerr != nil {
				return nil, rerr
			}
			if !bytes.Equal(got, precious) {
				return nil, spec.Failf("Backup (%v) overwrote the file: %q", err, got)
			}
			if err == nil {
				return nil, spec.Failf("Backup over an existing file succeeded")
			}
			return nil, typed(err)
		},
		Want: nil,
	},
	{
		Name:     "BackupToBadPaths",
		Doc:      "Backup into a missing directory, onto a directory or onto the database itself is a typed error, and the database is intact",
		Requires: []adapter.Feature{adapter.FeatureBackup},
		Setup:    keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"missing directory": refused(func(ctx context.Context, e *spec.Env) error {
				return e.DB.Backup(ctx, filepath.Join(e.Dir, "missing", "b.db"))
			}),
			"directory": refused(func(ctx context.Context, e *spec.Env) error { return e.DB.Backup(ctx, e.Dir) }),
			"itself":    refused(func(ctx context.Context, e *spec.Env) error { return e.DB.Backup(ctx, e.Path) }),
		}),
		Want: map[string]string{"missing directory": "refused", "directory": "refused", "itself": "refused"},
	},
	{
		Name:     "DeserializeGarbage",
		Doc:      "Deserialize of bytes that are not a database fails (at once or at the first query) with SQLITE_NOTADB or SQLITE_CORRUPT",
		Requires: []adapter.Feature{adapter.FeatureSerialize},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for name, data := range map[string][]byte{
				"text":           bytes.Repeat([]byte("garbage "), 1024),
				"header only":    append([]byte("SQLite format 3\x00"), make([]byte, 84)...),
				"truncated page": append([]byte("SQLite format 3\x00\x10\x00\x01\x01\x00\x40\x20\x20"), make([]byte, 500)...),
			} {
				db, err := adapter.Deserialize(ctx, data, &adapter.Options{Driver: e.Driver.Name})
				if err == nil {
					var n int64
					err = db.Get(ctx, &n, "SELECT count(*) FROM sqlite_schema")
					db.Close()
				}
				switch k := kind(err); k {
				case "SQLITE_NOTADB", "SQLITE_CORRUPT":
					out[name] = "refused"
				default:
					out[name] = k
				}
			}
			return out, nil
		},
		Want: map[string]string{"text": "refused", "header only": "refused", "truncated page": "refused"},
	},
	{
		Name:  "CheckpointInvalidMode",
		Doc:   "Checkpoint with a mode that is not one of the four constants is a typed error",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"mode 42": refused(func(ctx context.Context, e *spec.Env) error {
				_, err := e.DB.Checkpoint(ctx, adapter.CheckpointMode(42))
				return err
			}),
			"mode -1": refused(func(ctx context.Context, e *spec.Env) error {
				_, err := e.DB.Checkpoint(ctx, adapter.CheckpointMode(-1))
				return err
			}),
		}),
		Want: map[string]string{"mode 42": "refused", "mode -1": "refused"},
	},
	{
		Name:  "WriteThroughReadOnlyHandle",
		Doc:   "every way of writing through a ReadOnly handle is SQLITE_READONLY, and the file is unchanged",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			ro, err := e.Open(ctx, e.Path, adapter.Options{ReadOnly: true})
			if err != nil {
				return nil, err
			}
			out := map[string]string{}
			_, err = ro.Run(ctx, "DELETE FROM keep")
			out["Run"] = kind(err)
			out["Exec"] = kind(ro.Exec(ctx, "DROP TABLE keep"))
			if lacked := e.Lacks(adapter.FeatureTransactions); lacked != "" {
				out["Transaction"] = lacked
			} else {
				out["Transaction"] = kind(ro.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
					_, err := tx.Run(ctx, "UPDATE keep SET v = 'x'")
					return err
				}))
			}
			_, err = ro.Pragma(ctx, "user_version = 9")
			out["Pragma"] = kind(err)
			return out, intact(ctx, e, nil)
		},
		Want: map[string]string{"Run": "SQLITE_READONLY", "Exec": "SQLITE_READONLY", "Transaction": "SQLITE_READONLY",
			"Pragma": "SQLITE_READONLY"},
		Cmp: []cmp.Option{spec.IgnoreLackedPaths},
	},
}
