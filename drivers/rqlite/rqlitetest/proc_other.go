//go:build !unix

package rqlitetest

import (
	"errors"
	"os"
)

const signalsSupported = false

func lockFile(string) (func(), error) { return nil, errors.ErrUnsupported }

func signalKill(p *os.Process) error { return p.Kill() }
func signalTerm(p *os.Process) error { return p.Kill() }
func signalStop(*os.Process) error   { return errors.ErrUnsupported }
func signalResume(*os.Process) error { return errors.ErrUnsupported }
