//go:build !unix

package stress

// exitSignal returns "": without POSIX signals (Windows), a process ends
// with an exit code only. A fatal fault caught by the Go runtime is still
// recognised from its standard error (runtimeSignal).
func exitSignal(err error) string { return "" }

// killedBySIGKILL: os.Process.Kill is TerminateProcess on Windows, which
// ends the process with exit code 1 and leaves nothing to tell it apart, so
// any end after the kill counts.
func killedBySIGKILL(err error) bool { return true }
