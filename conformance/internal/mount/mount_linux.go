package mount

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Tmpfs mounts a tmpfs of size bytes on the existing directory dir.
func Tmpfs(dir string, size int64) (*Mount, error) {
	if err := unix.Mount("tmpfs", dir, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "size="+strconv.FormatInt(size, 10)); err != nil {
		return nil, mountError("mounting a tmpfs", err)
	}
	return &Mount{Dir: dir, close: func() error { return unmount(dir) }}, nil
}

// BindReadOnly mounts the existing directory src again, read-only, on the
// existing directory dst: what a container sees of a volume mounted
// read-only while another container writes it.
func BindReadOnly(src, dst string) (*Mount, error) {
	if err := unix.Mount(src, dst, "", unix.MS_BIND, ""); err != nil {
		return nil, mountError("bind-mounting a directory", err)
	}
	if err := unix.Mount("", dst, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		unmount(dst)
		return nil, mountError("remounting a bind mount read-only", err)
	}
	return &Mount{Dir: dst, close: func() error { return unmount(dst) }}, nil
}

// Ext4 makes an ext4 file system of size bytes in the file image, attaches
// it to a free loop device and mounts it on the existing directory dir
// with errors=remount-ro, so that [Mount.Fail] switches it to read-only.
// Close unmounts it, releases the loop device and removes image.
func Ext4(image, dir string, size int64) (*Mount, error) {
	mkfs, err := lookSbin("mkfs.ext4")
	if err != nil {
		return nil, unsupported("making an ext4 file system needs mkfs.ext4 (e2fsprogs), which is not installed")
	}
	if err := os.WriteFile(image, nil, 0o600); err != nil {
		return nil, err
	}
	if err := os.Truncate(image, size); err != nil {
		os.Remove(image)
		return nil, err
	}
	if out, err := exec.Command(mkfs, "-q", "-F", image).CombinedOutput(); err != nil {
		os.Remove(image)
		return nil, fmt.Errorf("mkfs.ext4: %v: %s", err, strings.TrimSpace(string(out)))
	}
	dev, loop, err := attachLoop(image)
	if err != nil {
		os.Remove(image)
		return nil, err
	}
	// The device stays attached while it is open: loop is closed once the
	// mount holds it, or after detaching it if mounting fails.
	defer loop.Close()
	if err := unix.Mount("/dev/"+dev, dir, "ext4", 0, "errors=remount-ro"); err != nil {
		unix.IoctlSetInt(int(loop.Fd()), unix.LOOP_CLR_FD, 0)
		os.Remove(image)
		return nil, mountError("mounting an ext4 loop device", err)
	}
	return &Mount{Dir: dir, device: dev, close: func() error {
		err := unmount(dir)
		os.Remove(image)
		return err
	}}, nil
}

// lookSbin finds the program name in $PATH, else in /usr/sbin or /sbin,
// which a user's $PATH often lacks.
func lookSbin(name string) (string, error) {
	path, err := exec.LookPath(name)
	if err == nil {
		return path, nil
	}
	for _, dir := range []string{"/usr/sbin", "/sbin"} {
		if p, perr := exec.LookPath(filepath.Join(dir, name)); perr == nil {
			return p, nil
		}
	}
	return "", err
}

// Fail makes an Ext4 mount's file system report an error, as after an
// I/O error, through /sys/fs/ext4/DEVICE/trigger_fs_error: with
// errors=remount-ro it refuses every write from then on with EROFS.
func (m *Mount) Fail() error {
	if m.device == "" {
		return errors.New("mount: Fail on a file system that is not Ext4")
	}
	trigger := filepath.Join("/sys/fs/ext4", m.device, "trigger_fs_error")
	if err := os.WriteFile(trigger, []byte("1\n"), 0); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return unsupported("this kernel has no /sys/fs/ext4/*/trigger_fs_error to make an ext4 file system fail")
		}
		return err
	}
	return nil
}

// attachLoop attaches image to a free loop device and returns its name
// ("loop3") and the device, open. The device is released when its last
// user goes (LO_FLAGS_AUTOCLEAR): the caller closes it once the mount
// holds it.
func attachLoop(image string) (string, *os.File, error) {
	ctl, err := os.OpenFile("/dev/loop-control", os.O_RDWR, 0)
	if err != nil {
		return "", nil, mountError("opening /dev/loop-control", err)
	}
	defer ctl.Close()
	f, err := os.OpenFile(image, os.O_RDWR, 0)
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	for attempt := 0; ; attempt++ {
		n, err := unix.IoctlRetInt(int(ctl.Fd()), unix.LOOP_CTL_GET_FREE)
		if err != nil {
			return "", nil, mountError("finding a free loop device", err)
		}
		dev := "loop" + strconv.Itoa(n)
		loop, err := configureLoop("/dev/"+dev, f)
		if err == nil {
			return dev, loop, nil
		}
		if !errors.Is(err, unix.EBUSY) || attempt == 10 {
			return "", nil, mountError("attaching a loop device", err)
		}
		time.Sleep(10 * time.Millisecond) // another process took it first
	}
}

// configureLoop attaches the file f to the loop device at path, with
// LO_FLAGS_AUTOCLEAR, and returns the device, open.
func configureLoop(path string, f *os.File) (*os.File, error) {
	loop, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	cfg := unix.LoopConfig{Fd: uint32(f.Fd()), Info: unix.LoopInfo64{Flags: unix.LO_FLAGS_AUTOCLEAR}}
	err = unix.IoctlLoopConfigure(int(loop.Fd()), &cfg)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOTTY) {
		// Before Linux 5.8: attach, then set the flag.
		err = unix.IoctlSetInt(int(loop.Fd()), unix.LOOP_SET_FD, int(f.Fd()))
		if err == nil {
			if err = unix.IoctlLoopSetStatus64(int(loop.Fd()), &unix.LoopInfo64{Flags: unix.LO_FLAGS_AUTOCLEAR}); err != nil {
				unix.IoctlSetInt(int(loop.Fd()), unix.LOOP_CLR_FD, 0)
			}
		}
	}
	if err != nil {
		loop.Close()
		return nil, err
	}
	return loop, nil
}

// unmount detaches the mount on dir at once, even if files in it are
// still open.
func unmount(dir string) error {
	if err := unix.Unmount(dir, unix.MNT_DETACH); err != nil {
		return fmt.Errorf("unmount %s: %w", dir, err)
	}
	return nil
}

// mountError reports a failure to make a fault: unsupported when this
// process lacks the privilege or the kernel the feature.
func mountError(what string, err error) error {
	switch {
	case errors.Is(err, unix.EPERM), errors.Is(err, unix.EACCES):
		return unsupported("%s needs root (CAP_SYS_ADMIN): %v", what, err)
	case errors.Is(err, unix.ENODEV), errors.Is(err, unix.ENOENT), errors.Is(err, unix.ENXIO), errors.Is(err, unix.ENOSYS):
		return unsupported("%s: not available here: %v", what, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}
