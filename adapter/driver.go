package adapter

import (
	"fmt"
	"strings"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// Drivers returns the names of the drivers linked into the program and
// registered ([contract.Register] from their packages' init): mattn,
// modernc and ncruces first, in that order (the order in which [Open]
// tries them when none is named), then any others alphabetically. It
// includes drivers that are linked but unavailable in this build;
// [Lookup] tells them apart.
func Drivers() []string { return contract.Names() }

// Lookup returns the registered driver called name. The error wraps
// [ErrUnknownDriver] and lists the drivers that are linked in.
func Lookup(name string) (contract.Driver, error) {
	if d, ok := contract.Lookup(name); ok {
		return d, nil
	}
	return nil, fmt.Errorf("%w %q: linked drivers are %s (import github.com/anysqlite/anysqlite/drivers/all to link every driver)",
		ErrUnknownDriver, name, describeDrivers())
}

// describeDrivers lists the linked drivers and why any is unavailable.
func describeDrivers() string {
	names := Drivers()
	if len(names) == 0 {
		return "none"
	}
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = name
		if d, ok := contract.Lookup(name); ok {
			if why := d.Info().Unavailable; why != "" {
				parts[i] += " (unavailable: " + why + ")"
			}
		}
	}
	return strings.Join(parts, ", ")
}
