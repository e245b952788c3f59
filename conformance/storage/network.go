package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/env"
	"github.com/anysqlite/anysqlite/conformance/internal/hold"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// networkKinds are network file systems as the probes of each platform
// report them.
var networkKinds = []adapter.FileSystem{
	{Type: "nfs", Magic: 0x6969, Network: true},
	{Type: "smb", Magic: 0x517B, Network: true},
	{Type: "smb2", Magic: 0xFE534D42, Network: true},
	{Type: "cifs", Magic: 0xFF534D42, Network: true},
	{Type: "9p", Magic: 0x01021997, Network: true},
	{Type: "afs", Magic: 0x5346414F, Network: true},
	{Type: "ceph", Magic: 0x00C36400, Network: true},
	{Type: "lustre", Magic: 0x0BD00BD0, Network: true},
	{Type: "gpfs", Magic: 0x47504653, Network: true},
	{Type: "smbfs", Network: true},  // macOS
	{Type: "afpfs", Network: true},  // macOS
	{Type: "webdav", Network: true}, // macOS
	{Type: "remote", Network: true}, // Windows mapped drive or UNC path
}

var (
	nfs  = networkKinds[0]
	fuse = adapter.FileSystem{Type: "fuse", Magic: 0x65735546, FUSE: true}
	ext4 = adapter.FileSystem{Type: "ext4", Magic: 0xEF53}
)

// probe returns a file system probe that reports fs.
func probe(fs adapter.FileSystem) func(string) (adapter.FileSystem, error) {
	return func(string) (adapter.FileSystem, error) { return fs, nil }
}

