package driver

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The registry lets applications name a driver (the adapter's
// Options.Driver and $ANYSQLITE_DRIVER), as database/sql's sql.Register
// does; opening with a driver value needs no registration.
var registry struct {
	sync.RWMutex
	drivers map[string]Driver
}

// preference is the order in which drivers are listed and, when none is
// named, tried: the C library through cgo first, as the reference
// implementation, then the two pure-Go builds; others follow by name.
var preference = []string{"mattn", "modernc", "ncruces"}

// Register makes d available under d.Info().Name. Driver packages call it
// from their init function; it panics if the name is empty, "auto",
// contains a comma or a space, or is already taken.
func Register(d Driver) {
	name := d.Info().Name
	if name == "" || name == "auto" || strings.ContainsAny(name, ", ") {
		panic(fmt.Sprintf("anysqlite: Register: invalid driver name %q", name))
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.drivers == nil {
		registry.drivers = map[string]Driver{}
	}
	if _, dup := registry.drivers[name]; dup {
		panic("anysqlite: Register called twice for driver " + name)
	}
	registry.drivers[name] = d
}

// Lookup returns the driver registered as name.
func Lookup(name string) (Driver, bool) {
	registry.RLock()
	defer registry.RUnlock()
	d, ok := registry.drivers[name]
	return d, ok
}

// Names returns the names of the registered drivers: mattn, modernc and
// ncruces first, in that order, then any others alphabetically.
func Names() []string {
	registry.RLock()
	names := make([]string, 0, len(registry.drivers))
	for name := range registry.drivers {
		names = append(names, name)
	}
	registry.RUnlock()
	rank := func(name string) int {
		if i := slices.Index(preference, name); i >= 0 {
			return i
		}
		return len(preference)
	}
	sort.Slice(names, func(i, j int) bool {
		if ri, rj := rank(names[i]), rank(names[j]); ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
	return names
}
