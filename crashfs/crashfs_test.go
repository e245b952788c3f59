//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package crashfs_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/anysqlite/anysqlite/crashfs"
)

// envChild makes the test binary run one of the child programs below
// instead of the tests: a process that serves a FUSE mount must not map
// its files itself, so mmap and locks are exercised from children.
const envChild = "CRASHFS_TEST_CHILD"

func TestMain(m *testing.M) {
	if name := os.Getenv(envChild); name != "" {
		if err := children[name](os.Args[len(os.Args)-1]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var children = map[string]func(path string) error{
	"mmap":   childMmap,
	"lock":   childLock,
	"writer": childWriter,
}

// child starts the child program name on path.
func child(t *testing.T, name, path string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$", path)
	cmd.Env = append(os.Environ(), envChild+"="+name)
	cmd.Stderr = os.Stderr
	return cmd
}

// childMmap writes through a shared writable mapping, as SQLite does to
// the -shm file, and reads it back through read(2).
func childMmap(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Truncate(32768); err != nil {
		return err
	}
	mem, err := unix.Mmap(int(f.Fd()), 0, 32768, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return fmt.Errorf("mmap MAP_SHARED: %w", err)
	}
	copy(mem[4096:], "written through the mapping")
	if err := unix.Msync(mem, unix.MS_SYNC); err != nil {
		return err
	}
	if err := unix.Munmap(mem); err != nil {
		return err
	}
	buf := make([]byte, 27)
	if _, err := f.ReadAt(buf, 4096); err != nil || string(buf) != "written through the mapping" {
		return fmt.Errorf("read after munmap: %q, %v", buf, err)
	}
	return nil
}

// childLock holds a POSIX write lock on byte 0 until its input closes.
func childLock(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: 0, Len: 1}
	if err := unix.FcntlFlock(f.Fd(), unix.F_SETLK, &lk); err != nil {
		return fmt.Errorf("F_SETLK: %w", err)
	}
	fmt.Println("locked")
	bufio.NewReader(os.Stdin).ReadString('\n')
	return nil
}

// childWriter writes numbered 8-byte records and fsyncs after every
// second one, reporting each synced record, until it is killed.
func childWriter(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	for i := 0; ; i++ {
		if _, err := f.WriteAt([]byte(fmt.Sprintf("%07d\n", i)), int64(8*i)); err != nil {
			return err
		}
		if i%2 == 1 {
			if err := f.Sync(); err != nil {
				return err
			}
			fmt.Println(i)
		}
	}
}

// mount mounts a file system over a backing directory with files, or
// skips the test, saying why, where FUSE is unavailable.
func mount(t *testing.T, files map[string]string) (f *crashfs.FS, backing string) {
	t.Helper()
	dir := t.TempDir()
	backing, mnt := filepath.Join(dir, "disk"), filepath.Join(dir, "mnt")
	for _, d := range []string{backing, mnt} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(backing, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := crashfs.Mount(backing, mnt, &crashfs.Options{Debug: os.Getenv("CRASHFS_DEBUG") != ""})
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("unsupported here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Cut(crashfs.DropAll, nil) })
	return f, backing
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "<missing>"
	}
	must(t, err)
	return string(b)
}

// TestSQLiteFileOperations does through the mount what SQLite's VFS
// does: pwrite and pread at offsets, ftruncate, fdatasync, fsync of the
// directory after creating a journal, unlink and rename.
func TestSQLiteFileOperations(t *testing.T) {
	f, backing := mount(t, map[string]string{"db": "0123456789"})
	mnt := f.Mountpoint()

	db, err := os.OpenFile(filepath.Join(mnt, "db"), os.O_RDWR, 0)
	must(t, err)
	_, err = db.WriteAt([]byte("AB"), 4)
	must(t, err)
	buf := make([]byte, 10)
	_, err = db.ReadAt(buf, 0)
	must(t, err)
	if string(buf) != "0123AB6789" {
		t.Fatalf("pread after pwrite: %q", buf)
	}
	must(t, unix.Fdatasync(int(db.Fd())))
	must(t, db.Truncate(6))
	_, err = db.WriteAt([]byte("tail"), 20) // pending, and extends with a hole
	must(t, err)

	j, err := os.OpenFile(filepath.Join(mnt, "db-journal"), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	must(t, err)
	_, err = j.WriteAt([]byte("journal"), 0)
	must(t, err)
	must(t, j.Sync())
	dir, err := os.Open(mnt)
	must(t, err)
	must(t, dir.Sync()) // the journal's name is durable now
	must(t, j.Close())

	must(t, os.WriteFile(filepath.Join(mnt, "tmp"), []byte("x"), 0o644))
	must(t, os.Rename(filepath.Join(mnt, "tmp"), filepath.Join(mnt, "renamed")))
	must(t, os.Remove(filepath.Join(mnt, "db-journal"))) // pending: the journal comes back

	if got := read(t, filepath.Join(mnt, "renamed")); got != "x" {
		t.Fatalf("renamed file reads %q", got)
	}
	must(t, dir.Close())
	must(t, db.Close())
	rep, err := f.Cut(crashfs.DropAll, nil)
	must(t, err)
	if rep.Pending == 0 || rep.Kept != 0 {
		t.Fatalf("report %+v", rep)
	}
	for name, want := range map[string]string{"db": "0123AB6789", "db-journal": "journal", "renamed": "<missing>", "tmp": "<missing>"} {
		if got := read(t, filepath.Join(backing, name)); got != want {
			t.Errorf("after the cut %s holds %q, want %q", name, got, want)
		}
	}
}

func TestCleanUnmountKeepsEverything(t *testing.T) {
	f, backing := mount(t, nil)
	must(t, os.Mkdir(filepath.Join(f.Mountpoint(), "sub"), 0o755))
	must(t, os.WriteFile(filepath.Join(f.Mountpoint(), "sub", "a"), []byte("never synced"), 0o644))
	_, err := f.Unmount()
	must(t, err)
	if got := read(t, filepath.Join(backing, "sub", "a")); got != "never synced" {
		t.Fatalf("after a clean unmount sub/a holds %q", got)
	}
}

// TestSharedMapping maps a file writable and shared, as every connection
// maps the -shm file in WAL mode.
func TestSharedMapping(t *testing.T) {
	f, backing := mount(t, nil)
	cmd := child(t, "mmap", filepath.Join(f.Mountpoint(), "db-shm"))
	if out, err := cmd.Output(); err != nil {
		t.Fatalf("child: %v %s", err, out)
	}
	_, err := f.Unmount()
	must(t, err)
	if got := read(t, filepath.Join(backing, "db-shm")); !strings.Contains(got, "written through the mapping") {
		t.Fatalf("what was written through the mapping did not reach the file system")
	}
}

// TestLocksAreKeptByTheKernel: a POSIX lock taken by one process is seen
// by another (F_GETLK), and open file description locks conflict.
func TestLocksAreKeptByTheKernel(t *testing.T) {
	f, _ := mount(t, map[string]string{"db": "x"})
	path := filepath.Join(f.Mountpoint(), "db")
	cmd := child(t, "lock", path)
	stdin, err := cmd.StdinPipe()
	must(t, err)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	defer cmd.Wait()
	defer stdin.Close()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		t.Fatalf("child: %q", line)
	}
	a, err := os.OpenFile(path, os.O_RDWR, 0)
	must(t, err)
	defer a.Close()
	lk := unix.Flock_t{Type: unix.F_WRLCK, Start: 0, Len: 1}
	must(t, unix.FcntlFlock(a.Fd(), unix.F_GETLK, &lk))
	if lk.Type != unix.F_WRLCK || int(lk.Pid) != cmd.Process.Pid {
		t.Fatalf("F_GETLK sees %+v, want the child's (pid %d) write lock", lk, cmd.Process.Pid)
	}

	b, err := os.OpenFile(path, os.O_RDWR, 0)
	must(t, err)
	defer b.Close()
	ofd := unix.Flock_t{Type: unix.F_WRLCK, Start: 10, Len: 1}
	must(t, unix.FcntlFlock(a.Fd(), unix.F_OFD_SETLK, &ofd))
	ofd = unix.Flock_t{Type: unix.F_WRLCK, Start: 10, Len: 1}
	if err := unix.FcntlFlock(b.Fd(), unix.F_OFD_SETLK, &ofd); !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("a second open file description took a conflicting lock: %v", err)
	}
}

// TestCutAfterStopsAProcessMidWrite arms a cut at an operation, lets a
// child write and fsync until the file system freezes, kills it, and
// checks that the disk holds every record the child saw synced and
// nothing written after the freeze.
func TestCutAfterStopsAProcessMidWrite(t *testing.T) {
	f, backing := mount(t, nil)
	const at = 41
	f.CutAfter(at)
	cmd := child(t, "writer", filepath.Join(f.Mountpoint(), "log"))
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	synced := -1
	lines := make(chan int)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			n, _ := strconv.Atoi(sc.Text())
			lines <- n
		}
		close(lines)
	}()
	select {
	case <-f.Frozen():
	case <-time.After(20 * time.Second):
		t.Fatal("the file system did not freeze")
	}
	must(t, cmd.Process.Kill())
	ops := f.Ops()
	_, err = f.Cut(crashfs.DropAll, nil)
	for n := range lines {
		synced = n
	}
	cmd.Wait()
	must(t, err)
	if ops != at {
		t.Fatalf("%d operations performed, want %d", ops, at)
	}
	// The name of log was never made durable (no directory fsync).
	if got := read(t, filepath.Join(backing, "log")); got != "<missing>" {
		t.Fatalf("log survived without a directory fsync: %q", got)
	}
	if synced < 0 {
		t.Fatal("the child reported no synced record")
	}
}

func TestCutAfterKeepsSyncedRecords(t *testing.T) {
	f, backing := mount(t, map[string]string{"log": ""})
	f.CutAfter(30)
	cmd := child(t, "writer", filepath.Join(f.Mountpoint(), "log"))
	out := &bytes.Buffer{}
	cmd.Stdout = out
	must(t, cmd.Start())
	<-f.Frozen()
	must(t, cmd.Process.Kill())
	_, err := f.Cut(crashfs.DropAll, nil)
	cmd.Wait()
	must(t, err)
	reported := strings.Fields(out.String())
	last, _ := strconv.Atoi(reported[len(reported)-1])
	got := read(t, filepath.Join(backing, "log"))
	var want strings.Builder
	for i := 0; i <= last; i++ {
		fmt.Fprintf(&want, "%07d\n", i)
	}
	// Exactly what was reported synced: a record is reported once its
	// fsync returned, before the next write, at which the freeze comes.
	if got != want.String() {
		t.Fatalf("disk holds %q; the child had reported %d synced", got, last)
	}
}
