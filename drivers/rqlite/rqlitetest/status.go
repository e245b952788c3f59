package rqlitetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// pollClient is used for readiness and status polls; a paused node makes
// a request hang, so every poll has its own short timeout.
var pollClient = &http.Client{Timeout: 2 * time.Second}

// status is the part of GET /status the harness reads.
type status struct {
	Store struct {
		NodeID string `json:"node_id"`
		Leader struct {
			NodeID string `json:"node_id"`
		} `json:"leader"`
		Raft struct {
			State string `json:"state"`
		} `json:"raft"`
	} `json:"store"`
}

func (n *Node) status(ctx context.Context) (status, error) {
	var st status
	body, code, err := get(ctx, n.URL()+"/status")
	if err != nil {
		return st, err
	}
	if code != http.StatusOK {
		return st, fmt.Errorf("GET /status: HTTP %d", code)
	}
	return st, json.Unmarshal(body, &st)
}

func get(ctx context.Context, url string) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := pollClient.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return b, resp.StatusCode, err
}

// waitReady waits until node i answers /readyz with 200 (its store is
// open and it knows a leader).
func (c *Cluster) waitReady(ctx context.Context, i int) error {
	n := c.nodes[i]
	var last string
	for {
		if !n.Running() {
			return n.exitError()
		}
		body, code, err := get(ctx, n.URL()+"/readyz")
		switch {
		case err == nil && code == http.StatusOK:
			return nil
		case err != nil:
			last = err.Error()
		default:
			last = fmt.Sprintf("HTTP %d %s", code, strings.TrimSpace(string(body)))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("rqlitetest: node %s not ready (%s): %w\n%s", n.ID, last, ctx.Err(), n.LogTail(2000))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// exitError explains why a node that should be running is not.
func (n *Node) exitError() error {
	tail := n.LogTail(2000)
	if strings.Contains(tail, "address already in use") {
		return fmt.Errorf("%w: node %s\n%s", errPortTaken, n.ID, tail)
	}
	return fmt.Errorf("rqlitetest: node %s exited\n%s", n.ID, tail)
}

// Leader waits until exactly one running, unpaused node is in Raft state
// Leader and every other such node names it as leader, and returns its
// index.
func (c *Cluster) Leader(ctx context.Context) (int, error) {
	for {
		i, err := c.leaderOnce(ctx)
		if err == nil {
			return i, nil
		}
		select {
		case <-ctx.Done():
			return -1, fmt.Errorf("rqlitetest: no leader (%v): %w", err, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (c *Cluster) leaderOnce(ctx context.Context) (int, error) {
	leader, agreed := -1, 0
	var ids []string
	live := 0
	for i, n := range c.nodes {
		if !n.Running() || n.Paused() {
			continue
		}
		live++
		st, err := n.status(ctx)
		if err != nil {
			return -1, err
		}
		ids = append(ids, st.Store.Leader.NodeID)
		if st.Store.Raft.State == "Leader" {
			if leader >= 0 {
				return -1, errors.New("two nodes in state Leader")
			}
			leader = i
		}
	}
	if leader < 0 {
		return -1, errors.New("no node in state Leader")
	}
	for _, id := range ids {
		if id == c.nodes[leader].ID {
			agreed++
		}
	}
	if agreed != live {
		return -1, fmt.Errorf("nodes name leaders %v", ids)
	}
	return leader, nil
}
