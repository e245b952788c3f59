package rqlitetest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config describes a cluster for [Start]. The zero value is a 3-node
// cluster in a new temporary directory.
type Config struct {
	// Nodes is the number of voting nodes; 0 means 3.
	Nodes int
	// Dir holds each node's data directory and log (n1/, n1.log, ...). If
	// empty, Start creates a temporary directory and Close removes it.
	Dir string
	// Args are extra rqlited flags given to every node, for example
	// "-raft-election-timeout=500ms".
	Args []string
	// StartTimeout bounds the wait for a leader when the cluster starts
	// and for a node to be ready after Restart; 0 means 60 s.
	StartTimeout time.Duration
	// Binary is the rqlited executable; empty means [Binary]'s.
	Binary string
}

// Cluster is a running set of rqlited processes on loopback ports.
// Its methods are safe for concurrent use.
type Cluster struct {
	cfg     Config
	exe     string
	dir     string
	tempDir bool
	nodes   []*Node

	mu     sync.Mutex
	closed bool
}

// Start builds (or finds) rqlited, starts cfg.Nodes nodes that bootstrap
// one cluster, and waits until every node reports a leader. On error every
// started node is killed.
func Start(ctx context.Context, cfg Config) (*Cluster, error) {
	if cfg.Nodes == 0 {
		cfg.Nodes = 3
	}
	if cfg.StartTimeout == 0 {
		cfg.StartTimeout = 60 * time.Second
	}
	exe := cfg.Binary
	if exe == "" {
		b, err := Binary(ctx)
		if err != nil {
			return nil, err
		}
		exe = b.Path
	}
	if !signalsSupported {
		return nil, fmt.Errorf("rqlitetest: clusters need Unix signals: %w", errors.ErrUnsupported)
	}
	var err error
	for attempt := 0; attempt < 3; attempt++ { // a port taken between probe and bind: try new ones
		var c *Cluster
		c, err = start(ctx, cfg, exe)
		if err == nil {
			return c, nil
		}
		if !errors.Is(err, errPortTaken) {
			return nil, err
		}
	}
	return nil, err
}

var errPortTaken = errors.New("rqlitetest: address already in use")

func start(ctx context.Context, cfg Config, exe string) (*Cluster, error) {
	c := &Cluster{cfg: cfg, exe: exe, dir: cfg.Dir}
	if c.dir == "" {
		d, err := os.MkdirTemp("", "rqlitetest-")
		if err != nil {
			return nil, fmt.Errorf("rqlitetest: %w", err)
		}
		c.dir, c.tempDir = d, true
	}
	ports, err := freePorts(2 * cfg.Nodes)
	if err != nil {
		c.Close()
		return nil, err
	}
	var joins []string
	for i := 0; i < cfg.Nodes; i++ {
		n := &Node{
			ID:       "n" + strconv.Itoa(i+1),
			HTTPAddr: "127.0.0.1:" + strconv.Itoa(ports[2*i]),
			RaftAddr: "127.0.0.1:" + strconv.Itoa(ports[2*i+1]),
		}
		n.Dir = filepath.Join(c.dir, n.ID)
		n.LogPath = filepath.Join(c.dir, n.ID+".log")
		joins = append(joins, n.RaftAddr)
		c.nodes = append(c.nodes, n)
	}
	boot := []string{"-bootstrap-expect", strconv.Itoa(cfg.Nodes), "-join", strings.Join(joins, ",")}
	for _, n := range c.nodes {
		if err := n.start(c.exe, append(boot, cfg.Args...)); err != nil {
			c.Close()
			return nil, err
		}
	}
	wctx, cancel := context.WithTimeout(ctx, cfg.StartTimeout)
	defer cancel()
	for i := range c.nodes {
		if err := c.waitReady(wctx, i); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

// freePorts returns n distinct loopback TCP ports that were free a moment
// ago.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("rqlitetest: no free port: %w", err)
		}
		ls = append(ls, l)
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports, nil
}

// Len returns the number of nodes.
func (c *Cluster) Len() int { return len(c.nodes) }

// Node returns node i (0-based).
func (c *Cluster) Node(i int) *Node { return c.nodes[i] }

// Dir returns the directory holding the nodes' data and logs.
func (c *Cluster) Dir() string { return c.dir }

// URLs returns every node's HTTP API base URL, "http://127.0.0.1:PORT".
func (c *Cluster) URLs() []string {
	urls := make([]string, len(c.nodes))
	for i, n := range c.nodes {
		urls[i] = n.URL()
	}
	return urls
}

// DSN returns every node's URL joined by commas, followed by "?"+query
// when query is not empty: the DSN form package rqlite parses.
func (c *Cluster) DSN(query string) string {
	dsn := strings.Join(c.URLs(), ",")
	if query != "" {
		dsn += "?" + query
	}
	return dsn
}

// Kill sends SIGKILL to node i and waits for it to exit.
func (c *Cluster) Kill(i int) error { return c.nodes[i].kill() }

// Stop sends SIGTERM to node i (a graceful shutdown: a leader steps down
// first) and waits up to 30 s for it to exit, then kills it.
func (c *Cluster) Stop(i int) error { return c.nodes[i].stop() }

// Pause freezes node i with SIGSTOP: its sockets stay open but nothing is
// answered, as if the network to it were cut.
func (c *Cluster) Pause(i int) error { return c.nodes[i].pause() }

// Resume continues a paused node with SIGCONT.
func (c *Cluster) Resume(i int) error { return c.nodes[i].resume() }

// Restart starts node i again (after Kill or Stop) on the same ports and
// data directory and waits until it reports a leader.
func (c *Cluster) Restart(ctx context.Context, i int) error {
	n := c.nodes[i]
	if n.Running() {
		return fmt.Errorf("rqlitetest: node %s is running", n.ID)
	}
	if err := n.start(c.exe, c.cfg.Args); err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, c.cfg.StartTimeout)
	defer cancel()
	return c.waitReady(wctx, i)
}

// Close kills every node and, if Start created the directory, removes it.
// It is safe to call more than once.
func (c *Cluster) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	var errs []error
	for _, n := range c.nodes {
		if err := n.kill(); err != nil {
			errs = append(errs, err)
		}
	}
	if c.tempDir {
		errs = append(errs, os.RemoveAll(c.dir))
	}
	return errors.Join(errs...)
}
