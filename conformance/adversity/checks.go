package adversity

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

// poolProblems checks the pool after a storm: no connection in use, and
// none of the idle ones inside a transaction (BEGIN on it succeeds) or,
// on a driver without transactions (tx false), unusable (a query on it
// succeeds).
func poolProblems(ctx context.Context, db *adapter.DB, tx bool) []string {
	var out []string
	stats := settledStats(db)
	if stats.InUse != 0 {
		out = append(out, fmt.Sprintf("%d connections still in use 5 s after every call returned", stats.InUse))
	}
	var held []interface{ Close() error }
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for i := range stats.OpenConnections {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			return append(out, fmt.Sprintf("taking pooled connection %d: %v", i, err))
		}
		held = append(held, c)
		if !tx {
			var one int
			if err := c.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
				out = append(out, fmt.Sprintf("pooled connection %d is unusable: SELECT 1: %v", i, err))
			}
			continue
		}
		if _, err := c.ExecContext(ctx, "BEGIN"); err != nil {
			out = append(out, fmt.Sprintf("pooled connection %d is unusable or inside a transaction: BEGIN: %v", i, err))
			continue
		}
		if _, err := c.ExecContext(ctx, "ROLLBACK"); err != nil {
			out = append(out, fmt.Sprintf("pooled connection %d: ROLLBACK: %v", i, err))
		}
	}
	return out
}

// settledStats returns the pool's statistics once no connection is in
// use, or after 5 s. database/sql gives a Tx's connection back from a
// goroutine of its own when the Tx's context ends: Commit returns the
// context's error at once, and the rollback and the release follow, on a
// busy machine some milliseconds later. A connection still in use after
// 5 s is a leak.
func settledStats(db *adapter.DB) sql.DBStats {
	var stats sql.DBStats
	settle(func() bool { stats = db.SQL().Stats(); return stats.InUse == 0 })
	return stats
}

// settle calls done every 10 ms until it returns true, for up to 5 s,
// and returns its last answer: the time the process's other goroutines
// get to finish what they do after a call returned.
func settle(done func() bool) bool {
	deadline := time.Now().Add(5 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// baseline is what the process holds before a storm.
type baseline struct {
	goroutines int
	fds        int // -1 where open files cannot be counted
}

func takeBaseline() baseline {
	return baseline{goroutines: runtime.NumGoroutine(), fds: openFiles()}
}

// closeProblems closes db and checks that its goroutines and files are
// gone: the counts return to the baseline taken before the storm, within
// a few seconds (goroutines that interrupted calls wind down).
func closeProblems(db *adapter.DB, base baseline) []string {
	if err := db.Close(); err != nil {
		return []string{"Close: " + err.Error()}
	}
	var g, f int
	if settle(func() bool {
		g, f = runtime.NumGoroutine(), openFiles()
		return g <= base.goroutines && f <= base.fds
	}) {
		return nil
	}
	return []string{fmt.Sprintf("after Close: %d goroutines (%d before the storm), %d open files (%d before)",
		g, base.goroutines, f, base.fds)}
}

// openFiles counts the process's open file descriptors on Linux, or
// returns -1 elsewhere: under Wine a Windows program can read the
// /proc/self/fd of the Linux process that runs it, whose descriptors
// Wine opens and caches for its own purposes, closing them later than the
// Windows handles they serve.
func openFiles() int {
	if runtime.GOOS != "linux" {
		return -1
	}
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}
