//go:build cgo

package mattn

import (
	"testing"

	"github.com/anysqlite/anysqlite/adapter/drivertest"
)

// TestContract checks the contract.Driver contract with the shared kit,
// and that the kit's out-of-memory check leaves no process-wide
// hard_heap_limit behind (PRAGMA hard_heap_limit cannot lift it; the kit
// restores it through SetHardHeapLimit).
func TestContract(t *testing.T) {
	before := Driver{}.SetHardHeapLimit(-1)
	drivertest.TestDriver(t, Driver{})
	if after := (Driver{}).SetHardHeapLimit(-1); after != before {
		t.Errorf("hard_heap_limit after the contract kit: %d, before: %d", after, before)
	}
}

// TestSetHardHeapLimit checks that the limit SetHardHeapLimit sets is the
// one SQLite reports, process-wide, and that 0 lifts it where PRAGMA
// cannot.
func TestSetHardHeapLimit(t *testing.T) {
	prior := Driver{}.SetHardHeapLimit(64 << 20)
	defer Driver{}.SetHardHeapLimit(prior)
	if got := (Driver{}).SetHardHeapLimit(0); got != 64<<20 {
		t.Fatalf("SetHardHeapLimit(0) returned %d, want the limit set before, %d", got, 64<<20)
	}
	if got := (Driver{}).SetHardHeapLimit(-1); got != 0 {
		t.Fatalf("after SetHardHeapLimit(0) the limit is %d, want 0", got)
	}
}
