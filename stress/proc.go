package stress

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Command starts a worker process with the given worker arguments (the
// flag -spec and the worker's settings as JSON). The default,
// [SelfCommand], re-executes the running binary with "worker" as its
// first argument: `conform worker ...` in conform, and TestMain in a test
// binary.
type Command func(args []string) *exec.Cmd

// EnvWorker is set in every worker process started by SelfCommand, so a
// TestMain can tell it is one.
const EnvWorker = "ANYSQLITE_STRESS_WORKER"

// SelfCommand runs os.Args[0] worker ARGS... with EnvWorker=1.
func SelfCommand(args []string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"worker"}, args...)...)
	cmd.Env = append(os.Environ(), EnvWorker+"=1")
	return cmd
}

// proc is a running worker process and what it said.
type proc struct {
	role    role
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	stderr  *tail
	ready   chan struct{} // closed at the "ready" line (or at end of output)
	done    chan struct{} // closed once the output is read and the process waited for
	started time.Time

	// Set by the output reader; read only after ready/done.
	mmap       int64
	commits    []commit
	errors     []string // E lines
	violations []string // V lines
	stats      *workerStats
	exitErr    error
	killed     bool // by the parent, on purpose (crash loop) or because it hung
}

type commit struct {
	tid   int64
	parts int
}

// start launches a worker with its settings. Its standard input stays
// open until stop.
func start(command Command, r role, spec workerSpec) (*proc, error) {
	if command == nil {
		command = SelfCommand
	}
	args, err := spec.args()
	if err != nil {
		return nil, err
	}
	cmd := command(args)
	p := &proc{role: r, cmd: cmd, stderr: &tail{max: 64 << 10}, ready: make(chan struct{}), done: make(chan struct{})}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = p.stderr
	p.stdin = stdin
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s worker: %w", r.Role, err)
	}
	go p.readOutput(stdout)
	return p, nil
}

func (p *proc) readOutput(stdout io.Reader) {
	var readyOnce sync.Once
	markReady := func() { readyOnce.Do(func() { close(p.ready) }) }
	br := bufio.NewReaderSize(stdout, 64<<10)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			// A line without its newline was cut by a kill: it does not
			// count (a commit is reported only once its line is whole).
			break
		}
		p.parse(strings.TrimSuffix(line, "\n"), markReady)
	}
	p.exitErr = p.cmd.Wait()
	markReady()
	close(p.done)
}

func (p *proc) parse(line string, markReady func()) {
	kind, rest, _ := strings.Cut(line, " ")
	switch kind {
	case lineReady:
		p.mmap, _ = strconv.ParseInt(rest, 10, 64)
		markReady()
	case lineCommit:
		tid, parts, _ := strings.Cut(rest, " ")
		t, err1 := strconv.ParseInt(tid, 10, 64)
		n, err2 := strconv.Atoi(parts)
		if err1 == nil && err2 == nil {
			p.commits = append(p.commits, commit{t, n})
		}
	case lineError:
		p.errors = append(p.errors, rest)
	case lineViolation:
		p.violations = append(p.violations, rest)
	case lineStats:
		var s workerStats
		if json.Unmarshal([]byte(rest), &s) == nil {
			p.stats = &s
		}
	}
}

// kill sends SIGKILL (TerminateProcess on Windows) and waits for the exit.
func (p *proc) kill() {
	p.killed = true
	p.cmd.Process.Kill()
	<-p.done
	p.stdin.Close()
}

// death describes how the process ended if that was not a clean exit of
// its own: "SIGBUS", "SIGSEGV" (killed by the signal, or a fatal signal
// caught by the Go runtime, which then exits with status 2), "exit status
// N", or "" for a clean exit. A process the parent killed on purpose is
// not described here (see proc.killed).
func (p *proc) death() string {
	if sig := runtimeSignal(p.stderr.String()); sig != "" {
		return sig
	}
	if p.exitErr == nil {
		return ""
	}
	if sig := exitSignal(p.exitErr); sig != "" {
		return sig
	}
	return p.exitErr.Error()
}

// The Go runtime catches SIGBUS and SIGSEGV, in Go code and in C code
// called through cgo, prints "[signal SIGBUS: bus error ...]" and exits
// with status 2: the process does not die by the signal, so its standard
// error tells.
var runtimeSignalREs = []*regexp.Regexp{
	regexp.MustCompile(`\[signal (SIG[A-Z]+)`),       // fatal error: fault / unexpected signal ... [signal SIGBUS: bus error ...]
	regexp.MustCompile(`(?m)^(SIG[A-Z]+): [a-z ]+$`), // a signal on a thread Go does not run (C code): SIGSEGV: segmentation violation
	regexp.MustCompile(`(unexpected signal)`),
}

func runtimeSignal(stderr string) string {
	for _, re := range runtimeSignalREs {
		if m := re.FindStringSubmatch(stderr); m != nil {
			return m[1]
		}
	}
	return ""
}

// firstLines returns the first lines of a worker's standard error that
// say what went wrong, for the figures.
func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}

// tail keeps the first max bytes written to it (the start of a crash
// report is what matters).
type tail struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if room := t.max - t.buf.Len(); room > 0 {
		t.buf.Write(b[:min(len(b), room)])
	}
	return len(b), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}
