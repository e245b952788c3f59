//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package crashfs

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
	"golang.org/x/sys/unix"
)

// Options configures [Mount]. The zero value is ready to use.
type Options struct {
	// Debug logs every FUSE request and reply to the standard logger.
	Debug bool
	// Trace, if set, gets a line for every mutating operation performed,
	// numbered as CutAfter counts them: which object (#inode), what, where.
	Trace io.Writer
}

// FS is a mounted crash-simulating file system. Its methods are safe for
// concurrent use.
type FS struct {
	m          *model
	server     *fuse.Server
	backing    string
	mountpoint string
	conn       string // /sys/fs/fuse/connections/N of the mount, "" if unknown

	endOnce sync.Once
	report  Report
	endErr  error
}

// Mount mounts a crash-simulating file system at mountpoint (an existing
// directory) that starts with the content of the directory backing, all
// of it durable. From then on the backing directory belongs to the file
// system: it holds only the private directory .crashfs-state until [FS.Cut]
// or [FS.Unmount] lays the disk's content out in it again.
//
// Mounting needs /dev/fuse and either root (the mount(2) system call) or
// the fusermount helper. When neither works Mount fails with an error
// that wraps [errors.ErrUnsupported] and says why, and leaves backing as
// it was.
//
// Processes that use the mount must not be the process that serves it:
// a program that both serves a FUSE file system and maps its files in
// memory can deadlock in the Go runtime. Run SQLite in a child process.
func Mount(backing, mountpoint string, opts *Options) (*FS, error) {
	if opts == nil {
		opts = &Options{}
	}
	backing, err := filepath.Abs(backing)
	if err != nil {
		return nil, err
	}
	mountpoint, err = filepath.Abs(mountpoint)
	if err != nil {
		return nil, err
	}
	if err := fuseDevice(); err != nil {
		return nil, err
	}
	m, err := load(backing)
	if err != nil {
		return nil, err
	}
	m.trace = opts.Trace
	f := &FS{m: m, backing: backing, mountpoint: mountpoint}
	root := &node{m: m, obj: m.root, start: time.Now()}
	second := time.Second
	server, err := fs.Mount(mountpoint, root, &fs.Options{
		MountOptions: fuse.MountOptions{
			FsName:        "crashfs:" + backing,
			Name:          "crashfs",
			DirectMount:   true,
			DisableXAttrs: true,
			Debug:         opts.Debug,
			// Locks: not forwarded (no EnableLocks), so the kernel keeps
			// POSIX, OFD and flock locks itself, as a local file
			// system does; every process using the mount sees them.
		},
		EntryTimeout:   &second,
		AttrTimeout:    &second,
		RootStableAttr: &fs.StableAttr{Ino: m.root.id},
	})
	if err != nil {
		// Nothing happened on the file system: put backing back.
		m.flushAll()
		if merr := m.materialize(backing); merr != nil {
			return nil, fmt.Errorf("crashfs: mount %s failed (%w), and restoring %s failed too: %w", mountpoint, err, backing, merr)
		}
		return nil, fmt.Errorf("crashfs: mount %s: %w (%w)", mountpoint, err, errors.ErrUnsupported)
	}
	f.server = server
	var st syscall.Stat_t
	if err := syscall.Stat(mountpoint, &st); err == nil {
		f.conn = fmt.Sprintf("/sys/fs/fuse/connections/%d", unix.Minor(st.Dev))
	}
	return f, nil
}

// fuseDevice reports why FUSE cannot work here, or nil.
func fuseDevice() error {
	fd, err := syscall.Open("/dev/fuse", syscall.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("crashfs: /dev/fuse: %w (%w)", err, errors.ErrUnsupported)
	}
	syscall.Close(fd)
	if os.Geteuid() != 0 {
		if _, err := findFusermount(); err != nil {
			return fmt.Errorf("crashfs: not root, and %w (%w)", err, errors.ErrUnsupported)
		}
	}
	return nil
}

func findFusermount() (string, error) {
	for _, name := range []string{"fusermount3", "fusermount"} {
		for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
			p := filepath.Join(dir, name)
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
				return p, nil
			}
		}
	}
	return "", errors.New("no fusermount helper in $PATH")
}

