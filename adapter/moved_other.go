//go:build !unix

package adapter

import "os"

// fileKey identifies a file, as os.SameFile compares them.
type fileKey struct{ fi os.FileInfo }

// statKey returns the identity of the file at path.
func statKey(path string) (fileKey, error) {
	fi, err := os.Stat(path)
	return fileKey{fi}, err
}

// same reports whether k and o are the same file.
func (k fileKey) same(o fileKey) bool { return os.SameFile(k.fi, o.fi) }
