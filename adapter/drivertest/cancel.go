package drivertest

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

const (
	// longQuery runs for minutes unless interrupted.
	longQuery = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"
	// slowSecondRow returns its first row at once and its second about
	// 1e12 steps later.
	slowSecondRow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c WHERE x = 1 OR x > 1e12"
)

// checkInterrupted fails t unless err is the error of the ended context
// or SQLITE_INTERRUPT, and accepts also SQLITE_BUSY for the end of a lock
// wait if busyToo.
func (k *kit) checkInterrupted(t *testing.T, what string, err, ctxErr error, busyToo bool) {
	t.Helper()
	switch {
	case ctxErr != nil && errors.Is(err, ctxErr):
	case k.isCode(err, adapter.ErrInterrupt):
	case busyToo && k.isCode(err, adapter.ErrBusy):
	default:
		want := "the context's error or SQLITE_INTERRUPT"
		if busyToo {
			want = "the context's error, SQLITE_INTERRUPT or SQLITE_BUSY"
		}
		t.Errorf("%s: %s; want %s", what, k.describe(err), want)
	}
}

// twoConns opens two connections to a new database file holding table t.
func (k *kit) twoConns(t *testing.T) (c1, c2 driver.Conn) {
	t.Helper()
	path := tempPath(t)
	c1 = k.open(t, adapter.ConnConfig{Path: path})
	c2 = k.open(t, adapter.ConnConfig{Path: path})
	mustExec(t, c1, "CREATE TABLE t(x)")
	return c1, c2
}

// testCancelLongQuery checks that an expiring context interrupts a
// statement that is computing, through the driver and through
// database/sql, and that the connection works afterwards.
func (k *kit) testCancelLongQuery(t *testing.T) {
	c := k.mem(t)
	db := k.db(t, memory)
	tests := []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"Query", func(ctx context.Context) error { _, err := queryErr(ctx, c, longQuery); return err }},
		{"Exec", func(ctx context.Context) error { return execErr(ctx, c, longQuery) }},
		{"sql.DB.QueryRow", func(ctx context.Context) error {
			var n int64
			return db.QueryRowContext(ctx, longQuery).Scan(&n)
		}},
		{"sql.DB.Exec", func(ctx context.Context) error { _, err := db.ExecContext(ctx, longQuery); return err }},
		{"sql.Rows.Next", func(ctx context.Context) error {
			rows, err := db.QueryContext(ctx, slowSecondRow)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
			}
			return rows.Err()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := tt.run(ctx)
			elapsed := time.Since(start)
			t.Logf("returned after %v: %v", elapsed, err)
			if err == nil {
				t.Fatal("no error")
			}
			if elapsed > 5*time.Second {
				t.Errorf("took %v after a 100ms context", elapsed)
			}
			k.checkInterrupted(t, tt.name, err, ctx.Err(), false)
			// Both connections still work.
			if got := mustQueryOne(t, c, "SELECT 1"); got != int64(1) {
				t.Errorf("after the interrupt: got %v", got)
			}
			var one int64
			if err := db.QueryRow("SELECT 1").Scan(&one); err != nil || one != 1 {
				t.Errorf("after the interrupt, through database/sql: %d, %v", one, err)
			}
		})
	}
}

// testCancelBetweenRows checks that a context that ends while rows are
// being read interrupts the next step.
func (k *kit) testCancelBetweenRows(t *testing.T) {
	c := k.mem(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	st, err := prepare(ctx, c, slowSecondRow)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	row := make([]driver.Value, 1)
	if err := rows.Next(row); err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	err = rows.Next(row) // the second row is ~1e12 steps away
	elapsed := time.Since(start)
	t.Logf("Next returned after %v: %v", elapsed, err)
	if err == nil || err == io.EOF {
		t.Fatalf("Next: %v, want an error", err)
	}
	if elapsed > 5*time.Second {
		t.Errorf("took %v after the context was cancelled at 200ms", elapsed)
	}
	k.checkInterrupted(t, "Next", err, ctx.Err(), false)
}

// testCancelBeforeStart checks a context that has ended before the driver
// gets it: nothing runs, and the statement works with a live context.
func (k *kit) testCancelBeforeStart(t *testing.T) {
	c := k.mem(t)
	mustExec(t, c, "CREATE TABLE t(x)")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if st, err := prepare(ctx, c, "SELECT 1"); err == nil {
		st.Close()
		t.Error("PrepareContext with a cancelled context succeeded")
	} else {
		k.checkInterrupted(t, "PrepareContext", err, ctx.Err(), false)
	}
	st, err := prepare(t.Context(), c, "INSERT INTO t VALUES(1) RETURNING x")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.(driver.StmtExecContext).ExecContext(ctx, nil); err == nil {
		t.Error("ExecContext with a cancelled context succeeded")
	} else {
		k.checkInterrupted(t, "ExecContext", err, ctx.Err(), false)
	}
	if rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, nil); err == nil {
		row := make([]driver.Value, 1)
		err = rows.Next(row)
		rows.Close()
		if err == nil {
			t.Error("QueryContext with a cancelled context returned a row")
		} else {
			k.checkInterrupted(t, "QueryContext, then Next", err, ctx.Err(), false)
		}
	} else {
		k.checkInterrupted(t, "QueryContext", err, ctx.Err(), false)
	}
	if got := mustQueryOne(t, c, "SELECT count(*) FROM t"); got != int64(0) {
		t.Errorf("%v rows were inserted under a cancelled context", got)
	}
	if _, err := st.(driver.StmtExecContext).ExecContext(t.Context(), nil); err != nil {
		t.Errorf("ExecContext with a live context: %v", err)
	}
	if got := mustQueryOne(t, c, "SELECT count(*) FROM t"); got != int64(1) {
		t.Errorf("%v rows after one insert, want 1", got)
	}
}

