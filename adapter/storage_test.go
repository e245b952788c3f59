package adapter_test

import (
	"os"
	osexec "os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

// The real file system probe, on this machine's temporary directory, tmpfs
// and (as root) an overlay mount; conformance/storage injects the probe
// instead (Options.DetectFileSystem) to cover the decisions on every
// driver.
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
