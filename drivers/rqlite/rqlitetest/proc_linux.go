package rqlitetest

import (
	"os/exec"
	"syscall"
)

// setDeathSignal makes the kernel SIGKILL the node when the thread that
// started it exits, so a test binary that dies leaves no node behind.
func setDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
