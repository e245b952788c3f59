package adapter

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// CorruptAction is what Open does with a corrupt database file.
type CorruptAction int

// Corrupt actions.
const (
	// CorruptFail returns the error (errors.Is(err, sqlite.CORRUPT) or
	// sqlite.NOTADB) and leaves the file alone.
	CorruptFail CorruptAction = iota
	// CorruptQuarantine moves the damaged files aside and starts afresh.
	CorruptQuarantine
)

// Quarantine records a corrupt database that Open moved aside.
type Quarantine struct {
	Time   time.Time
	Reason string   // the error, with quick_check's messages
	Moved  []string // "old -> new" for each file renamed
}

// quarantine renames path and its companion files to
// path.corrupt-TIMESTAMP[-N] and returns what it moved. Nothing is deleted.
// It then syncs the directory, so that the renames survive a power cut
// before the fresh database is created in place of the old one.
func quarantine(path string, reason error, now time.Time) (*Quarantine, error) {
	q := &Quarantine{Time: now, Reason: reason.Error()}
	stamp := now.UTC().Format("20060102T150405Z")
	base := path + ".corrupt-" + stamp
	for n := 1; ; n++ {
		if _, err := os.Lstat(base); os.IsNotExist(err) {
			break
		}
		base = fmt.Sprintf("%s.corrupt-%s-%d", path, stamp, n)
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		from, to := path+suffix, base+suffix
		if _, err := os.Lstat(from); os.IsNotExist(err) {
			continue
		}
		if err := os.Rename(from, to); err != nil {
			return q, fmt.Errorf("adapter: quarantine of corrupt %s failed, nothing was recreated: %w", path, err)
		}
		q.Moved = append(q.Moved, from+" -> "+to)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return q, fmt.Errorf("adapter: quarantine of corrupt %s: the renames are done but not durable, nothing was recreated: %w", path, err)
	}
	return q, nil
}
