package powerloss

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Command makes the command of a child process of a run: args[0] is
// "worker" (the workload) or "check" (a checker), the rest its flags. The
// default, [SelfCommand], re-executes the running binary.
type Command func(args []string) *exec.Cmd

// EnvChild is set in every child started by SelfCommand, so that a
// TestMain or main can tell it is one and call [Child].
const EnvChild = "ANYSQLITE_POWERLOSS_CHILD"

// SelfCommand runs os.Args[0] ARGS... with EnvChild=1.
func SelfCommand(args []string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), EnvChild+"=1")
	return cmd
}

// Child runs a child process of a run, as SelfCommand starts it: args[0]
// is "worker" or "check". It returns the exit status. A main function (or
// TestMain) calls it when EnvChild is set:
//
//	if os.Getenv(powerloss.EnvChild) != "" {
//		os.Exit(powerloss.Child(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
//	}
func Child(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "powerloss: child: no role")
		return 2
	}
	switch args[0] {
	case "worker":
		return runWorker(ctx, args[1:], stdout, stderr)
	case "check":
		return runChecker(ctx, args[1:], stdin, stdout, stderr)
	}
	fmt.Fprintf(stderr, "powerloss: child: unknown role %q\n", args[0])
	return 2
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.b))
}

// checker is a running checker process for one driver.
type checker struct {
	command Command
	driver  string
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	out     *bufio.Reader
	stderr  *tail
}

func startChecker(command Command, driver string) (*checker, error) {
	c := &checker{command: command, driver: driver}
	return c, c.start()
}

func (c *checker) start() error {
	c.cmd = c.command([]string{"check", "-driver", c.driver})
	c.stderr = &tail{max: 8 << 10}
	c.cmd.Stderr = c.stderr
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		return err
	}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	c.out = bufio.NewReaderSize(stdout, 64<<10)
	if err := c.cmd.Start(); err != nil {
		return fmt.Errorf("start %s checker: %w", c.driver, err)
	}
	return nil
}

// checkTimeout bounds one check: reopening a crashed database of a few
// MiB, recovering it and reading it all.
const checkTimeout = 2 * time.Minute

// check sends req and waits for the result. If the checker dies or hangs,
// it is killed and started again, and the error says what it printed.
func (c *checker) check(req checkRequest) (checkResult, error) {
	type answer struct {
		res checkResult
		err error
	}
	done := make(chan answer, 1)
	go func() {
		var a answer
		if err := json.NewEncoder(c.stdin).Encode(req); err != nil {
			a.err = err
		} else if line, err := c.out.ReadBytes('\n'); err != nil {
			a.err = err
		} else {
			a.err = json.Unmarshal(line, &a.res)
		}
		done <- a
	}()
	var a answer
	select {
	case a = <-done:
	case <-time.After(checkTimeout):
		a.err = fmt.Errorf("no answer in %v", checkTimeout)
	}
	if a.err != nil {
		c.cmd.Process.Kill()
		c.cmd.Wait()
		err := fmt.Errorf("%s checker: %w (stderr: %s)", c.driver, a.err, firstLines(c.stderr.String(), 6))
		if serr := c.start(); serr != nil {
			err = fmt.Errorf("%w; restarting it: %w", err, serr)
		}
		return checkResult{Driver: c.driver, Last: -1}, err
	}
	return a.res, nil
}

func (c *checker) close() {
	c.stdin.Close()
	done := make(chan struct{})
	go func() {
		c.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
		<-done
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}
