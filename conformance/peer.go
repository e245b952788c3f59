package conformance

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// A peer is the running binary started again to hold a database open in a
// second process (spec.Env.OpenPeer). The parent and the peer talk in
// JSON lines: the parent writes a peerRequest on the peer's standard
// input, the peer answers each with a peerReply on its standard output.
// The first request opens the database; end of input closes it and ends
// the peer.

// envPeer is set in the environment of a peer process.
const envPeer = "ANYSQLITE_CONFORMANCE_PEER"

// peerTimeout bounds the wait for a peer's answer.
const peerTimeout = time.Minute

// peerRequest is one request to a peer: op "open" (Driver, Path,
// JournalMode, ReadOnly) or "exec" (SQL).
type peerRequest struct {
	Op          string `json:"op"`
	Driver      string `json:"driver,omitempty"`
	Path        string `json:"path,omitempty"`
	JournalMode string `json:"journal_mode,omitempty"`
	ReadOnly    bool   `json:"read_only,omitempty"`
	SQL         string `json:"sql,omitempty"`
}

// peerReply answers a request: OK, or the error's text. NoDriver says
// that the driver to open is not registered in the peer (one registered
// at run time, as the suite's own tests register broken wrappers).
type peerReply struct {
	OK       bool   `json:"ok"`
	Err      string `json:"err,omitempty"`
	NoDriver bool   `json:"no_driver,omitempty"`
}

// ServePeer makes the running binary a peer when a conformance run
// started it as one, and then exits; otherwise it returns at once. Call
// it first in TestMain (or main) of a binary that runs the suite.
func ServePeer() {
	if os.Getenv(envPeer) == "" {
		return
	}
	os.Exit(servePeer(os.Stdin, os.Stdout))
}

// servePeer answers requests from r on w until r ends, and returns the
// exit status.
func servePeer(r io.Reader, w io.Writer) int {
	ctx := context.Background()
	in := bufio.NewScanner(r)
	in.Buffer(nil, 1<<20)
	enc := json.NewEncoder(w)
	var db *adapter.DB
	for in.Scan() {
		var req peerRequest
		err := json.Unmarshal(in.Bytes(), &req)
		switch {
		case err != nil:
		case req.Op == "open" && db == nil:
			db, err = adapter.Open(ctx, req.Path, &adapter.Options{Driver: req.Driver, JournalMode: req.JournalMode, ReadOnly: req.ReadOnly})
		case req.Op == "exec" && db != nil:
			err = db.Exec(ctx, req.SQL)
		default:
			err = fmt.Errorf("unexpected request %q", req.Op)
		}
		reply := peerReply{OK: err == nil, NoDriver: errors.Is(err, adapter.ErrUnknownDriver)}
		if err != nil {
			reply.Err = err.Error()
		}
		if enc.Encode(reply) != nil {
			break
		}
	}
	if db != nil && db.Close() != nil {
		return 1
	}
	return 0
}

// SelfPeer starts the running binary again as a peer (with envPeer set,
// and -test.run=^$ so that a test binary that does not call ServePeer
// runs no test) and opens path there. If the binary does not answer as a
// peer, the error is an *spec.Unsupported that says so.
func SelfPeer(ctx context.Context, driver, path string, opts adapter.Options) (spec.Peer, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$", "-test.fuzz=^$")
	cmd.Env = append(os.Environ(), envPeer+"=1")
	return startPeer(ctx, cmd, peerRequest{Op: "open", Driver: driver, Path: path, JournalMode: opts.JournalMode, ReadOnly: opts.ReadOnly})
}

// peer is a running peer process.
type peer struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Scanner
	stderr strings.Builder
	mu     sync.Mutex
	closed bool
	err    error
}

// startPeer starts cmd and sends it the open request.
func startPeer(ctx context.Context, cmd *exec.Cmd, open peerRequest) (*peer, error) {
	p := &peer{cmd: cmd}
	var err error
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = &p.stderr
	p.out = bufio.NewScanner(stdout)
	if err := cmd.Start(); err != nil {
		if errors.Is(err, syscall.ENOEXEC) {
			// Under user-mode emulation (qemu-user without binfmt_misc) the
			// kernel cannot run this binary again; the path is a temporary
			// one, left out so the reason is the same on every run.
			return nil, spec.Unsupportedf("starting a peer process: the kernel cannot run %s (exec format error: a binary for another architecture, run under user-mode emulation)", filepath.Base(cmd.Path))
		}
		return nil, spec.Unsupportedf("starting a peer process: %v", err)
	}
	if err := p.call(ctx, open); err != nil {
		p.Close()
		var notPeer *notPeerError
		if errors.As(err, &notPeer) {
			return nil, spec.Unsupportedf("%s does not serve conformance peers (call conformance.ServePeer first in TestMain or main)", filepath.Base(os.Args[0]))
		}
		return nil, err
	}
	return p, nil
}

// notPeerError is an answer that is not a peerReply: the binary is not
// serving peers.
type notPeerError struct{ line string }

func (e *notPeerError) Error() string { return fmt.Sprintf("peer answered %q", e.line) }

// Exec runs script on the peer's database.
func (p *peer) Exec(ctx context.Context, script string) error {
	return p.call(ctx, peerRequest{Op: "exec", SQL: script})
}

// call sends req and waits for the answer, for at most peerTimeout.
func (p *peer) call(ctx context.Context, req peerRequest) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errors.New("peer: closed")
	}
	b, err := json.Marshal(req)
	if err != nil {
		return err
	}
	if _, err := p.stdin.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("peer: %w", err)
	}
	type answer struct {
		line string
		ok   bool
	}
	done := make(chan answer, 1)
	go func() {
		ok := p.out.Scan()
		done <- answer{p.out.Text(), ok}
	}()
	var a answer
	select {
	case a = <-done:
	case <-ctx.Done():
		p.cmd.Process.Kill()
		return fmt.Errorf("peer: %w", ctx.Err())
	case <-time.After(peerTimeout):
		p.cmd.Process.Kill()
		return fmt.Errorf("peer: no answer in %v", peerTimeout)
	}
	if !a.ok {
		return &notPeerError{"(end of output)"}
	}
	var reply peerReply
	if err := json.Unmarshal([]byte(a.line), &reply); err != nil || (!reply.OK && reply.Err == "") {
		return &notPeerError{a.line}
	}
	if reply.NoDriver {
		return spec.Unsupportedf("a peer process cannot open driver %s: it is not registered in a new process of %s", req.Driver, filepath.Base(os.Args[0]))
	}
	if !reply.OK {
		return fmt.Errorf("peer %s: %s", req.Op, reply.Err)
	}
	return nil
}

// Close ends the peer: its database is closed and the process waited for.
func (p *peer) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return p.err
	}
	p.closed = true
	p.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case p.err = <-done:
	case <-time.After(peerTimeout):
		p.cmd.Process.Kill()
		p.err = fmt.Errorf("peer: did not exit in %v", peerTimeout)
		<-done
	}
	if p.err != nil && strings.TrimSpace(p.stderr.String()) != "" {
		p.err = fmt.Errorf("%w: %s", p.err, strings.TrimSpace(p.stderr.String()))
	}
	return p.err
}
