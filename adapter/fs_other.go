//go:build !linux && !windows && !darwin && !freebsd && !openbsd && !netbsd && !dragonfly

package adapter

func detectFileSystem(string) (FileSystem, error) { return FileSystem{Type: "unknown"}, nil }
