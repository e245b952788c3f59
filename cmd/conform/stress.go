package main

import (
	"context"
	"io"

	"github.com/anysqlite/anysqlite/conformance/report"
)

// runStress runs the multi-process and crash scenarios and records them in
// rep (to be implemented with the multi-process harness).
func runStress(ctx context.Context, rep *report.Run, o options, stderr io.Writer) error { return nil }

// stressWorker runs one worker role in this process (to be implemented).
func stressWorker(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	return 2, usageError{"worker: not implemented"}
}
