package adapter

import "golang.org/x/sys/unix"

func detectFileSystem(dir string) (FileSystem, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return FileSystem{Type: "unknown"}, err
	}
	return fsByLinuxMagic(int64(uint32(st.Type))), nil
}
