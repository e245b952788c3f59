package wal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/hold"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// The checkpoint modes, in order, for cases generated per mode.
var modes = []adapter.CheckpointMode{
	adapter.CheckpointPassive, adapter.CheckpointFull, adapter.CheckpointRestart, adapter.CheckpointTruncate,
}

// modeName is the mode's name in CamelCase: "Passive", "Full", ...
func modeName(m adapter.CheckpointMode) string {
	s := m.String()
	return s[:1] + strings.ToLower(s[1:])
}

// shortBusy is the busy_timeout of cases that expect a checkpoint or a
// mode switch to give up: long enough to be a real wait, short enough to
// keep the suite quick.
const shortBusy = 100 * time.Millisecond

// promptLimit bounds operations that must return after shortBusy rather
// than after a long wait; it is a generous upper bound, not a speed.
const promptLimit = 10 * time.Second

// setup3Frames creates a table and inserts a row in two autocommit
// statements: 2 WAL frames (pages 1 and 2) and 1 frame (page 2).
const setup3Frames = "CREATE TABLE t(x); INSERT INTO t VALUES (1)"

// exists reports whether path exists.
func exists(path string) (bool, error) {
	_, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// companions reports whether the -wal and the -shm file of the database
// at path exist.
func companions(path string) (wal, shm bool, err error) {
	if wal, err = exists(path + "-wal"); err != nil {
		return false, false, err
	}
	shm, err = exists(path + "-shm")
	return wal, shm, err
}

// fileSize returns the size of the file at path.
func fileSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// pageSize returns PRAGMA page_size.
func pageSize(ctx context.Context, db *adapter.DB) (int64, error) {
	var n int64
	err := db.Get(ctx, &n, "PRAGMA page_size")
	return n, err
}

// pageCount returns PRAGMA page_count.
func pageCount(ctx context.Context, db *adapter.DB) (int64, error) {
	var n int64
	err := db.Get(ctx, &n, "PRAGMA page_count")
	return n, err
}

// walFileFrames returns how many frames the -wal file of path holds room
// for: a WAL file is a 32-byte header and frames of a 24-byte header plus
// one page (https://sqlite.org/fileformat2.html#walformat). An empty
// file holds 0 frames; -1 means there is no -wal file.
func walFileFrames(path string, pageSize int64) (int64, error) {
	size, err := fileSize(path + "-wal")
	switch {
	case errors.Is(err, os.ErrNotExist):
		return -1, nil
	case err != nil:
		return 0, err
	case size == 0:
		return 0, nil
	}
	if (size-32)%(24+pageSize) != 0 {
		return 0, spec.Failf("-wal file of %d bytes is not a whole number of %d-byte frames", size, pageSize)
	}
	return (size - 32) / (24 + pageSize), nil
}

// headerVersions returns the file format write and read version bytes
// (offsets 18 and 19) of the database file at path: 1 for rollback
// journal modes, 2 for WAL (https://sqlite.org/fileformat2.html#database_header).
func headerVersions(path string) ([]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, 2)
	if _, err := f.ReadAt(b, 18); err != nil && err != io.EOF {
		return nil, err
	}
	return []int{int(b[0]), int(b[1])}, nil
}

// count returns the number of rows of table t.
func count(ctx context.Context, q adapter.Querier) (int64, error) {
	var n int64
	err := q.Get(ctx, &n, "SELECT count(*) FROM t")
	return n, err
}

// journalMode returns PRAGMA journal_mode.
func journalMode(ctx context.Context, q adapter.Querier) (any, error) {
	return q.PragmaValue(ctx, "journal_mode")
}

// insertRows inserts n rows into t, each in its own autocommit statement
// (one WAL frame each while t fits in one page).
func insertRows(ctx context.Context, db adapter.Querier, n int) error {
	for i := range n {
		if _, err := db.Run(ctx, "INSERT INTO t VALUES (?)", i); err != nil {
			return err
		}
	}
	return nil
}

// passiveAfter inserts n rows into t (see insertRows) and returns what a
// PASSIVE checkpoint then reports.
func passiveAfter(ctx context.Context, db *adapter.DB, n int) (adapter.CheckpointResult, error) {
	if err := insertRows(ctx, db, n); err != nil {
		return adapter.CheckpointResult{}, err
	}
	return checkpoint(ctx, db, adapter.CheckpointPassive)
}

// checkpoint runs db.Checkpoint and names the mode in an error.
func checkpoint(ctx context.Context, db *adapter.DB, m adapter.CheckpointMode) (adapter.CheckpointResult, error) {
	r, err := db.Checkpoint(ctx, m)
	if err != nil {
		return r, fmt.Errorf("checkpoint %v: %w", m, err)
	}
	return r, nil
}

// promptly fails if more than promptLimit passed since start.
func promptly(start time.Time, what string) error {
	if d := time.Since(start); d > promptLimit {
		return spec.Failf("%s took %v, want well under %v with a busy_timeout of %v", what, d, promptLimit, shortBusy)
	}
	return nil
}

// holdReader opens a deferred transaction on db that reads t, so that it
// keeps the snapshot of that moment until Release.
func holdReader(ctx context.Context, db *adapter.DB) (*hold.Tx, error) {
	return hold.Open(ctx, db.Transaction, func(tx *adapter.Tx) error {
		_, err := count(ctx, tx)
		return err
	})
}

// holdOldReader holds a reader on db (see holdReader) and then commits n
// more rows into t (see insertRows), so that the reader's snapshot is
// older than the last commit when n > 0.
func holdOldReader(ctx context.Context, db *adapter.DB, n int) (*hold.Tx, error) {
	r, err := holdReader(ctx, db)
	if err != nil {
		return nil, err
	}
	if err := insertRows(ctx, db, n); err != nil {
		r.Release()
		return nil, err
	}
	return r, nil
}

// holdWriter opens an immediate transaction on db that inserts a row into
// t without committing, so that it holds the write lock until Release.
func holdWriter(ctx context.Context, db *adapter.DB) (*hold.Tx, error) {
	return hold.Open(ctx, db.ImmediateTransaction, func(tx *adapter.Tx) error {
		_, err := tx.Run(ctx, "INSERT INTO t VALUES ('uncommitted')")
		return err
	})
}
