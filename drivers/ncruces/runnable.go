package ncruces

import (
	"errors"
	"fmt"
	"sync"

	"github.com/anysqlite/anysqlite/adapter"
)

// unavailable returns why ncruces cannot run on this system, or "" when it
// can. It is worked out once, the first time it is needed (see probe).
var unavailable = sync.OnceValue(probe)

// errUnavailable is the error of OpenConn when ncruces cannot run here.
func errUnavailable(why string) error {
	return fmt.Errorf("%w: %w: ncruces: %s", adapter.ErrDriverUnavailable, errors.ErrUnsupported, why)
}
