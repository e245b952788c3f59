package rqlitetest

import (
	"debug/buildinfo"
	"fmt"
)

// moduleVersion reads the version of module path linked into exe.
func moduleVersion(exe, path string) (string, error) {
	bi, err := buildinfo.ReadFile(exe)
	if err != nil {
		return "", err
	}
	if bi.Main.Path == path {
		return bi.Main.Version, nil
	}
	for _, d := range bi.Deps {
		if d.Path == path {
			if d.Replace != nil {
				return d.Replace.Version, nil
			}
			return d.Version, nil
		}
	}
	return "", fmt.Errorf("rqlitetest: %s does not link %s", exe, path)
}
