package ncruces

import (
	"fmt"

	"github.com/ncruces/go-sqlite3"
)

// probe opens an in-memory database to see whether ncruces can run. On
// Windows, ncruces reserves the memory of each connection with
// VirtualAlloc2(MEM_RESERVE | MEM_RESERVE_PLACEHOLDER) (Windows 10 1803
// and later) and panics when the system refuses: Wine 8 exports
// VirtualAlloc2 but refuses placeholders. The driver is then reported
// unavailable, with the reason, instead of panicking on every open.
func probe() (why string) {
	defer func() {
		if r := recover(); r != nil {
			why = fmt.Sprintf("cannot reserve its memory (%v): it needs VirtualAlloc2 memory placeholders (Windows 10 1803 or later; Wine 8 lacks them)", r)
		}
	}()
	c, err := sqlite3.Open(":memory:")
	if err == nil {
		c.Close()
	}
	return "" // other errors are reported by each open
}
