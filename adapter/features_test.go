package adapter_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

func TestCheckpoint(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, "CREATE TABLE t(x); INSERT INTO t VALUES (randomblob(10000))")
		for _, mode := range []adapter.CheckpointMode{adapter.CheckpointPassive, adapter.CheckpointFull, adapter.CheckpointRestart, adapter.CheckpointTruncate} {
			exec(t, db, "INSERT INTO t VALUES (1)")
			r, err := db.Checkpoint(ctx, mode)
			must(t, err)
			if r.Busy || r.Log != r.Checkpointed {
				t.Errorf("%v: %+v", mode, r)
			}
		}
		fi, err := os.Stat(db.Path() + "-wal")
		must(t, err)
		if fi.Size() != 0 {
			t.Errorf("-wal is %d bytes after TRUNCATE", fi.Size())
		}
		if _, err := db.Checkpoint(ctx, 7); !errors.Is(err, adapter.ErrArgument) {
			t.Errorf("bad mode: %v", err)
		}
		mem := open(t, driver, &adapter.Options{JournalMode: "DELETE"})
		r, err := mem.Checkpoint(ctx, adapter.CheckpointPassive)
		must(t, err)
		if r != (adapter.CheckpointResult{Log: -1, Checkpointed: -1}) {
			t.Errorf("non-WAL database: %+v", r)
		}
	})
}

func TestBackupAndSerialize(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)")

		dest := filepath.Join(t.TempDir(), "copy.db")
		must(t, db.Backup(ctx, dest))
		if c := openPath(t, dest, driver, nil); count(t, c) != 3 {
			t.Error("backup incomplete")
		}
		if err := db.Backup(ctx, dest); err == nil {
			t.Error("Backup over an existing database succeeded")
		}
		if err := db.Backup(ctx, db.Path()); !errors.Is(err, adapter.ErrArgument) {
			t.Errorf("Backup onto itself: %v", err)
		}

		b, err := db.Serialize(ctx)
		must(t, err)
		if !strings.HasPrefix(string(b), "SQLite format 3\x00") {
			t.Fatalf("Serialize returned %d bytes without the header", len(b))
		}
		mem, err := adapter.Deserialize(ctx, b, &adapter.Options{Driver: driver})
		must(t, err)
		defer mem.Close()
		if count(t, mem) != 3 {
			t.Error("deserialized copy incomplete")
		}
		_, err = mem.Run(ctx, "INSERT INTO t VALUES (4)")
		must(t, err)
		if count(t, mem) != 4 || count(t, db) != 3 {
			t.Error("the copy is not independent")
		}
		if _, err := adapter.Deserialize(ctx, []byte("garbage"), &adapter.Options{Driver: driver}); err == nil {
			t.Error("Deserialize of garbage succeeded")
		}
	})
}

func TestMemory(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db, err := adapter.Open(ctx, ":memory:", &adapter.Options{Driver: driver})
		must(t, err)
		defer db.Close()
		exec(t, db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)")
		must(t, db.Transaction(ctx, func(tx *adapter.Tx) error {
			_, err := tx.Run(ctx, "INSERT INTO t VALUES (2)")
			return err
		}))
		if count(t, db) != 2 {
			t.Error("in-memory database lost rows between calls")
		}
		if _, err := adapter.Open(ctx, ":memory:", &adapter.Options{Driver: driver, JournalMode: "WAL"}); !errors.Is(err, adapter.ErrOptions) {
			t.Errorf("WAL in memory: %v", err)
		}
	})
}

func TestFTS5(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		err := db.Exec(ctx, "CREATE VIRTUAL TABLE docs USING fts5(body); INSERT INTO docs VALUES ('the quick brown fox'), ('lazy dogs')")
		if support := db.Driver().Supports(adapter.FeatureFTS5); support != nil {
			if !errors.Is(support, errors.ErrUnsupported) || err == nil || !strings.Contains(err.Error(), "sqlite_fts5") {
				t.Errorf("FTS5 unsupported (%v) but CREATE gave %v", support, err)
			}
			return
		}
		must(t, err)
		var hl string
		must(t, db.Get(ctx, &hl, "SELECT highlight(docs, 0, '[', ']') FROM docs WHERE docs MATCH 'quick' ORDER BY rank"))
		if hl != "the [quick] brown fox" {
			t.Errorf("highlight = %q", hl)
		}
	})
}

// A blocking checkpoint waits at most half of busy_timeout for a reader, so
// writers queued behind its write lock keep a margin, and the connection
// gets its own busy_timeout back.
func TestBlockingCheckpointWaitsLessThanWriters(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, &adapter.Options{BusyTimeout: 2 * time.Second, MaxOpenConns: 2})
		exec(t, db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)")
		reading, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- db.Transaction(ctx, func(tx *adapter.Tx) error {
				count(t, tx)
				close(reading)
				<-release
				return nil
			})
		}()
		<-reading
		exec(t, db, "INSERT INTO t VALUES (2)") // a frame the reader's snapshot does not have
		start := time.Now()
		r, err := db.Checkpoint(ctx, adapter.CheckpointFull)
		waited := time.Since(start)
		close(release)
		must(t, <-done)
		must(t, err)
		if !r.Busy || waited >= 2*time.Second {
			t.Errorf("FULL with an old reader: %+v after %v; want Busy before the 2s busy_timeout", r, waited)
		}
		v, err := db.PragmaValue(ctx, "busy_timeout")
		must(t, err)
		if v != int64(2000) {
			t.Errorf("busy_timeout after the checkpoint = %v", v)
		}
	})
}
