//go:build unix

package rqlitetest

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// TestBinary checks that the cached executable is the pinned release.
func TestBinary(t *testing.T) {
	b, err := Binary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if b.Built {
		t.Logf("built rqlited %s in %v", Version, b.Duration.Round(time.Second))
	}
	mods, err := moduleVersion(b.Path, "github.com/rqlite/rqlite/v8")
	if err != nil {
		t.Fatal(err)
	}
	if mods != Version {
		t.Fatalf("rqlited is built from rqlite %s, want %s", mods, Version)
	}
}

// TestClusterLifecycle starts three nodes, kills the leader, checks that
// the others elect a new one, restarts the dead node, pauses and resumes a
// follower, and checks that Close leaves no process behind.
func TestClusterLifecycle(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	c := New(t, Config{})
	t.Logf("3 nodes ready in %v", time.Since(start).Round(time.Millisecond))
	leader, err := c.Leader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Kill(leader); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	next, err := c.Leader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if next == leader {
		t.Fatalf("killed node %d is still the leader", leader)
	}
	t.Logf("new leader %s %v after SIGKILL", c.Node(next).ID, time.Since(killed).Round(time.Millisecond))
	if err := c.Restart(ctx, leader); err != nil {
		t.Fatal(err)
	}
	follower := (next + 1) % c.Len()
	if err := c.Pause(follower); err != nil {
		t.Fatal(err)
	}
	if !c.Node(follower).Paused() {
		t.Fatal("Paused() is false after Pause")
	}
	if got, err := c.Leader(ctx); err != nil || got == follower {
		t.Fatalf("leader with a paused follower: %d, %v", got, err)
	}
	if err := c.Resume(follower); err != nil {
		t.Fatal(err)
	}
	if err := c.waitReady(ctx, follower); err != nil {
		t.Fatal(err)
	}
	var pids []int
	for i := 0; i < c.Len(); i++ {
		pids = append(pids, c.Node(i).PID())
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	for _, pid := range pids {
		if pid == 0 {
			t.Fatal("a node was not running before Close")
		}
		if err := syscall.Kill(pid, 0); err == nil {
			t.Errorf("process %d still exists after Close", pid)
		}
	}
}
