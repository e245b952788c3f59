// Package env sets an environment variable around a piece of a
// conformance case, for the cases of several catalogues (pragma, storage)
// that check what $ANYSQLITE_MMAP_SIZE and the like do to Open. The
// environment is process-wide, so every such change goes through With,
// which serialises them.
package env

import (
	"os"
	"sync"
)

// mu serialises the changes With makes.
var mu sync.Mutex

// With runs fn with the environment variable key set to value (or unset
// when set is false), and restores it afterwards. Only use it around
// Open: a driver or the adapter may read the environment then.
func With(key, value string, set bool, fn func() error) error {
	mu.Lock()
	defer mu.Unlock()
	old, had := os.LookupEnv(key)
	defer func() {
		if had {
			os.Setenv(key, old)
		} else {
			os.Unsetenv(key)
		}
	}()
	var err error
	if set {
		err = os.Setenv(key, value)
	} else {
		err = os.Unsetenv(key)
	}
	if err != nil {
		return err
	}
	return fn()
}