// Supported reports whether a crash-simulating file system can be mounted
// here, by mounting and unmounting one in a temporary directory under dir
// (the system's temporary directory if dir is empty). The error says why
// not and wraps [errors.ErrUnsupported] when FUSE is unavailable.
func Supported(dir string) error {
	tmp, err := os.MkdirTemp(dir, "crashfs-probe-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	backing, mnt := filepath.Join(tmp, "disk"), filepath.Join(tmp, "mnt")
	if err := os.Mkdir(backing, 0o700); err != nil {
		return err
	}
	if err := os.Mkdir(mnt, 0o700); err != nil {
		return err
	}
	f, err := Mount(backing, mnt, nil)
	if err != nil {
		return err
	}
	_, err = f.Unmount()
	return err
}

// Mountpoint returns the directory the file system is mounted at.
func (f *FS) Mountpoint() string { return f.mountpoint }

// Ops returns the number of mutating operations performed so far: writes,
// truncates, allocations, fsyncs of files and directories, creates,
// links, unlinks, renames, mkdirs and rmdirs.
func (f *FS) Ops() int64 {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	return f.m.ops
}

// Pending returns the number of operations that are not durable yet.
func (f *FS) Pending() int {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	return len(f.m.pending)
}

// CutAfter arms the file system to freeze when mutating operation number
// n+1 arrives: n operations are performed, and the next one, and every
// one after it, blocks (see [FS.Freeze]). n <= 0 disarms it, unless the
// file system is frozen already.
func (f *FS) CutAfter(n int64) {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	if n <= 0 {
		f.m.cutAt = 0
		return
	}
	f.m.cutAt = n + 1
	if f.m.ops >= n {
		f.m.freezeLocked()
	}
}

// Freeze is the instant of the power cut: from now on no mutating
// operation changes the file system. Each one blocks until [FS.Cut] or
// [FS.Unmount] (then it fails with EIO), or until the calling process is
// killed. Reads still work. Kill the processes that use the file system
// after Freeze and before Cut, so that none of them sees an error, and
// so that what they report (say, a committed transaction) is exactly what
// they did before the power went.
func (f *FS) Freeze() { f.m.freeze() }

// Frozen is closed when the file system freezes, by [FS.Freeze] or at the
// operation armed by [FS.CutAfter].
func (f *FS) Frozen() <-chan struct{} { return f.m.frozenCh }

// Cut completes a power cut: it freezes the file system if it is not
// frozen yet, fails the operations blocked since with EIO, unmounts it,
// decides what of the pending state reaches the disk (mode; rng decides
// for the random modes, nil means a fixed seed), and lays the disk's
// content out in the backing directory as it would be after a reboot.
//
// Kill every process that uses the file system first, but call Cut before
// waiting for them to exit: a dying process closes its files, and the
// kernel then writes back the pages it had mapped, which are mutating
// operations that block until Cut fails them. Cut waits for the processes
// to let go of the mount. Cut and Unmount act once: a second call returns
// the first one's result.
func (f *FS) Cut(mode Mode, rng *rand.Rand) (Report, error) {
	if rng == nil {
		rng = rand.New(rand.NewPCG(1, 2))
	}
	return f.end(func() (Report, error) { return f.m.cut(mode, rng) })
}

// Unmount is a clean shutdown: everything pending reaches the disk, which
// the backing directory then holds.
func (f *FS) Unmount() (Report, error) {
	return f.end(f.m.flushAll)
}

func (f *FS) end(decide func() (Report, error)) (Report, error) {
	f.endOnce.Do(func() {
		f.m.freeze()
		f.m.release()
		uerr := f.unmount()
		f.report, f.endErr = decide()
		if err := f.m.materialize(f.backing); f.endErr == nil {
			f.endErr = err
		}
		if uerr != nil && f.endErr == nil {
			f.endErr = uerr
		}
	})
	return f.report, f.endErr
}

// unmount unmounts the file system and waits for its server to stop. If
// the mount stays busy (a process still uses it), it detaches it lazily,
// gives the processes detachWait to let go, then aborts the FUSE
// connection (their requests fail with ENOTCONN) and reports it.
func (f *FS) unmount() error {
	err := f.server.Unmount()
	if err == nil {
		return nil
	}
	if derr := syscall.Unmount(f.mountpoint, syscall.MNT_DETACH); derr != nil {
		return fmt.Errorf("crashfs: unmount %s: %w (lazy unmount: %w)", f.mountpoint, err, derr)
	}
	done := make(chan struct{})
	go func() {
		f.server.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-time.After(detachWait):
	}
	if f.conn == "" {
		<-done
		return nil
	}
	if aerr := os.WriteFile(filepath.Join(f.conn, "abort"), []byte("1"), 0); aerr != nil {
		return fmt.Errorf("crashfs: %s is still in use %v after the power cut, and aborting its FUSE connection failed: %w", f.mountpoint, detachWait, aerr)
	}
	<-done
	return fmt.Errorf("crashfs: %s was still in use %v after the power cut; its FUSE connection was aborted", f.mountpoint, detachWait)
}

// detachWait is how long unmount waits for processes to leave a lazily
// detached mount before it aborts the connection.
const detachWait = 5 * time.Second
