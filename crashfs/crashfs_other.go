//go:build !(linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64))

package crashfs

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
)

// Options configures [Mount]. The zero value is ready to use.
type Options struct {
	// Debug logs every FUSE request and reply to the standard logger.
	Debug bool
	// Trace, if set, gets a line for every mutating operation performed.
	Trace io.Writer
}

// FS is a mounted crash-simulating file system; there is none outside
// Linux.
type FS struct{}

var errPlatform = fmt.Errorf("crashfs: needs Linux FUSE on a 64-bit architecture (go-fuse), not %s/%s (%w)", runtime.GOOS, runtime.GOARCH, errors.ErrUnsupported)

// Mount fails outside Linux with an error wrapping [errors.ErrUnsupported].
func Mount(backing, mountpoint string, opts *Options) (*FS, error) { return nil, errPlatform }

// Supported says why crashfs cannot work here.
func Supported(dir string) error { return errPlatform }

// Mountpoint returns "".
func (f *FS) Mountpoint() string { return "" }

// Ops returns 0.
func (f *FS) Ops() int64 { return 0 }

// Pending returns 0.
func (f *FS) Pending() int { return 0 }

// CutAfter does nothing.
func (f *FS) CutAfter(n int64) {}

// Freeze does nothing.
func (f *FS) Freeze() {}

// Frozen returns a closed channel.
func (f *FS) Frozen() <-chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}

// Cut fails: there is no file system.
func (f *FS) Cut(mode Mode, rng *rand.Rand) (Report, error) { return Report{}, errPlatform }

// Unmount fails: there is no file system.
func (f *FS) Unmount() (Report, error) { return Report{}, errPlatform }
