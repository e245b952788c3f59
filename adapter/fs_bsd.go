//go:build darwin || freebsd || openbsd || netbsd || dragonfly

package adapter

import (
	"bytes"

	"golang.org/x/sys/unix"
)

func detectFileSystem(dir string) (FileSystem, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return FileSystem{Type: "unknown"}, err
	}
	name := st.Fstypename[:]
	if i := bytes.IndexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	return fsByTypeName(string(name)), nil
}
