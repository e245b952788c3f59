package modernc

import (
	"context"
	"database/sql/driver"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"

	sqlite3 "modernc.org/sqlite/lib"
)

// TestMultiThread checks that OpenConn leaves the connection in SQLite's
// multi-thread mode, with no mutex (sqlite3_db_mutex is NULL, as for a
// connection opened with SQLITE_OPEN_NOMUTEX), and that connections so
// opened work side by side on one file, each on its own goroutine, are
// interrupted from another goroutine, and close cleanly (a mutex freed twice,
// or entered after it was freed, would crash the process).
func TestMultiThread(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "mt.db")
	open := func() *conn {
		dc, err := Driver{}.OpenConn(ctx, contract.ConnConfig{Path: path})
		if err != nil {
			t.Fatal(err)
		}
		return dc.(*conn)
	}
	setup := open()
	if m := sqlite3.Xsqlite3_db_mutex(setup.lib.tls, setup.db); m != 0 {
		t.Errorf("sqlite3_db_mutex = %#x, want 0 (multi-thread mode)", m)
	}
	for _, q := range []string{"PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 5000", "CREATE TABLE t(g INTEGER, i INTEGER)"} {
		if err := execConn(setup, q); err != nil {
			t.Fatal(err)
		}
	}
	setup.Close()

	const workers, rows = 4, 200
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for g := range workers {
		wg.Go(func() {
			c := open()
			defer c.Close()
			if err := execConn(c, "PRAGMA busy_timeout = 5000"); err != nil {
				errs <- err
				return
			}
			for i := range rows {
				if err := execConn(c, fmt.Sprintf("INSERT INTO t VALUES (%d, %d)", g, i)); err != nil {
					errs <- fmt.Errorf("worker %d, row %d: %w", g, i, err)
					return
				}
			}
			// Interrupt, from another goroutine, ends a long statement.
			stop := make(chan struct{})
			var iwg sync.WaitGroup
			iwg.Go(func() {
				for {
					select {
					case <-stop:
						return
					case <-time.After(time.Millisecond):
						c.Interrupt()
					}
				}
			})
			err := execConn(c, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c")
			close(stop)
			iwg.Wait()
			if code, _, ok := (Driver{}).DecodeError(err); !ok || code.Code() != sqlite.INTERRUPT {
				errs <- fmt.Errorf("worker %d: a long statement interrupted: %v, want SQLITE_INTERRUPT", g, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	check := open()
	defer check.Close()
	st, err := check.PrepareContext(ctx, "SELECT count(*), count(DISTINCT g) FROM t")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := st.(driver.StmtQueryContext).QueryContext(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := make([]driver.Value, 2)
	if err := r.Next(got); err != nil {
		t.Fatal(err)
	}
	if got[0] != int64(workers*rows) || got[1] != int64(workers) {
		t.Errorf("count(*), count(DISTINCT g) = %v, want %d, %d", got, workers*rows, workers)
	}
}

// execConn runs query on c.
func execConn(c *conn, query string) error {
	st, err := c.PrepareContext(context.Background(), query)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.(driver.StmtExecContext).ExecContext(context.Background(), nil)
	return err
}
