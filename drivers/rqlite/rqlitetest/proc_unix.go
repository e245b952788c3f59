//go:build unix

package rqlitetest

import (
	"os"
	"syscall"
)

const signalsSupported = true

// lockFile takes an exclusive flock on path, waiting for other holders.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

func signalKill(p *os.Process) error   { return p.Signal(syscall.SIGKILL) }
func signalTerm(p *os.Process) error   { return p.Signal(syscall.SIGTERM) }
func signalStop(p *os.Process) error   { return p.Signal(syscall.SIGSTOP) }
func signalResume(p *os.Process) error { return p.Signal(syscall.SIGCONT) }
