//go:build unix

package stress

import (
	"errors"
	"os/exec"
	"syscall"
)

// signalNames are the signals a report names; others are described by
// the operating system's text.
var signalNames = map[syscall.Signal]string{
	syscall.SIGBUS: "SIGBUS", syscall.SIGSEGV: "SIGSEGV", syscall.SIGKILL: "SIGKILL",
	syscall.SIGABRT: "SIGABRT", syscall.SIGILL: "SIGILL", syscall.SIGFPE: "SIGFPE",
	syscall.SIGTERM: "SIGTERM", syscall.SIGINT: "SIGINT", syscall.SIGTRAP: "SIGTRAP",
}

// exitSignal returns the name of the signal that killed the process whose
// Wait returned err, or "" if it was not killed by a signal.
func exitSignal(err error) string {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return ""
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return ""
	}
	if name, ok := signalNames[ws.Signal()]; ok {
		return name
	}
	return "signal " + ws.Signal().String()
}

// killedBySIGKILL reports whether the process ended by SIGKILL, as the
// crash loop's kill should end it.
func killedBySIGKILL(err error) bool { return exitSignal(err) == "SIGKILL" }