// testCancelLockWait checks that an expiring context ends a wait for a
// lock under a long busy_timeout, set with PRAGMA after OpenConn as the
// adapter does, in rollback and WAL mode; and that busy_timeout keeps its
// value and effect afterwards.
func (k *kit) testCancelLockWait(t *testing.T) {
	for _, mode := range []string{"DELETE", "WAL"} {
		t.Run(mode, func(t *testing.T) {
			c1, c2 := k.twoConns(t)
			if got := mustQueryOne(t, c1, "PRAGMA journal_mode="+mode); got != strings.ToLower(mode) {
				t.Fatalf("PRAGMA journal_mode=%s returned %v", mode, got)
			}
			mustExec(t, c1, "BEGIN IMMEDIATE")
			mustExec(t, c1, "INSERT INTO t VALUES(1)")
			if got := mustQueryOne(t, c2, "PRAGMA busy_timeout=30000"); got != int64(30000) {
				t.Fatalf("PRAGMA busy_timeout=30000 returned %v", got)
			}
			for _, stmt := range []string{"BEGIN IMMEDIATE", "INSERT INTO t VALUES(2)"} {
				t.Run(stmt, func(t *testing.T) {
					ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
					defer cancel()
					start := time.Now()
					err := execErr(ctx, c2, stmt)
					elapsed := time.Since(start)
					t.Logf("%s under busy_timeout=30000 with a 200ms context returned after %v: %v", stmt, elapsed, err)
					if err == nil {
						t.Fatal("no error while another connection holds the lock")
					}
					if elapsed > 10*time.Second {
						t.Errorf("took %v, want well under the 30s busy_timeout", elapsed)
					}
					if elapsed < 150*time.Millisecond {
						t.Errorf("gave up after %v, before the context expired", elapsed)
					}
					k.checkInterrupted(t, stmt, err, ctx.Err(), true)
				})
			}
			// busy_timeout reads back unchanged and still applies.
			if got := mustQueryOne(t, c2, "PRAGMA busy_timeout"); got != int64(30000) {
				t.Errorf("PRAGMA busy_timeout = %v, want 30000", got)
			}
			mustQuery(t, c2, "PRAGMA busy_timeout=300")
			start := time.Now()
			err := execErr(context.Background(), c2, "BEGIN IMMEDIATE")
			elapsed := time.Since(start)
			t.Logf("BEGIN IMMEDIATE under busy_timeout=300 returned after %v: %v", elapsed, err)
			if !k.isCode(err, adapter.ErrBusy) {
				t.Errorf("BEGIN IMMEDIATE under busy_timeout=300: %s; want SQLITE_BUSY", k.describe(err))
			}
			if elapsed < 250*time.Millisecond || elapsed > 5*time.Second {
				t.Errorf("busy_timeout=300 waited %v", elapsed)
			}
			// Once the lock is released, the waiter writes.
			mustExec(t, c1, "COMMIT")
			mustExec(t, c2, "BEGIN IMMEDIATE")
			mustExec(t, c2, "INSERT INTO t VALUES(3)")
			mustExec(t, c2, "COMMIT")
			if got := mustQueryOne(t, c1, "SELECT group_concat(x) FROM t"); got != "1,3" {
				t.Errorf("table holds %v, want 1,3", got)
			}
		})
	}
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

// testCancelPrepareLockWait checks that an expiring context ends a wait
// for a lock in Prepare, which reads the schema when it is not loaded.
func (k *kit) testCancelPrepareLockWait(t *testing.T) {
	c1, c2 := k.twoConns(t)
	mustQuery(t, c2, "PRAGMA busy_timeout=30000")
	// Rolling back a schema change leaves the schema to be read again.
	mustExec(t, c2, "BEGIN")
	mustExec(t, c2, "CREATE TABLE u(x)")
	mustExec(t, c2, "ROLLBACK")
	mustExec(t, c1, "BEGIN EXCLUSIVE") // no reader may start
	defer mustExec(t, c1, "ROLLBACK")

	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	st, err := prepare(ctx, c2, "SELECT x FROM t")
	elapsed := time.Since(start)
	t.Logf("Prepare under busy_timeout=30000 with a 200ms context returned after %v: %v", elapsed, err)
	if err == nil {
		st.Close()
		t.Fatal("no error: Prepare did not wait for the lock")
	}
	if elapsed > 10*time.Second {
		t.Errorf("took %v, want well under the 30s busy_timeout", elapsed)
	}
	k.checkInterrupted(t, "Prepare", err, ctx.Err(), true)
}

// testCancelOpenLockWait checks that OpenConn returns soon after its
// context expires while another connection holds an exclusive lock.
func (k *kit) testCancelOpenLockWait(t *testing.T) {
	path := tempPath(t)
	c1 := k.open(t, adapter.ConnConfig{Path: path})
	mustExec(t, c1, "CREATE TABLE t(x)")
	mustExec(t, c1, "BEGIN EXCLUSIVE")
	defer mustExec(t, c1, "ROLLBACK")

	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	c2, err := k.d.OpenConn(ctx, adapter.ConnConfig{Path: path})
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
