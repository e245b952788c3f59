//go:build !unix

package stress

import "io"

// selfTests: the signal self-tests exist only where there are signals.
var selfTests = map[string]func(a workerSpec, stdout, stderr io.Writer) int{}
