//go:build unix

package stress

import (
	"fmt"
	"io"
	"os"
	"syscall"
)

// selfTests are hidden worker roles that die the ways a worker can die,
// so the tests can check that the parent recognises each one.
var selfTests = map[string]func(a workerSpec, stdout, stderr io.Writer) int{
	// The SIGBUS of the report, without SQLite: map a file, shrink it,
	// touch the lost page. The Go runtime catches the fault and exits 2.
	"selftest-sigbus": func(a workerSpec, stdout, stderr io.Writer) int {
		f, err := os.Create(a.Path)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		defer f.Close()
		size := 2 * os.Getpagesize()
		if err := f.Truncate(int64(size)); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		m, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintln(stdout, lineReady, 0)
		if err := f.Truncate(0); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintln(stdout, "touched", m[size-1]) // SIGBUS here
		return 0
	},
	// Death by a signal that nothing catches.
	"selftest-sigkill": func(a workerSpec, stdout, stderr io.Writer) int {
		fmt.Fprintln(stdout, lineReady, 0)
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	},
}
