package ncruces

import (
	"context"
	"database/sql/driver"
	"errors"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

// endless never finishes on its own.
const endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"

// TestInterruptQuery checks that an expiring context stops a running
// statement with SQLITE_INTERRUPT, and that the connection works after.
func TestInterruptQuery(t *testing.T) {
	db := memDB(t)
	tests := []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"QueryRow", func(ctx context.Context) error {
			var n int64
			return db.QueryRowContext(ctx, endless).Scan(&n)
		}},
		{"Exec", func(ctx context.Context) error {
			_, err := db.ExecContext(ctx, endless)
			return err
		}},
		{"rows.Next", func(ctx context.Context) error {
			// The first rows come at once; the query then runs until ctx ends.
			rs, err := db.QueryContext(ctx, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c WHERE x = 1 OR x > 1e15")
			if err != nil {
				return err
			}
			defer rs.Close()
			for rs.Next() {
			}
			return rs.Err()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := tt.run(ctx)
			elapsed := time.Since(start)
			t.Logf("returned after %v: %v", elapsed, err)
			if err == nil {
				t.Fatal("no error")
			}
			if elapsed > 5*time.Second {
				t.Errorf("took %v", elapsed)
			}
			// database/sql may report ctx.Err() itself for rows it closed;
			// otherwise the driver's error carries SQLITE_INTERRUPT.
			if !errors.Is(err, context.DeadlineExceeded) {
				if code, _ := decode(t, err); code != adapter.ExtendedErrorCode(adapter.ErrInterrupt) {
					t.Errorf("code %d, want SQLITE_INTERRUPT", code)
				}
			}
			var one int64
			if err := db.QueryRow("SELECT 1").Scan(&one); err != nil || one != 1 {
				t.Errorf("connection unusable after interrupt: %v", err)
			}
		})
	}
}

// TestInterruptBeforeStart checks a context that is already done when the
// driver gets it: the error still carries an SQLite code.
func TestInterruptBeforeStart(t *testing.T) {
	db := memDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := withConn(t, db, func(c *conn) error {
		if _, err := c.PrepareContext(ctx, "SELECT 1"); err == nil {
			t.Error("PrepareContext: no error")
		} else if code, _ := decode(t, err); code != 9 {
			t.Errorf("PrepareContext: code %d", code)
		}
		st, err := c.PrepareContext(context.Background(), "SELECT 1")
		if err != nil {
			return err
		}
		defer st.Close()
		if _, err := st.(driver.StmtExecContext).ExecContext(ctx, nil); err == nil {
			t.Error("ExecContext: no error")
		} else if code, _ := decode(t, err); code != 9 {
			t.Errorf("ExecContext: code %d", code)
		}
		if _, err := st.(driver.StmtQueryContext).QueryContext(ctx, nil); err == nil {
			t.Error("QueryContext: no error")
		} else if code, _ := decode(t, err); code != 9 {
			t.Errorf("QueryContext: code %d", code)
		}
		_, err = st.(driver.StmtExecContext).ExecContext(context.Background(), nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestInterruptLockWait checks that an expiring context ends a wait for a
// lock under a long busy_timeout, in both journal modes.
func TestInterruptLockWait(t *testing.T) {
	for _, mode := range []string{"DELETE", "WAL"} {
		t.Run(mode, func(t *testing.T) {
			path := tempPath(t, "lock.db")
			db1 := openDB(t, adapter.ConnConfig{Path: path})
			db2 := openDB(t, adapter.ConnConfig{Path: path})
			mustExec(t, db1, "PRAGMA journal_mode="+mode, "CREATE TABLE t(x)")

			holder, err := db1.Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer holder.Close()
			mustExec(t, holder, "BEGIN IMMEDIATE", "INSERT INTO t VALUES (1)")

			waiter, err := db2.Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer waiter.Close()
			mustExec(t, waiter, "PRAGMA busy_timeout=30000")

			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err = waiter.ExecContext(ctx, "BEGIN IMMEDIATE")
			elapsed := time.Since(start)
			t.Logf("BEGIN IMMEDIATE returned after %v: %v", elapsed, err)
			if err == nil {
				t.Fatal("BEGIN IMMEDIATE succeeded while another connection holds the lock")
			}
			if elapsed > 10*time.Second {
				t.Errorf("lock wait ignored the context: %v", elapsed)
			}
			if elapsed < 150*time.Millisecond {
				t.Errorf("gave up after %v, before the context expired", elapsed)
			}
			code, msg := decode(t, err)
			if code.Code() != adapter.ErrBusy && code.Code() != adapter.ErrInterrupt {
				t.Errorf("code %d (%s), want SQLITE_BUSY or SQLITE_INTERRUPT", code, msg)
			}

			// The busy_timeout still works for a later statement once the
			// lock is released.
			mustExec(t, holder, "COMMIT")
			mustExec(t, waiter, "BEGIN IMMEDIATE", "INSERT INTO t VALUES (2)", "COMMIT")
		})
	}
}

// TestBusyTimeoutStillWaits checks that without a context deadline a
// waiter blocks until the lock is released instead of failing at once.
func TestBusyTimeoutStillWaits(t *testing.T) {
	path := tempPath(t, "wait.db")
	db1 := openDB(t, adapter.ConnConfig{Path: path})
	db2 := openDB(t, adapter.ConnConfig{Path: path})
	mustExec(t, db1, "CREATE TABLE t(x)")
	holder, err := db1.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	mustExec(t, holder, "BEGIN IMMEDIATE")
	waiter, err := db2.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer waiter.Close()
	mustExec(t, waiter, "PRAGMA busy_timeout=30000")

	time.AfterFunc(300*time.Millisecond, func() { holder.ExecContext(context.Background(), "COMMIT") })
	start := time.Now()
	mustExec(t, waiter, "BEGIN IMMEDIATE", "COMMIT")
	if elapsed := time.Since(start); elapsed < 250*time.Millisecond {
		t.Errorf("got the lock after %v, before it was released", elapsed)
	}
}