// networkCases: on a network file system (as reported by the injectable
// probe) Open picks rollback journaling and no memory mapping, refuses
// explicit WAL or mmap unless AllowUnsafeStorage, and says so.
var networkCases = []spec.Case{
	{
		Name: "NetworkDefaults",
		Doc:  "on NFS, SMB, CIFS, 9p, AFS, Ceph, Lustre, GPFS, AFP, WebDAV and remote drives Open uses journal_mode DELETE, and on every connection synchronous FULL, the default busy_timeout and mmap_size 0, says why in Storage().Decisions and the Logger, and the database works",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for _, fs := range networkKinds {
				path := filepath.Join(e.Dir, fs.Type+".db")
				var logs strings.Builder
				db, err := e.Open(ctx, path, adapter.Options{DetectFileSystem: probe(fs), Logger: jsonLogger(&logs)})
				if err != nil {
					return nil, err
				}
				st := db.Storage()
				switch {
				case st.FileSystem != fs:
					out[fs.Type] = "FileSystem " + st.FileSystem.Type
				case st.JournalMode != "delete" || st.MmapSize != 0:
					out[fs.Type] = "journal " + st.JournalMode
				case len(st.Decisions) == 0 || !strings.Contains(st.Decisions[0], fs.Type):
					out[fs.Type] = "no decision naming the file system"
				case !strings.Contains(logs.String(), "journal_mode DELETE"):
					out[fs.Type] = "decision not logged"
				default:
					out[fs.Type] = settingsOf(ctx, db)
				}
				if err := db.Close(); err != nil {
					return nil, err
				}
				if _, err := os.Stat(path + "-wal"); err == nil {
					out[fs.Type] += ", a -wal was left"
				}
			}
			return out, nil
		},
		Want: networkWant("delete FULL busy 5000 mmap 0, works"),
	},
	{
		Name: "NetworkRefusesExplicitWALAndMmap",
		Doc:  "on a network file system an explicit JournalMode WAL or MmapSize is ErrUnsafeStorage and no file is created",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for name, o := range map[string]adapter.Options{
				"WAL":       {JournalMode: "WAL"},
				"wal":       {JournalMode: "wal"},
				"MmapSize":  {MmapSize: 1 << 20},
				"both":      {JournalMode: "WAL", MmapSize: 1 << 20},
				"DELETE ok": {JournalMode: "DELETE", MmapSize: -1},
			} {
				path := filepath.Join(e.Dir, "refused.db")
				o.DetectFileSystem = probe(nfs)
				outcome, err := openOutcome(ctx, e, path, o)
				if err == nil {
					os.Remove(path)
				} else if _, serr := os.Stat(path); !errors.Is(serr, os.ErrNotExist) {
					outcome += ", file created"
				}
				if errors.Is(err, adapter.ErrUnsafeStorage) {
					outcome = "ErrUnsafeStorage"
				}
				out[name] = outcome
			}
			return out, nil
		},
		Want: map[string]string{"WAL": "ErrUnsafeStorage", "wal": "ErrUnsafeStorage", "MmapSize": "ErrUnsafeStorage",
			"both": "ErrUnsafeStorage", "DELETE ok": "opened"},
	},
	{
		Name: "NetworkAllowUnsafeStorage",
		Doc:  "AllowUnsafeStorage lets an explicit WAL and MmapSize stand on a network file system, with no decision recorded",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			db, err := e.Open(ctx, filepath.Join(e.Dir, "unsafe.db"), adapter.Options{
				DetectFileSystem: probe(nfs), JournalMode: "WAL", MmapSize: 1 << 20, AllowUnsafeStorage: true,
			})
			if err != nil {
				return nil, err
			}
			st := db.Storage()
			return []any{st.JournalMode, st.MmapSize, len(st.Decisions)}, nil
		},
		Want: []any{"wal", int64(1 << 20), 0},
	},
	{
		Name: "NetworkExistingWALDatabase",
		Doc:  "a WAL database with committed frames in its -wal, opened on a network file system, is switched to DELETE with every row kept and no -wal left",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			path := filepath.Join(e.Dir, "existing.db")
			if err := walWithFrames(ctx, e, path); err != nil {
				return nil, err
			}
			db, err := e.Open(ctx, path, adapter.Options{DetectFileSystem: probe(nfs)})
			if err != nil {
				return nil, err
			}
			if err := count(ctx, db, rows+1); err != nil {
				return nil, err
			}
			mode := db.Storage().JournalMode
			if err := db.Close(); err != nil {
				return nil, err
			}
			_, werr := os.Stat(path + "-wal")
			return []any{mode, errors.Is(werr, os.ErrNotExist)}, nil
		},
		Want: []any{"delete", true},
	},
	{
		Name: "NetworkIgnoresMmapFromEnvironment",
		Doc:  "$ANYSQLITE_MMAP_SIZE is ignored on a network file system (mmap_size 0, with a second decision saying so), and applies on a local one (no decision)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var out []any
			err := env.With(adapter.EnvMmapSize, "65536", true, func() error {
				for _, fs := range []adapter.FileSystem{nfs, ext4} {
					db, err := e.Open(ctx, filepath.Join(e.Dir, fs.Type+".db"), adapter.Options{DetectFileSystem: probe(fs)})
					if err != nil {
						return err
					}
					st := db.Storage()
					out = append(out, fmt.Sprintf("%s: %s, mmap %d, %d decisions", fs.Type, st.JournalMode, st.MmapSize, len(st.Decisions)))
					if err := db.Close(); err != nil {
						return err
					}
				}
				return nil
			})
			return out, err
		},
		Want: []any{"nfs: delete, mmap 0, 2 decisions", "ext4: wal, mmap 65536, 0 decisions"},
	},
	{
		Name: "NetworkOpenWaitsForOtherHandle",
		Doc:  "opening a WAL database on a network file system while another handle reads it waits (busy_timeout) for that handle to close, then leaves WAL for DELETE",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			path := filepath.Join(e.Dir, "wal.db")
			if err := makeDBIn(ctx, e, path, "WAL"); err != nil {
				return nil, err
			}
			first, err := e.Open(ctx, path, adapter.Options{})
			if err != nil {
				return nil, err
			}
			r, err := hold.Open(ctx, first.Transaction, func(tx *adapter.Tx) error {
				var n int64
				return tx.Get(ctx, &n, "SELECT count(*) FROM t")
			})
			if err != nil {
				return nil, err
			}
			// Leaving WAL needs every other connection gone (in WAL mode even
			// an idle one holds a shared lock): Open must wait for that.
			closed := make(chan error, 1)
			time.AfterFunc(300*time.Millisecond, func() { closed <- errors.Join(r.Release(), first.Close()) })
			db, err := e.Open(ctx, path, adapter.Options{DetectFileSystem: probe(nfs), BusyTimeout: time.Minute})
			if cerr := <-closed; cerr != nil {
				return nil, cerr
			}
			if err != nil {
				return nil, err
			}
			return db.Storage().JournalMode, count(ctx, db, rows)
		},
		Want: "delete",
	},
	{
		Name: "FUSE",
		Doc:  "a FUSE file system keeps the WAL default and is reported as FUSE; with FUSEIsNetwork it is treated as a network file system",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var out []string
			for _, o := range []adapter.Options{{}, {FUSEIsNetwork: true}, {FUSEIsNetwork: true, JournalMode: "WAL"}} {
				o.DetectFileSystem = probe(fuse)
				db, err := e.Open(ctx, filepath.Join(e.Dir, "fuse.db"), o)
				if err != nil {
					out = append(out, kind(err))
					continue
				}
				st := db.Storage()
				out = append(out, st.JournalMode+" fuse="+map[bool]string{true: "yes", false: "no"}[st.FileSystem.FUSE])
				if err := db.Close(); err != nil {
					return nil, err
				}
			}
			return out, nil
		},
		Want: []string{"wal fuse=yes", "delete fuse=yes", "ErrUnsafeStorage"},
	},
	{
		Name: "LocalFileSystemUnchanged",
		Doc:  "on a local file system (ext4 from the probe, or the real probe on the case's directory) Open keeps WAL and records no decision",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var out []string
			for _, o := range []adapter.Options{{DetectFileSystem: probe(ext4)}, {}} {
				db, err := e.Open(ctx, filepath.Join(e.Dir, "local.db"), o)
				if err != nil {
					return nil, err
				}
				st := db.Storage()
				if st.FileSystem.Network {
					return nil, spec.Failf("the case's directory is on a network file system: %+v", st.FileSystem)
				}
				out = append(out, st.JournalMode, strings.Join(st.Decisions, "; "))
				if err := db.Close(); err != nil {
					return nil, err
				}
			}
			return out, nil
		},
		Want: []string{"wal", "", "wal", ""},
	},
	{
		Name: "FileSystemProbeFails",
		Doc:  "a file system probe that fails leaves the database treated as local (WAL), with the failure recorded as a decision",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			db, err := e.Open(ctx, filepath.Join(e.Dir, "probe.db"), adapter.Options{
				DetectFileSystem: func(string) (adapter.FileSystem, error) { return adapter.FileSystem{}, errors.New("statfs: no luck") },
			})
			if err != nil {
				return nil, err
			}
			st := db.Storage()
			return []any{st.JournalMode, len(st.Decisions) == 1 && strings.Contains(st.Decisions[0], "no luck")}, nil
		},
		Want: []any{"wal", true},
	},
	{
		Name: "NetworkReadOnly",
		Doc:  "a ReadOnly Open on a network file system leaves the file's journal mode alone and reads the data",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			path := filepath.Join(e.Dir, "ro.db")
			if err := makeDB(ctx, e, path); err != nil {
				return nil, err
			}
			db, err := e.Open(ctx, path, adapter.Options{ReadOnly: true, DetectFileSystem: probe(nfs)})
			if err != nil {
				return nil, err
			}
			return db.Storage().JournalMode, count(ctx, db, rows)
		},
		Want: "delete",
	},
}

