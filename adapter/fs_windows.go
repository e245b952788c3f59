package adapter

import (
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
)

func detectFileSystem(dir string) (FileSystem, error) {
	if strings.HasPrefix(dir, `\\`) && !strings.HasPrefix(dir, `\\?\`) && !strings.HasPrefix(dir, `\\.\`) {
		return FileSystem{Type: "smb", Network: true}, nil // UNC path: \\server\share\...
	}
	root := filepath.VolumeName(dir) + `\`
	p, err := windows.UTF16PtrFromString(root)
	if err != nil {
		return FileSystem{Type: "unknown"}, err
	}
	switch windows.GetDriveType(p) {
	case windows.DRIVE_REMOTE:
		return FileSystem{Type: "remote", Network: true}, nil
	case windows.DRIVE_RAMDISK:
		return FileSystem{Type: "ramdisk"}, nil
	}
	var name [windows.MAX_PATH + 1]uint16
	if err := windows.GetVolumeInformation(p, nil, 0, nil, nil, nil, &name[0], uint32(len(name))); err != nil {
		return FileSystem{Type: "unknown"}, nil
	}
	return FileSystem{Type: strings.ToLower(windows.UTF16ToString(name[:]))}, nil
}
