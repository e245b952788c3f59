package drivertest

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// envUnprivileged marks the copy of the test binary that AsUnprivileged
// runs as the user nobody.
const envUnprivileged = "ANYSQLITE_DRIVERTEST_UNPRIVILEGED"

// AsUnprivileged is for a test of file modes, which do not bind root
// (read-only files and directories). Unless the process runs as root, it
// returns true and the test goes on. As root it runs the test again,
// alone, in a copy of the test binary started as the user nobody (uid and
// gid 65534, through setpriv from util-linux), reports that run's outcome
// as t's and returns false: the caller returns. t is skipped, with the
// reason, on Windows (no POSIX file modes), when setpriv is missing or
// when the copy cannot be started (no CAP_SETUID, a binary nobody may not
// run).
func AsUnprivileged(t *testing.T) bool {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("POSIX file modes only")
	}
	if os.Geteuid() != 0 {
		return true
	}
	if os.Getenv(envUnprivileged) != "" {
		t.Fatal("still root in the process started as nobody")
	}
	rerunUnprivileged(t)
	return false
}

// rerunUnprivileged runs the current test again as nobody; see
// AsUnprivileged.
func rerunUnprivileged(t *testing.T) {
	t.Helper()
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("running as root, whom file modes do not bind, and setpriv (util-linux) is not available to run the check as nobody")
	}
	work, err := os.MkdirTemp("", "anysqlite-drivertest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(work) })
	tmp := filepath.Join(work, "tmp")
	for _, dir := range []struct {
		path string
		mode os.FileMode
	}{{work, 0o755}, {tmp, 0o777}} {
		if err := os.MkdirAll(dir.path, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir.path, dir.mode); err != nil { // not masked by the umask
			t.Fatal(err)
		}
	}
	bin := filepath.Join(work, filepath.Base(os.Args[0]))
	if err := copyExecutable(os.Args[0], bin); err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(t.Name(), "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--",
		bin, "-test.run="+strings.Join(parts, "/"), "-test.count=1", "-test.v")
	cmd.Dir = tmp
	gorace := strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "HOME="+tmp, "GORACE="+gorace, envUnprivileged+"=1")
	out, err := cmd.CombinedOutput()
	switch {
	case strings.Contains(string(out), "--- FAIL: "+t.Name()+" ("):
		t.Errorf("as nobody:\n%s", out)
	case strings.Contains(string(out), "--- PASS: "+t.Name()+" ("):
		t.Logf("as nobody:\n%s", out)
	case strings.Contains(string(out), "--- SKIP: "+t.Name()+" ("):
		t.Skipf("as nobody, skipped:\n%s", out)
	default:
		t.Skipf("running as root, whom file modes do not bind, and the test binary could not be run as nobody (%v):\n%s", err, out)
	}
}

// copyExecutable copies the file from to a new file to, mode 0755.
func copyExecutable(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Close(); err != nil {
		return err
	}
	return os.Chmod(to, 0o755)
}
