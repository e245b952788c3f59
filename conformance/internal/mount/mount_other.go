//go:build !linux

package mount

// notLinux is the reason every fault is unsupported off Linux.
const notLinux = "making storage faults (tmpfs, ext4 on a loop device, read-only bind mounts) is implemented for Linux only"

// Tmpfs is unsupported off Linux.
func Tmpfs(dir string, size int64) (*Mount, error) { return nil, unsupported(notLinux) }

// BindReadOnly is unsupported off Linux.
func BindReadOnly(src, dst string) (*Mount, error) { return nil, unsupported(notLinux) }

// Ext4 is unsupported off Linux.
func Ext4(image, dir string, size int64) (*Mount, error) { return nil, unsupported(notLinux) }

// Fail is unsupported off Linux.
func (m *Mount) Fail() error { return unsupported(notLinux) }
