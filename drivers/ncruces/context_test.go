package ncruces

import (
	"context"
	"testing"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// TestInterruptCodes checks what ncruces adds to the contract's handling
// of Interrupt (drivertest's Interrupt checks): the end of an interrupted
// lock wait is SQLITE_BUSY or SQLITE_INTERRUPT, never an error without a
// code.
func TestInterruptCodes(t *testing.T) {
	for _, mode := range []string{"DELETE", "WAL"} {
		t.Run("lock wait "+mode, func(t *testing.T) {
			path := tempPath(t, "lock.db")
			db1 := openDB(t, contract.ConnConfig{Path: path})
			db2 := openDB(t, contract.ConnConfig{Path: path})
			mustExec(t, db1, "PRAGMA journal_mode="+mode, "CREATE TABLE t(x)")
			holder, err := db1.Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer holder.Close()
			mustExec(t, holder, "BEGIN IMMEDIATE")
			defer mustExec(t, holder, "ROLLBACK")
			waiter, err := db2.Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer waiter.Close()
			mustExec(t, waiter, "PRAGMA busy_timeout=30000")
			err = waiter.Raw(func(dc any) error {
				c := dc.(*conn)
				stop := time.AfterFunc(200*time.Millisecond, func() {
					for range 1000 {
						c.Interrupt()
						time.Sleep(time.Millisecond)
					}
				})
				defer stop.Stop()
				return c.exec(context.Background(), "BEGIN IMMEDIATE")
			})
			if err == nil {
				t.Fatal("BEGIN IMMEDIATE succeeded while another connection holds the lock")
			}
			if code, msg := decode(t, err); code.Code() != sqlite.BUSY && code.Code() != sqlite.INTERRUPT {
				t.Errorf("code %d (%s), want SQLITE_BUSY or SQLITE_INTERRUPT", code, msg)
			}
		})
	}
}

// TestOpenWaitsForLock checks setUp's wait for a lock: registering FTS5
// reads the schema, which another connection's exclusive lock blocks.
// OpenConn waits for the lock to be released, then leaves busy_timeout at
// 0 for the adapter to set.
func TestOpenWaitsForLock(t *testing.T) {
	path := tempPath(t, "lock.db")
	holder, err := Driver{}.OpenConn(context.Background(), contract.ConnConfig{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if err := holder.(*conn).exec(context.Background(), "CREATE TABLE t(x); BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	start := time.Now() // before the release is scheduled
	rollbackStarted := make(chan time.Time, 1)
	released := make(chan struct{})
	time.AfterFunc(300*time.Millisecond, func() {
		defer close(released)
		rollbackStarted <- time.Now()
		if err := holder.(*conn).exec(context.Background(), "ROLLBACK"); err != nil {
			t.Errorf("ROLLBACK: %v", err)
		}
	})
	dc, err := Driver{}.OpenConn(context.Background(), contract.ConnConfig{Path: path})
	opened := time.Now()
	<-released // before holder is closed
	elapsed := opened.Sub(start)
	if err != nil {
		t.Fatalf("OpenConn after %v: %v", elapsed, err)
	}
	defer dc.Close()
	if elapsed < 250*time.Millisecond || opened.Before(<-rollbackStarted) {
		t.Errorf("OpenConn returned after %v, before the lock was released", elapsed)
	}
	st, _, err := dc.(*conn).raw.Prepare("PRAGMA busy_timeout")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !st.Step() || st.ColumnInt(0) != 0 {
		t.Errorf("busy_timeout after OpenConn = %d (%v), want 0", st.ColumnInt(0), st.Err())
	}
}
