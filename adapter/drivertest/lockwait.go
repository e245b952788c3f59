package drivertest

import (
	"context"
	"database/sql/driver"
	"errors"
	"testing"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

const (
	// longQuery runs for minutes unless interrupted.
	longQuery = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"
	// slowSecondRow returns its first row at once and its second about
	// 1e12 steps later.
	slowSecondRow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c WHERE x = 1 OR x > 1e12"
)

// twoConns opens two connections to a new database file holding table t.
func (k *kit) twoConns(t *testing.T) (c1, c2 driver.Conn) {
	t.Helper()
	path := tempPath(t)
	c1 = k.open(t, contract.ConnConfig{Path: path})
	c2 = k.open(t, contract.ConnConfig{Path: path})
	mustExec(t, c1, "CREATE TABLE t(x)")
	return c1, c2
}

// testLockWaitSucceeds checks that busy_timeout still waits, with and
// without a deadline: a lock released during the wait is acquired.
func (k *kit) testLockWaitSucceeds(t *testing.T) {
	for _, deadline := range []bool{true, false} {
		name := "no deadline"
		if deadline {
			name = "deadline"
		}
		t.Run(name, func(t *testing.T) {
			c1, c2 := k.twoConns(t)
			// The holder's COMMIT needs an exclusive lock, which the waiter
			// blocks for a moment on each retry: it waits too.
			mustQuery(t, c1, "PRAGMA busy_timeout=10000")
			mustExec(t, c1, "BEGIN IMMEDIATE")
			mustQuery(t, c2, "PRAGMA busy_timeout=10000")
			ctx := context.Background()
			if deadline {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(t.Context(), 20*time.Second)
				defer cancel()
			}
			// start is taken before the release is scheduled, so that a
			// pause of this goroutine cannot shorten the measured wait.
			start := time.Now()
			commitStarted := make(chan time.Time, 1)
			released := make(chan struct{})
			time.AfterFunc(300*time.Millisecond, func() {
				defer close(released)
				commitStarted <- time.Now()
				if err := execErr(context.Background(), c1, "COMMIT"); err != nil {
					t.Errorf("COMMIT: %v", err)
				}
			})
			err := execErr(ctx, c2, "BEGIN IMMEDIATE")
			acquired := time.Now()
			<-released
			if err != nil {
				t.Fatalf("BEGIN IMMEDIATE: %v", err)
			}
			elapsed := acquired.Sub(start)
			t.Logf("lock acquired after %v", elapsed)
			if elapsed < 250*time.Millisecond || acquired.Before(<-commitStarted) {
				t.Errorf("got the lock after %v, before it was released at 300ms", elapsed)
			}
			mustExec(t, c2, "COMMIT")
		})
	}
}

// testCancelOpenLockWait checks that OpenConn returns soon after its
// context expires while another connection holds an exclusive lock.
func (k *kit) testCancelOpenLockWait(t *testing.T) {
	path := tempPath(t)
	c1 := k.open(t, contract.ConnConfig{Path: path})
	mustExec(t, c1, "CREATE TABLE t(x)")
	mustExec(t, c1, "BEGIN EXCLUSIVE")
	defer mustExec(t, c1, "ROLLBACK")

	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	c2, err := k.d.OpenConn(ctx, contract.ConnConfig{Path: path})
	elapsed := time.Since(start)
	t.Logf("OpenConn with a 200ms context returned after %v: %v", elapsed, err)
	if err == nil {
		c2.Close()
	} else if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("OpenConn: %s; want it to wait for the lock until the context expires, then an error wrapping the context's", k.describe(err))
	}
	if elapsed > 2*time.Second {
		t.Errorf("took %v", elapsed)
	}
}
