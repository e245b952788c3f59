package wal

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// fileCases: the -wal and -shm files exist while the database is open in
// WAL mode; the last connection to close cleanly checkpoints and deletes
// both, since the adapter never sets SQLITE_FCNTL_PERSIST_WAL
// (https://sqlite.org/wal.html#the_wal_file).
func fileCases() []spec.Case {
	return []spec.Case{
		{
			Name:  "FilesWhileOpen",
			Doc:   "while open in WAL mode, -wal holds the committed frames and -shm exists",
			Setup: setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				ps, err := pageSize(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				frames, err := walFileFrames(e.Path, ps)
				if err != nil {
					return nil, err
				}
				shm, err := exists(e.Path + "-shm")
				return map[string]any{"-wal frames": frames, "-shm exists": shm}, err
			},
			Want: map[string]any{"-wal frames": int64(3), "-shm exists": true},
		},
		{
			Name:  "FilesRemovedOnLastClose",
			Doc:   "closing the last handle checkpoints into the database file and deletes -wal and -shm (no persistent WAL)",
			Setup: setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				return closeLast(ctx, e.DB, e.Path)
			},
			Want: checkpointedAway,
		},
		{
			Name:  "FilesKeptWhileAnotherHandleOpen",
			Doc:   "closing one of two handles leaves -wal and its frames for the other; closing the second removes the files",
			Setup: setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				other, err := e.Open(ctx, e.Path, adapter.Options{})
				if err != nil {
					return nil, err
				}
				ps, err := pageSize(ctx, e.DB)
				if err != nil {
					return nil, err
				}
				if err := e.DB.Close(); err != nil {
					return nil, err
				}
				frames, err := walFileFrames(e.Path, ps)
				if err != nil {
					return nil, err
				}
				n, err := count(ctx, other)
				if err != nil {
					return nil, err
				}
				after, err := closeLast(ctx, other, e.Path)
				return map[string]any{"-wal frames after first close": frames, "rows": n, "after last close": after}, err
			},
			Want: map[string]any{
				"-wal frames after first close": int64(3),
				"rows":                          int64(1),
				"after last close":              checkpointedAway,
			},
		},
		{
			Name:  "ReadOnlyLastCloseLeavesWAL",
			Doc:   "a read-only handle closing last cannot checkpoint: -wal and -shm stay, and the next read-write handle recovers them",
			Setup: setup3Frames,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				ro, err := e.Open(ctx, e.Path, adapter.Options{ReadOnly: true})
				if err != nil {
					return nil, err
				}
				if _, err := e.DB.Run(ctx, "INSERT INTO t VALUES (2)"); err != nil {
					return nil, err
				}
				if err := e.DB.Close(); err != nil {
					return nil, err
				}
				if err := ro.Close(); err != nil {
					return nil, err
				}
				wal, shm, err := companions(e.Path)
				if err != nil {
					return nil, err
				}
				rw, err := e.Open(ctx, e.Path, adapter.Options{})
				if err != nil {
					return nil, err
				}
				n, err := count(ctx, rw)
				if err != nil {
					return nil, err
				}
				after, err := closeLast(ctx, rw, e.Path)
				return map[string]any{"-wal kept": wal, "-shm kept": shm, "rows": n, "after read-write close": after}, err
			},
			Want: map[string]any{
				"-wal kept": true, "-shm kept": true, "rows": int64(2),
				"after read-write close": checkpointedAway,
			},
		},
	}
}

// checkpointedAway is what closeLast reports for a setup3Frames database
// whose last handle checkpointed it and removed its -wal and -shm files.
var checkpointedAway = map[string]any{"-wal exists": false, "-shm exists": false, "database file pages": int64(2)}

// closeLast closes db, the last handle open on path, and reports which of
// the -wal and -shm files of path exist and the size of the database file
// in pages.
func closeLast(ctx context.Context, db *adapter.DB, path string) (map[string]any, error) {
	ps, err := pageSize(ctx, db)
	if err != nil {
		return nil, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	wal, shm, err := companions(path)
	if err != nil {
		return nil, err
	}
	size, err := fileSize(path)
	return map[string]any{"-wal exists": wal, "-shm exists": shm, "database file pages": size / ps}, err
}
