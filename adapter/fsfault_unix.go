//go:build unix

package adapter

import "golang.org/x/sys/unix"

// writable returns nil if access(2) lets this process (its real user)
// write path, else EROFS, EACCES or the error of looking path up.
func writable(path string) error {
	for {
		if err := unix.Access(path, unix.W_OK); err != unix.EINTR {
			return err
		}
	}
}
