package drivertest

import (
	"context"
	"database/sql/driver"
	"strings"
	"sync"
	"testing"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// The checks of contract.Conn: Interrupt and InTransaction. The adapter
// ends statements with Interrupt, from another goroutine, repeating it
// until the statement returns (see adapter/interrupt.go); these checks do
// the same.

// asConn returns c as an contract.Conn, or fails the test.
func asConn(t testing.TB, c driver.Conn) contract.Conn {
	t.Helper()
	ac, ok := c.(contract.Conn)
	if !ok {
		t.Fatalf("%T does not implement contract.Conn (Interrupt, InTransaction)", c)
	}
	return ac
}

// interrupting calls c.Interrupt every millisecond, starting after delay,
// until the returned function is called, and waits for the last call.
func interrupting(c contract.Conn, delay time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		select {
		case <-time.After(delay):
		case <-done:
			return
		}
		for {
			c.Interrupt()
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// testInterruptLongQuery checks that Interrupt ends a statement that
// computes, with SQLITE_INTERRUPT, and that the connection works after.
func (k *kit) testInterruptLongQuery(t *testing.T) {
	c := k.mem(t)
	ac := asConn(t, c)
	for _, run := range []struct {
		name string
		do   func() error
	}{
		{"Exec", func() error { return execErr(context.Background(), c, longQuery) }},
		{"Query", func() error { _, err := queryErr(context.Background(), c, longQuery); return err }},
		{"Next", func() error { _, err := queryErr(context.Background(), c, slowSecondRow); return err }},
	} {
		t.Run(run.name, func(t *testing.T) {
			stop := interrupting(ac, 50*time.Millisecond)
			start := time.Now()
			err := run.do()
			stop()
			if elapsed := time.Since(start); elapsed > 10*time.Second {
				t.Errorf("took %v to stop", elapsed)
			}
			if !k.isCode(err, sqlite.INTERRUPT) {
				t.Errorf("%s: %s; want SQLITE_INTERRUPT", run.name, k.describe(err))
			}
			if got := mustQueryOne(t, c, "SELECT 7"); got != int64(7) {
				t.Errorf("SELECT 7 after the interrupt = %v", got)
			}
		})
	}
}

// testInterruptLockWait checks that Interrupt ends a wait for a lock under
// a long busy_timeout, set with PRAGMA as the adapter does, in rollback and
// WAL mode, with SQLITE_INTERRUPT or SQLITE_BUSY and long before the
// timeout; and that busy_timeout still waits afterwards.
func (k *kit) testInterruptLockWait(t *testing.T) {
	for _, mode := range []string{"DELETE", "WAL"} {
		t.Run(mode, func(t *testing.T) {
			c1, c2 := k.twoConns(t)
			if got := mustQueryOne(t, c1, "PRAGMA journal_mode="+mode); got != strings.ToLower(mode) {
				t.Fatalf("PRAGMA journal_mode=%s returned %v", mode, got)
			}
			mustExec(t, c1, "BEGIN IMMEDIATE")
			mustQuery(t, c2, "PRAGMA busy_timeout=30000")
			stop := interrupting(asConn(t, c2), 200*time.Millisecond)
			start := time.Now()
			err := execErr(context.Background(), c2, "BEGIN IMMEDIATE")
			stop()
			elapsed := time.Since(start)
			if err == nil {
				t.Fatal("BEGIN IMMEDIATE succeeded while another connection holds the write lock")
			}
			if !k.isCode(err, sqlite.INTERRUPT, sqlite.BUSY) {
				t.Errorf("BEGIN IMMEDIATE: %s; want SQLITE_INTERRUPT or SQLITE_BUSY", k.describe(err))
			}
			if elapsed > 10*time.Second || elapsed < 150*time.Millisecond {
				t.Errorf("the interrupted wait took %v; want about 200ms", elapsed)
			}
			if asConn(t, c2).InTransaction() {
				t.Error("InTransaction after a failed BEGIN IMMEDIATE")
			}
			mustExec(t, c1, "COMMIT")
			mustExec(t, c2, "BEGIN IMMEDIATE")
			mustExec(t, c2, "COMMIT")
		})
	}
}

// testInterruptRefusesCommit checks that a commit that starts while the
// connection is interrupted fails and rolls back, in autocommit mode and
// with COMMIT, and that a statement that already finished is not undone.
func (k *kit) testInterruptRefusesCommit(t *testing.T) {
	c := k.open(t, contract.ConnConfig{Path: tempPath(t)})
	ac := asConn(t, c)
	mustExec(t, c, "CREATE TABLE t(x)")

	// An INSERT ... RETURNING read to its first row has written; resetting
	// it commits, unless the connection is interrupted.
	st, err := prepare(context.Background(), c, "INSERT INTO t VALUES (1), (2) RETURNING x")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]driver.Value, 1)
	if err := rows.Next(row); err != nil {
		t.Fatal(err)
	}
	ac.Interrupt()
	rows.Close()
	st.Close()
	if got := mustQueryOne(t, c, "SELECT count(*) FROM t"); got != int64(0) {
		t.Errorf("the RETURNING statement reset while interrupted committed: t has %v rows", got)
	}

	mustExec(t, c, "BEGIN")
	mustExec(t, c, "INSERT INTO t VALUES (3)")
	if !ac.InTransaction() {
		t.Error("InTransaction is false inside BEGIN")
	}
	// A statement that has finished is not undone by an interrupt.
	ac.Interrupt()
	if !ac.InTransaction() {
		t.Error("Interrupt between statements ended the transaction")
	}
	mustExec(t, c, "COMMIT")
	if ac.InTransaction() {
		t.Error("InTransaction is true after COMMIT")
	}
	if got := mustQueryOne(t, c, "SELECT group_concat(x) FROM t"); got != "3" {
		t.Errorf("t holds %v, want 3", got)
	}
}

// testInterruptPrepareLockWait checks that Interrupt ends a wait for a
// lock in Prepare, which reads the schema when it is not loaded.
func (k *kit) testInterruptPrepareLockWait(t *testing.T) {
	c1, c2 := k.twoConns(t)
	mustQuery(t, c2, "PRAGMA busy_timeout=30000")
	// Rolling back a schema change leaves the schema to be read again.
	mustExec(t, c2, "BEGIN")
	mustExec(t, c2, "CREATE TABLE u(x)")
	mustExec(t, c2, "ROLLBACK")
	mustExec(t, c1, "BEGIN EXCLUSIVE") // no reader may start
	defer mustExec(t, c1, "ROLLBACK")

	stop := interrupting(asConn(t, c2), 200*time.Millisecond)
	start := time.Now()
	st, err := prepare(context.Background(), c2, "SELECT x FROM t")
	stop()
	elapsed := time.Since(start)
	if err == nil {
		st.Close()
		t.Fatal("no error: Prepare did not wait for the lock")
	}
	if elapsed > 10*time.Second {
		t.Errorf("took %v, want well under the 30s busy_timeout", elapsed)
	}
	if !k.isCode(err, sqlite.INTERRUPT, sqlite.BUSY) {
		t.Errorf("Prepare: %s; want SQLITE_INTERRUPT or SQLITE_BUSY", k.describe(err))
	}
}
