// Package mount makes real storage faults for the conformance cases of
// the storage catalogue: a small tmpfs that fills up, an ext4 file system
// on a loop device that switches itself to read-only as after an I/O
// error (errors=remount-ro), and a read-only bind mount of a directory.
//
// Mounting needs Linux and root (CAP_SYS_ADMIN); the ext4 file system also
// needs loop devices and mkfs.ext4 (e2fsprogs). Where a fault cannot be
// made, the functions return an error that wraps errors.ErrUnsupported and
// says why, which the cases report as unsupported with that reason.
//
// Mounts are detached lazily (MNT_DETACH) when closed, so that a file
// still open in them does not keep the case's directory from being
// removed; a loop device is released with its mount (LO_FLAGS_AUTOCLEAR).
package mount

import (
	"errors"
	"fmt"
)

// Mount is a mounted file system.
type Mount struct {
	Dir    string // where it is mounted
	device string // the loop device's name ("loop3"), for Ext4
	close  func() error
}

// Close unmounts it (and removes what it was made from). It is
// idempotent.
func (m *Mount) Close() error {
	if m.close == nil {
		return nil
	}
	f := m.close
	m.close = nil
	return f()
}

// unsupported says that a fault cannot be made here, and why.
func unsupported(format string, args ...any) error {
	return &unsupportedError{fmt.Sprintf(format, args...)}
}

// unsupportedError is a fault that cannot be made here: it matches
// errors.ErrUnsupported, and its text is the reason alone.
type unsupportedError struct{ reason string }

func (e *unsupportedError) Error() string { return e.reason }
func (e *unsupportedError) Unwrap() error { return errors.ErrUnsupported }
