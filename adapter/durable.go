package adapter

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// syncFile makes the content of the file at path durable (fsync; on macOS
// F_FULLFSYNC, through os.File.Sync), and then its name: see syncDir.
// The adapter calls it only on files no SQLite connection has open, so
// closing its descriptor releases nobody's POSIX locks.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// syncDir makes the entries of the directory dir durable: the names
// created, renamed and removed in it. POSIX leaves them in the page cache
// until the directory itself is synced, whatever was done to the files
// (SQLite syncs the directory after creating a journal for the same
// reason: https://sqlite.org/atomiccommit.html#_hot_rollback_journals).
// Windows has no directory sync; NTFS journals names with the file's
// metadata, which FlushFileBuffers on the file writes.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}
