//go:build !linux

package rqlitetest

import "os/exec"

// setDeathSignal does nothing where there is no PR_SET_PDEATHSIG: nodes
// are killed by Cluster.Close only.
func setDeathSignal(*exec.Cmd) {}
