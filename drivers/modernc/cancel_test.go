package modernc

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

// longQuery runs for minutes unless interrupted.
const longQuery = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c)
	SELECT count(*) FROM c`

// TestCancelRunningQuery checks that an expiring context interrupts a
// statement that is computing.
func TestCancelRunningQuery(t *testing.T) {
	c := open(t, adapter.ConnConfig{Path: ":memory:"})
	for _, kind := range []string{"query", "exec"} {
		t.Run(kind, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
			defer cancel()
			start := time.Now()
			var err error
			if kind == "query" {
				_, err = queryErr(ctx, c, longQuery)
			} else {
				err = execErr(ctx, c, longQuery)
			}
			elapsed := time.Since(start)
			t.Logf("%s returned after %v: %v", kind, elapsed, err)
			if err == nil {
				t.Fatal("no error")
			}
			if elapsed > 10*time.Second {
				t.Errorf("took %v", elapsed)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				if code, _, ok := (Driver{}).DecodeError(err); !ok || code.Code() != adapter.ErrInterrupt {
					t.Errorf("error %v is neither the context's nor SQLITE_INTERRUPT", err)
				}
			}
			// The connection still works.
			if rows := mustQuery(t, c, "SELECT 1"); rows[0][0] != int64(1) {
				t.Errorf("got %v", rows)
			}
		})
	}
}

// TestCancelBetweenRows checks that a context that ends while rows are
// being read interrupts the next step.
func TestCancelBetweenRows(t *testing.T) {
	c := open(t, adapter.ConnConfig{Path: ":memory:"})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	st, err := prepare(ctx, c, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c)
		SELECT x FROM c WHERE x = 1 OR x > 1e12`)
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
	t.Logf("Next returned after %v: %v", time.Since(start), err)
	if err == nil || err == io.EOF {
		t.Fatalf("Next: %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}

// TestCancelLockWait checks that an expiring context ends a wait for a
// lock under a long busy_timeout, set with PRAGMA after OpenConn as the
// adapter does.
func TestCancelLockWait(t *testing.T) {
	path := tempDB(t)
	c1 := open(t, adapter.ConnConfig{Path: path})
	c2 := open(t, adapter.ConnConfig{Path: path})
	mustExec(t, c1, "CREATE TABLE t(x)")
	mustExec(t, c1, "BEGIN IMMEDIATE")
	defer mustExec(t, c1, "ROLLBACK")

	if rows := mustQuery(t, c2, "PRAGMA busy_timeout=30000"); rows[0][0] != int64(30000) {
		t.Fatalf("PRAGMA busy_timeout=30000 returned %v", rows)
	}
	for _, stmt := range []string{"BEGIN IMMEDIATE", "INSERT INTO t VALUES(1)"} {
		t.Run(stmt, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := execErr(ctx, c2, stmt)
			elapsed := time.Since(start)
			t.Logf("%s under busy_timeout=30000 with a 200ms context returned after %v: %v", stmt, elapsed, err)
			if err == nil {
				t.Fatal("no error")
			}
			if elapsed > 10*time.Second {
				t.Errorf("took %v, want well under the 30s busy_timeout", elapsed)
			}
			if elapsed < 150*time.Millisecond {
				t.Errorf("returned after %v, before the context expired", elapsed)
			}
		})
	}
	// busy_timeout reads back unchanged and still applies.
	if rows := mustQuery(t, c2, "PRAGMA busy_timeout"); rows[0][0] != int64(30000) {
		t.Errorf("PRAGMA busy_timeout = %v, want 30000", rows)
	}
	mustQuery(t, c2, "PRAGMA busy_timeout=300")
	start := time.Now()
	err := execErr(context.Background(), c2, "BEGIN IMMEDIATE")
	elapsed := time.Since(start)
	t.Logf("BEGIN IMMEDIATE under busy_timeout=300 returned after %v: %v", elapsed, err)
	if code, _, ok := (Driver{}).DecodeError(err); !ok || code.Code() != adapter.ErrBusy {
		t.Errorf("got %v, want SQLITE_BUSY", err)
	}
	if elapsed < 250*time.Millisecond || elapsed > 5*time.Second {
		t.Errorf("busy_timeout=300 waited %v", elapsed)
	}
}

// TestLockWaitSucceeds checks that the interruptible sleep still waits:
// a lock released during busy_timeout is acquired.
func TestLockWaitSucceeds(t *testing.T) {
	path := tempDB(t)
	c1 := open(t, adapter.ConnConfig{Path: path})
	c2 := open(t, adapter.ConnConfig{Path: path})
	mustExec(t, c1, "CREATE TABLE t(x)")
	mustExec(t, c1, "BEGIN IMMEDIATE")
	mustQuery(t, c2, "PRAGMA busy_timeout=10000")
	released := make(chan struct{})
	time.AfterFunc(300*time.Millisecond, func() {
		defer close(released)
		mustExec(t, c1, "COMMIT")
	})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	start := time.Now()
	if err := execErr(ctx, c2, "BEGIN IMMEDIATE"); err != nil {
		t.Fatalf("BEGIN IMMEDIATE: %v", err)
	}
	t.Logf("lock acquired after %v", time.Since(start))
	<-released
	mustExec(t, c2, "COMMIT")
}

// TestCancelPrepareLockWait checks that an expiring context ends a wait
// for a lock in Prepare, which reads the schema when it is not loaded.
func TestCancelPrepareLockWait(t *testing.T) {
	path := tempDB(t)
	c1 := open(t, adapter.ConnConfig{Path: path})
	c2 := open(t, adapter.ConnConfig{Path: path})
	mustExec(t, c1, "CREATE TABLE t(x)")
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
}

// TestCancelOpenLockWait checks that OpenConn returns soon after its
// context expires while another connection holds an exclusive lock.
func TestCancelOpenLockWait(t *testing.T) {
	path := tempDB(t)
	c1 := open(t, adapter.ConnConfig{Path: path})
	mustExec(t, c1, "CREATE TABLE t(x)")
	mustExec(t, c1, "BEGIN EXCLUSIVE")
	defer mustExec(t, c1, "ROLLBACK")

	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	c2, err := Driver{}.OpenConn(ctx, adapter.ConnConfig{Path: path})
	elapsed := time.Since(start)
	t.Logf("OpenConn with a 200ms context returned after %v: %v", elapsed, err)
	if err == nil {
		c2.Close()
	} else if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v does not wrap the context's", err)
	}
	if elapsed > 2*time.Second {
		t.Errorf("took %v", elapsed)
	}
}
