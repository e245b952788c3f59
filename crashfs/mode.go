package crashfs

import (
	"fmt"
	"strings"
)

// Mode says what of the pending state (see the package documentation)
// reaches the disk when the power is cut. Every mode keeps all durable
// state; they differ in what they make of the operations that were not yet
// made durable by an fsync.
type Mode int

// Power-cut modes.
const (
	// DropAll loses every pending operation: the disk is exactly the
	// durable state. This is the usual model of a crash-test VFS and of
	// LazyFS's clear-cache fault, and the mildest one for a program that
	// relies on the order of its writes.
	DropAll Mode = iota

	// KeepPrefix keeps a random prefix of the pending operations, in the
	// order they were issued, with write operations split into 512-byte
	// units (so the last kept write may be torn at a 512-byte boundary).
	// It models a disk that was writing back its cache in order when the
	// power went.
	KeepPrefix

	// KeepRandom512 keeps the pending metadata operations (create, link,
	// unlink, rename, mkdir, rmdir, truncate, allocate) as a random prefix
	// in issue order, as a journaling file system commits them, and each
	// 512-byte-aligned unit of every pending write independently with
	// probability 1/2: writes are torn and reordered, as the page cache
	// writes dirty pages back in any order and a drive may persist sectors
	// out of order. A write that follows a lost truncate or allocate of
	// its file is lost with it (it went to blocks the lost size change
	// allocated).
	KeepRandom512

	// KeepRandom4096 is KeepRandom512 with 4096-byte units, the page size:
	// writes are reordered and torn at page boundaries only.
	KeepRandom4096
)

// Modes lists every mode, in order.
var Modes = []Mode{DropAll, KeepPrefix, KeepRandom512, KeepRandom4096}

var modeNames = map[Mode]string{
	DropAll:        "drop-all",
	KeepPrefix:     "keep-prefix",
	KeepRandom512:  "keep-random-512",
	KeepRandom4096: "keep-random-4096",
}

// String returns the mode's name: drop-all, keep-prefix, keep-random-512 or
// keep-random-4096.
func (m Mode) String() string {
	if s, ok := modeNames[m]; ok {
		return s
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode returns the mode named s (as Mode.String writes it).
func ParseMode(s string) (Mode, error) {
	for m, name := range modeNames {
		if strings.EqualFold(s, name) {
			return m, nil
		}
	}
	return 0, fmt.Errorf("crashfs: unknown mode %q (want drop-all, keep-prefix, keep-random-512 or keep-random-4096)", s)
}

// unitSize is the granularity at which the mode splits pending writes, 0
// if it keeps or drops them whole.
func (m Mode) unitSize() int64 {
	switch m {
	case KeepPrefix, KeepRandom512:
		return 512
	case KeepRandom4096:
		return 4096
	}
	return 0
}
