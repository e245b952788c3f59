package main

import (
	"fmt"
	"slices"
	"strings"
)

// target is a driver and the module whose upgrade could break it.
type target struct {
	// Name is the driver's name: -driver, and conform -driver.
	Name string
	// Module is the module path moved to its newest version.
	Module string
	// Dir is the directory, relative to the module's root, of the go.mod
	// that requires Module: "" for the root, "tools/rqlited" for the
	// rqlite server the rqlite tests build.
	Dir string
	// BuildTags are the tags of the build in Dir besides -tags (the tools
	// module's "tools").
	BuildTags string
	// Tests are the packages, relative to the root, whose tests check the
	// driver.
	Tests []string
	// Conform says whether the conformance suite runs on the driver
	// (conform -driver=Name): the adapter's drivers, not the rqlite client.
	Conform bool
}

// targets are the drivers and the modules they stand on, in the order
// they are checked.
var targets = []target{
	{Name: "mattn", Module: "github.com/mattn/go-sqlite3", Tests: []string{"./drivers/mattn/..."}, Conform: true},
	{Name: "modernc", Module: "modernc.org/sqlite", Tests: []string{"./drivers/modernc/..."}, Conform: true},
	{Name: "ncruces", Module: "github.com/ncruces/go-sqlite3", Tests: []string{"./drivers/ncruces/..."}, Conform: true},
	// The rqlite client's tests start clusters of the rqlited that the
	// tools module pins. The module path keeps it to v8 (v9 is not
	// under an open licence).
	{Name: "rqlite", Module: "github.com/rqlite/rqlite/v8", Dir: "tools/rqlited", BuildTags: "tools", Tests: []string{"./drivers/rqlite/..."}},
}

func targetNames() []string {
	var names []string
	for _, t := range targets {
		names = append(names, t.Name)
	}
	return names
}

// selectTargets resolves -driver.
func selectTargets(flagValue string) ([]target, error) {
	if flagValue == "all" {
		return targets, nil
	}
	var out []target
	for _, name := range strings.Split(flagValue, ",") {
		name = strings.TrimSpace(name)
		i := slices.IndexFunc(targets, func(t target) bool { return t.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("-driver: unknown driver %q (%s)", name, strings.Join(targetNames(), ", "))
		}
		out = append(out, targets[i])
	}
	return out, nil
}
