package adapter

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// openFiles tracks which database files this process has open, and through
// which driver, so that Open can refuse to open one file with two different
// copies of SQLite. Each copy keeps its own table of POSIX locks; when one
// copy closes a file descriptor, the kernel drops every POSIX lock the
// process holds on that file, including the other copy's, and the next
// write can corrupt the database
// (https://sqlite.org/howtocorrupt.html#_multiple_copies_of_sqlite_linked_into_the_same_application).
var openFiles struct {
	sync.Mutex
	entries []*openFile
}

type openFile struct {
	path   string      // absolute, symlinks resolved as far as they exist
	info   os.FileInfo // nil if the file did not exist when opened
	driver string
	refs   int
}

// canonicalPath resolves symlinks in the longest existing prefix of path.
func canonicalPath(path string) string {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		return p
	}
	dir, base := filepath.Split(path)
	if dir == path || dir == "" {
		return path
	}
	return filepath.Join(canonicalPath(filepath.Clean(dir)), base)
}

// claimFile registers that driverName opens path, and fails with
// ErrDriverConflict if another driver has it open. release undoes it.
func claimFile(path, driverName string) (release func(), err error) {
	cp := canonicalPath(path)
	info, _ := os.Stat(cp)
	openFiles.Lock()
	defer openFiles.Unlock()
	var mine *openFile
	for _, f := range openFiles.entries {
		same := f.path == cp || (f.info != nil && info != nil && os.SameFile(f.info, info))
		if !same {
			continue
		}
		if f.driver != driverName {
			return nil, fmt.Errorf("%w: %s is open through %s; opening it through %s too would let the two SQLite copies release each other's locks",
				ErrDriverConflict, path, f.driver, driverName)
		}
		if f.path == cp {
			mine = f
		}
	}
	if mine == nil {
		mine = &openFile{path: cp, info: info, driver: driverName}
		openFiles.entries = append(openFiles.entries, mine)
	}
	mine.refs++
	var once sync.Once
	return func() {
		once.Do(func() {
			openFiles.Lock()
			defer openFiles.Unlock()
			mine.refs--
			if mine.refs > 0 {
				return
			}
			for i, f := range openFiles.entries {
				if f == mine {
					openFiles.entries = append(openFiles.entries[:i], openFiles.entries[i+1:]...)
					break
				}
			}
		})
	}, nil
}
