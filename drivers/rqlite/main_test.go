package rqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

// shared is one 3-node cluster for the tests that do not kill nodes.
var shared struct {
	once sync.Once
	c    *rqlitetest.Cluster
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.c != nil {
		shared.c.Close()
	}
	os.Exit(code)
}

// sharedCluster returns the shared cluster, starting it on first use. On a
// system without Unix signals the test is skipped with that reason.
func sharedCluster(t *testing.T) *rqlitetest.Cluster { return sharedClusterTB(t) }

func sharedClusterTB(t testing.TB) *rqlitetest.Cluster {
	t.Helper()
	shared.once.Do(func() {
		shared.c, shared.err = rqlitetest.Start(context.Background(), rqlitetest.Config{})
	})
	if errors.Is(shared.err, errors.ErrUnsupported) {
		t.Skipf("rqlite unsupported here: %v", shared.err)
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.c
}

// open returns a client of the shared cluster, with DSN parameters.
func open(t *testing.T, params string) *Client {
	t.Helper()
	c, err := Open(context.Background(), sharedCluster(t).DSN(params), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// table returns a table name unique to the test.
func table(t *testing.T) string {
	return fmt.Sprintf("t_%s_%d", sanitize(t.Name()), os.Getpid())
}

func sanitize(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}
