package rqlitetest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Node is one rqlited process of a [Cluster].
type Node struct {
	// ID is the Raft node ID, "n1", "n2", ...
	ID string
	// HTTPAddr and RaftAddr are the loopback host:port the node serves its
	// HTTP API and its Raft and cluster traffic on.
	HTTPAddr, RaftAddr string
	// Dir is the node's data directory; LogPath its combined stdout and
	// stderr, appended across restarts.
	Dir, LogPath string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{} // closed when cmd's process has been waited for
	paused bool
}

// URL returns the node's HTTP API base URL.
func (n *Node) URL() string { return "http://" + n.HTTPAddr }

// Running reports whether the node's process is alive (paused or not).
func (n *Node) Running() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.runningLocked()
}

func (n *Node) runningLocked() bool {
	if n.cmd == nil {
		return false
	}
	select {
	case <-n.exited:
		return false
	default:
		return true
	}
}

// Paused reports whether the node is stopped with SIGSTOP.
func (n *Node) Paused() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.paused && n.runningLocked()
}

// PID returns the process ID, or 0 when the node is not running.
func (n *Node) PID() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.runningLocked() {
		return 0
	}
	return n.cmd.Process.Pid
}

func (n *Node) start(exe string, extra []string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.runningLocked() {
		return fmt.Errorf("rqlitetest: node %s already running", n.ID)
	}
	log, err := os.OpenFile(n.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("rqlitetest: %w", err)
	}
	args := []string{"-node-id", n.ID, "-http-addr", n.HTTPAddr, "-raft-addr", n.RaftAddr}
	args = append(append(args, extra...), n.Dir)
	fmt.Fprintf(log, "=== %s rqlitetest: %s %s\n", time.Now().Format(time.RFC3339Nano), exe, strings.Join(args, " "))
	cmd := exec.Command(exe, args...)
	cmd.Stdout, cmd.Stderr = log, log
	setDeathSignal(cmd)
	if err := cmd.Start(); err != nil {
		log.Close()
		return fmt.Errorf("rqlitetest: start %s: %w", n.ID, err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		log.Close()
		close(exited)
	}()
	n.cmd, n.exited, n.paused = cmd, exited, false
	return nil
}

// signal sends sig to a running node; it does nothing to a node that is
// not running.
func (n *Node) signal(send func(*os.Process) error) (running bool, err error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.runningLocked() {
		return false, nil
	}
	return true, send(n.cmd.Process)
}

func (n *Node) wait(d time.Duration) bool {
	n.mu.Lock()
	exited := n.exited
	n.mu.Unlock()
	if exited == nil {
		return true
	}
	select {
	case <-exited:
		return true
	case <-time.After(d):
		return false
	}
}

func (n *Node) kill() error {
	running, err := n.signal(signalKill)
	if !running {
		return nil
	}
	if err != nil {
		return fmt.Errorf("rqlitetest: kill %s: %w", n.ID, err)
	}
	if !n.wait(30 * time.Second) {
		return fmt.Errorf("rqlitetest: node %s did not exit after SIGKILL", n.ID)
	}
	return nil
}

func (n *Node) stop() error {
	n.resume()
	running, err := n.signal(signalTerm)
	if !running {
		return nil
	}
	if err != nil {
		return fmt.Errorf("rqlitetest: stop %s: %w", n.ID, err)
	}
	if !n.wait(30 * time.Second) {
		return n.kill()
	}
	return nil
}

func (n *Node) pause() error {
	running, err := n.signal(signalStop)
	if !running {
		return fmt.Errorf("rqlitetest: pause %s: not running", n.ID)
	}
	if err == nil {
		n.mu.Lock()
		n.paused = true
		n.mu.Unlock()
	}
	return err
}

func (n *Node) resume() error {
	running, err := n.signal(signalResume)
	if !running {
		return nil
	}
	n.mu.Lock()
	n.paused = false
	n.mu.Unlock()
	return err
}

// LogTail returns the last max bytes of the node's log.
func (n *Node) LogTail(max int) string {
	b, err := os.ReadFile(n.LogPath)
	if err != nil {
		return err.Error()
	}
	if len(b) > max {
		b = b[len(b)-max:]
	}
	return string(b)
}
