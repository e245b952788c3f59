package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/anysqlite/anysqlite/conformance/report"
	"github.com/anysqlite/anysqlite/stress"
)

// runStress runs the multi-process and crash scenarios (package stress) on
// the available drivers among those selected, and records the results in
// rep.Extra, from which the matrix renders its last section. Failures of
// the scenarios are results, shown in the matrix; unexpected ones (not a
// documented hazard) are listed on stderr and make failed true. An error
// means the runs could not be made.
func runStress(ctx context.Context, rep *report.Run, o options, stderr io.Writer) (failed bool, err error) {
	size, err := stress.SizeNamed(o.stressSize)
	if err != nil {
		return false, usageError{"-stress-size: " + err.Error()}
	}
	var drivers []string
	for _, d := range rep.Drivers {
		if d.Unavailable == "" && !d.Remote { // the scenarios share local files between processes
			drivers = append(drivers, d.Name)
		}
	}
	if len(drivers) == 0 {
		return false, fmt.Errorf("no available driver")
	}
	fmt.Fprintf(stderr, "conform: multi-process and crash runs on %s (%s: %d workers × %s per scenario, %d crash cycles per driver)\n",
		strings.Join(drivers, ", "), size.Name, size.Workers, size.Duration, stress.CyclesPerConfig(size)*len(stress.CrashConfigs("")))
	res, err := stress.Run(ctx, stress.Config{Drivers: drivers, Size: size, Log: stderr})
	if err != nil {
		return false, err
	}
	raw, err := res.JSON()
	if err != nil {
		return false, err
	}
	if rep.Extra == nil {
		rep.Extra = map[string]json.RawMessage{}
	}
	rep.Extra[stress.ExtraKey] = raw
	bad := res.Unexpected()
	if len(bad) > 0 {
		fmt.Fprintf(stderr, "conform: multi-process runs that failed unexpectedly: %s\n", strings.Join(bad, ", "))
	}
	return len(bad) > 0, nil
}

// stressWorker runs one worker of a multi-process scenario in this process
// (`conform worker ...`, started by runStress through stress.SelfCommand).
// It stops when its standard input closes.
func stressWorker(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	return stress.Worker(ctx, args, os.Stdin, stdout, stderr), nil
}
