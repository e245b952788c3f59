package rqlitetest

import (
	"context"
	"errors"
	"testing"
)

// New starts a cluster for a test and registers its Close with t.Cleanup;
// when the test failed, the cleanup logs the tail of every node's log
// first. On a system where clusters cannot run (no Unix signals: Windows)
// the test is skipped with that reason; a cluster that cannot start
// otherwise fails the test (t.Fatal) with the reason.
func New(t testing.TB, cfg Config) *Cluster {
	t.Helper()
	c, err := Start(context.Background(), cfg)
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("rqlite cluster unsupported here: %v", err)
	}
	if err != nil {
		t.Fatalf("rqlite cluster: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			for _, n := range c.nodes {
				t.Logf("--- %s log tail:\n%s", n.ID, n.LogTail(3000))
			}
		}
		if err := c.Close(); err != nil {
			t.Errorf("rqlite cluster close: %v", err)
		}
	})
	return c
}
