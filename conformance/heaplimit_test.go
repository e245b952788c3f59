//go:build cgo

package conformance_test

import (
	"context"
	"testing"

	"github.com/anysqlite/anysqlite/conformance"
	"github.com/anysqlite/anysqlite/drivers/mattn"
)

// TestCaseLeavesNoHeapLimit runs the case that lowers hard_heap_limit on
// mattn, whose limit is process-wide and cannot be lifted by PRAGMA, and
// checks that the runner restored it: later cases must not run under it.
func TestCaseLeavesNoHeapLimit(t *testing.T) {
	d := mattn.Driver{}
	before := d.SetHardHeapLimit(-1)
	results := conformance.RunAll(context.Background(), []conformance.Opener{conformance.For(d)}, func(category, name string) bool {
		return name == "OutOfMemoryIsAnError"
	}, nil)
	ran := 0
	for _, r := range results {
		ran++
		if r.Status != conformance.Pass {
			t.Errorf("%s/%s: %v %s", r.Category, r.Case, r.Status, r.Detail)
		}
	}
	if ran != 1 {
		t.Fatalf("ran %d cases, want OutOfMemoryIsAnError alone", ran)
	}
	if after := d.SetHardHeapLimit(-1); after != before {
		t.Errorf("hard_heap_limit after the case: %d, before: %d", after, before)
	}
}
