package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/mount"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// readOnlyMountCases: a WAL database seen through a read-only bind mount
// (a container's read-only view of a volume) while a writer in another
// process keeps it in WAL mode. SQLite reads it through the -shm the
// writer keeps up to date, opened read-only
// (https://sqlite.org/walformat.html#readonly); without a writer there is
// no -shm, and none can be created, so it cannot be opened.
var readOnlyMountCases = []spec.Case{
	{
		Name: "ReadOnlyMountWhileWriterKeepsWAL",
		Doc: "a WAL database opened, ReadOnly or not, through a read-only bind mount while a writer in another process keeps it open: " +
			"it reads the rows, sees the writer's later commits, and refuses a write with SQLITE_READONLY; " +
			"once the writer has closed it, Open is SQLITE_CANTOPEN saying the file system is read-only (EROFS)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			data, ro := filepath.Join(e.Dir, "data"), filepath.Join(e.Dir, "ro")
			for _, d := range []string{data, ro} {
				if err := os.Mkdir(d, 0o755); err != nil {
					return nil, err
				}
			}
			m, err := mount.BindReadOnly(data, ro)
			if err != nil {
				return nil, unsupportedFault(err)
			}
			e.Defer(func() { m.Close() })
			writer, err := e.OpenPeer(ctx, filepath.Join(data, "x.db"), adapter.Options{JournalMode: "WAL"})
			if err != nil {
				return nil, err
			}
			if err := writer.Exec(ctx, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)"); err != nil {
				return nil, err
			}
			path := filepath.Join(ro, "x.db")
			out := map[string]string{}
			for i, readOnly := range []bool{true, false} {
				name := map[bool]string{true: "ReadOnly", false: "read-write"}[readOnly]
				got, err := readThroughMount(ctx, e, writer, path, readOnly, int64(3+i))
				if err != nil {
					return nil, err
				}
				out[name] = got
			}
			if err := writer.Close(); err != nil {
				return nil, err
			}
			_, err = openOutcome(ctx, e, path, adapter.Options{ReadOnly: true})
			out["writer gone"] = "Open " + kind(err) + erofs(err)
			return out, nil
		},
		Want: map[string]string{
			"ReadOnly":    "reads 3 rows, then 4 after the writer's commit; write SQLITE_READONLY",
			"read-write":  "reads 4 rows, then 5 after the writer's commit; write SQLITE_READONLY",
			"writer gone": "Open SQLITE_CANTOPEN, EROFS",
		},
	},
}

// readThroughMount opens path (on the read-only mount) and reads it, has
// the writer commit a row and reads again, tries a write, and describes
// what happened. t holds n rows at first.
func readThroughMount(ctx context.Context, e *spec.Env, writer spec.Peer, path string, readOnly bool, n int64) (string, error) {
	db, err := e.Open(ctx, path, adapter.Options{ReadOnly: readOnly})
	if err != nil {
		return "Open " + kind(err), nil
	}
	defer db.Close()
	var before, after int64
	if err := db.Get(ctx, &before, "SELECT count(*) FROM t"); err != nil {
		return "read " + kind(err), nil
	}
	if err := writer.Exec(ctx, "INSERT INTO t VALUES (0)"); err != nil {
		return "", err
	}
	if err := db.Get(ctx, &after, "SELECT count(*) FROM t"); err != nil {
		return "second read " + kind(err), nil
	}
	_, werr := db.Run(ctx, "INSERT INTO t VALUES (-1)")
	if before != n {
		return "", spec.Failf("read %d rows, want %d", before, n)
	}
	return fmt.Sprintf("reads %d rows, then %d after the writer's commit; write %s", before, after, kind(werr)), db.Close()
}

// erofs is ", EROFS" if err says the file system is read-only, by errno
// (errors.Is(err, syscall.EROFS)) and in its message.
func erofs(err error) string {
	if errors.Is(err, syscall.EROFS) && err != nil && containsAll(err.Error(), "read-only", "EROFS") {
		return ", EROFS"
	}
	return ""
}