// networkWant is want for each of networkKinds, by type.
func networkWant(want string) map[string]string {
	out := map[string]string{}
	for _, fs := range networkKinds {
		out[fs.Type] = want
	}
	return out
}

// settingConns is how many pool connections settingsOf reads at once.
const settingConns = 3

// settingsOf reads what the pool's connections run with (settingConns
// of them held at once, which must agree) and whether a write works, as a
// short string.
func settingsOf(ctx context.Context, db *adapter.DB) string {
	first, err := connSettings(ctx, db)
	if err != nil {
		return err.Error()
	}
	mode, err := db.PragmaValue(ctx, "journal_mode")
	if err != nil {
		return "journal_mode: " + err.Error()
	}
	if err := db.Exec(ctx, "CREATE TABLE w(x); INSERT INTO w VALUES (1)"); err != nil {
		return "write: " + err.Error()
	}
	return fmt.Sprint(mode) + " " + first + ", works"
}

// connSettings reads synchronous, busy_timeout and mmap_size on
// settingConns pool connections held at once, and describes them if they
// agree.
func connSettings(ctx context.Context, db *adapter.DB) (string, error) {
	var first string
	for i := range settingConns {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			return "", fmt.Errorf("connection: %w", err)
		}
		defer c.Close()
		var sync, busy, mmap int64
		for _, p := range []struct {
			name string
			v    *int64
		}{{"synchronous", &sync}, {"busy_timeout", &busy}, {"mmap_size", &mmap}} {
			if err := c.QueryRowContext(ctx, "PRAGMA "+p.name).Scan(p.v); err != nil {
				return "", fmt.Errorf("%s: %w", p.name, err)
			}
		}
		got := fmt.Sprintf("%s busy %d mmap %s", map[int64]string{0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[sync], busy,
			map[bool]string{true: "0", false: "on"}[mmap == 0])
		if i == 0 {
			first = got
		} else if got != first {
			return "", fmt.Errorf("connection %d: %s, connection 0: %s", i, got, first)
		}
	}
	return first, nil
}
