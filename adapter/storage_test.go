package adapter_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	osexec "os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

func fakeFS(fs adapter.FileSystem) func(string) (adapter.FileSystem, error) {
	return func(string) (adapter.FileSystem, error) { return fs, nil }
}

// Network file systems, as each platform's probe reports them.
var networkKinds = []adapter.FileSystem{
	{Type: "nfs", Magic: 0x6969, Network: true},
	{Type: "smb", Magic: 0x517B, Network: true},
	{Type: "cifs", Magic: 0xFF534D42, Network: true},
	{Type: "smb2", Magic: 0xFE534D42, Network: true},
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

func TestNetworkFileSystemDefaults(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		for _, fs := range networkKinds {
			t.Run(fs.Type, func(t *testing.T) {
				var logs bytes.Buffer
				db := open(t, driver, &adapter.Options{DetectFileSystem: fakeFS(fs), Logger: slog.New(slog.NewTextHandler(&logs, nil))})
				st := db.Storage()
				if st.JournalMode != "delete" || st.FileSystem != fs || len(st.Decisions) == 0 || !strings.Contains(st.Decisions[0], fs.Type) {
					t.Errorf("Storage() = %+v", st)
				}
				for i, got := range settingsOf(t, db, 3) {
					if got["synchronous"] != 2 || got["busy_timeout"] != 5000 {
						t.Errorf("connection %d: %v, want synchronous FULL and the busy timeout", i, got)
					}
				}
				if !strings.Contains(logs.String(), "journal_mode DELETE") {
					t.Errorf("decision not logged: %q", logs.String())
				}
			})
		}
		nfs := networkKinds[0]
		_, err := adapter.Open(ctx, filepath.Join(t.TempDir(), "x.db"), &adapter.Options{Driver: driver, DetectFileSystem: fakeFS(nfs), JournalMode: "WAL"})
		if !errors.Is(err, adapter.ErrUnsafeStorage) {
			t.Errorf("explicit WAL on NFS: %v", err)
		}
		_, err = adapter.Open(ctx, filepath.Join(t.TempDir(), "x.db"), &adapter.Options{Driver: driver, DetectFileSystem: fakeFS(nfs), MmapSize: 1 << 20})
		if !errors.Is(err, adapter.ErrUnsafeStorage) {
			t.Errorf("explicit mmap on NFS: %v", err)
		}
		db := open(t, driver, &adapter.Options{DetectFileSystem: fakeFS(nfs), JournalMode: "WAL", AllowUnsafeStorage: true})
		if st := db.Storage(); st.JournalMode != "wal" || len(st.Decisions) != 0 {
			t.Errorf("override: %+v", st)
		}
		t.Setenv(adapter.EnvMmapSize, "65536")
		db = open(t, driver, &adapter.Options{DetectFileSystem: fakeFS(nfs)})
		if st := db.Storage(); st.MmapSize != 0 || len(st.Decisions) != 2 {
			t.Errorf("env mmap on NFS: %+v", st)
		}
		db = open(t, driver, &adapter.Options{DetectFileSystem: fakeFS(adapter.FileSystem{Type: "ext4", Magic: 0xEF53})})
		if st := db.Storage(); st.MmapSize != 65536 || st.JournalMode != "wal" || len(st.Decisions) != 0 {
			t.Errorf("env mmap locally: %+v", st)
		}
	})
}

func TestFUSE(t *testing.T) {
	fuse := adapter.FileSystem{Type: "fuse", Magic: 0x65735546, FUSE: true}
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, &adapter.Options{DetectFileSystem: fakeFS(fuse)})
		if st := db.Storage(); st.JournalMode != "wal" || !st.FileSystem.FUSE || len(st.Decisions) != 0 {
			t.Errorf("FUSE by default: %+v", st)
		}
		db = open(t, driver, &adapter.Options{DetectFileSystem: fakeFS(fuse), FUSEIsNetwork: true})
		if st := db.Storage(); st.JournalMode != "delete" {
			t.Errorf("FUSEIsNetwork: %+v", st)
		}
	})
}

// Switching a WAL database to DELETE (as on a network file system) waits,
// up to busy_timeout, for the other connections to go, instead of failing.
func TestJournalChangeWaitsForLocks(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		path := filepath.Join(t.TempDir(), "wal.db")
		first := openPath(t, path, driver, nil)
		exec(t, first, "CREATE TABLE t(x); INSERT INTO t VALUES (1)")
		reading, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- first.Transaction(ctx, func(tx *adapter.Tx) error {
				count(t, tx)
				close(reading)
				<-release
				return nil
			})
		}()
		<-reading
		time.AfterFunc(300*time.Millisecond, func() { close(release) })
		closed := make(chan error, 1)
		go func() {
			err := <-done
			closed <- errors.Join(err, first.Close())
		}()
		// Leaving WAL needs every other connection gone (in WAL mode even an
		// idle one holds a shared lock): Open must wait for that, up to
		// busy_timeout, instead of failing at once.
		db := openPath(t, path, driver, &adapter.Options{DetectFileSystem: fakeFS(networkKinds[0])})
		must(t, <-closed)
		if st := db.Storage(); st.JournalMode != "delete" {
			t.Errorf("journal mode %q", st.JournalMode)
		}
	})
}

func TestDetectFileSystemForReal(t *testing.T) {
	fs, err := adapter.DetectFileSystem(t.TempDir())
	must(t, err)
	if fs.Network || fs.Type == "" {
		t.Errorf("temporary directory: %+v", fs)
	}
	if runtime.GOOS != "linux" {
		return
	}
	if fs.Type == "unknown" {
		t.Errorf("temporary directory on an unknown Linux file system: %+v", fs)
	}
	eachDriver(t, func(t *testing.T, driver string) {
		for name, dir := range map[string]string{"tmpfs": "/dev/shm", "overlay": overlayDir(t)} {
			if dir == "" {
				continue
			}
			fs, err := adapter.DetectFileSystem(dir)
			must(t, err)
			if fs.Type != name || fs.Network {
				t.Errorf("%s: %+v", dir, fs)
			}
			sub, err := os.MkdirTemp(dir, "anysqlite-")
			must(t, err)
			defer os.RemoveAll(sub)
			db := openPath(t, filepath.Join(sub, "x.db"), driver, nil)
			if st := db.Storage(); st.FileSystem.Type != name || st.JournalMode != "wal" {
				t.Errorf("on %s: %+v", name, st)
			}
			exec(t, db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)")
			if count(t, db) != 1 {
				t.Errorf("on %s: no row", name)
			}
			must(t, db.Close())
		}
	})
}

// overlayDir mounts a small overlay file system for the test, or returns ""
// with the reason logged when this machine cannot (not root, no overlay
// support).
func overlayDir(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	lower, upper, work, merged := filepath.Join(base, "l"), filepath.Join(base, "u"), filepath.Join(base, "w"), filepath.Join(base, "m")
	for _, d := range []string{lower, upper, work, merged} {
		must(t, os.Mkdir(d, 0o755))
	}
	opts := "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work
	if out, err := osexec.Command("mount", "-t", "overlay", "overlay", "-o", opts, merged).CombinedOutput(); err != nil {
		t.Logf("overlay not tested: cannot mount one here: %v: %s", err, out)
		return ""
	}
	t.Cleanup(func() { osexec.Command("umount", merged).Run() })
	return merged
}
