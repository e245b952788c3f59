//go:build unix

package adapter

import "golang.org/x/sys/unix"

// fileKey identifies a file: its device and inode.
type fileKey struct{ dev, ino uint64 }

// statKey returns the identity of the file at path, with stat(2) (no
// FileInfo to allocate: the check runs before writes).
func statKey(path string) (fileKey, error) {
	var st unix.Stat_t
	for {
		err := unix.Stat(path, &st)
		if err == nil {
			return fileKey{dev: uint64(st.Dev), ino: uint64(st.Ino)}, nil
		}
		if err != unix.EINTR {
			return fileKey{}, err
		}
	}
}

// same reports whether k and o are the same file.
func (k fileKey) same(o fileKey) bool { return k == o }
