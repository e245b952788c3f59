package modernc

import (
	"testing"

	"github.com/anysqlite/anysqlite/adapter/drivertest"
)

// TestContract checks the contract.Driver contract with the shared kit,
// and that the kit leaves no process-wide hard_heap_limit behind.
func TestContract(t *testing.T) {
	before := Driver{}.SetHardHeapLimit(-1)
	drivertest.TestDriver(t, Driver{})
	if after := (Driver{}).SetHardHeapLimit(-1); after != before {
		t.Errorf("hard_heap_limit after the contract kit: %d, before: %d", after, before)
	}
}
