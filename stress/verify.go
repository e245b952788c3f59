package stress

import (
	"context"
	"fmt"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
)

// dbCheck is what verifyDB found.
type dbCheck struct {
	Lost       int64 // reported committed, absent
	Partial    int64 // some of a transaction's rows, not all
	Duplicated int64 // a transaction's rows more than once
	Unreported int64 // present, never reported
	BadBalance bool  // the accounts do not sum up
	BadRows    bool  // meta.rows is not count(*) of txlog
	Rows       int64
	Integrity  string // "ok", or the problems integrity_check listed
}

func (c dbCheck) addFailures(fail failures, suffix string) {
	if c.Lost > 0 {
		fail.add("committed transactions lost%s", suffix)
	}
	if c.Partial > 0 {
		fail.add("partial transactions visible%s", suffix)
	}
	if c.Duplicated > 0 {
		fail.add("transactions applied twice%s", suffix)
	}
	if c.BadBalance {
		fail.add("account balances do not add up%s", suffix)
	}
	if c.BadRows {
		fail.add("row counter out of step with the rows%s", suffix)
	}
	if c.Integrity != "ok" {
		fail.add("integrity_check failed%s", suffix)
	}
}

// verifyDB opens the database through driver, as a process starting after
// the others ended would, and checks it against the transactions the
// workers reported committed (tid → rows).
func verifyDB(ctx context.Context, path, driver, journal, synchronous string, reported map[int64]int) (dbCheck, error) {
	var c dbCheck
	db, err := adapter.Open(ctx, path, &adapter.Options{Driver: driver, JournalMode: journal, Synchronous: synchronous, MmapSize: -1})
	if err != nil {
		return c, err
	}
	defer db.Close()
	seen := make(map[int64]bool, len(reported))
	for row, err := range db.Iterate(ctx, `SELECT tid, count(*) AS n, count(DISTINCT part) AS d, min(parts) AS lo, max(parts) AS hi
		FROM txlog GROUP BY tid`) {
		if err != nil {
			return c, err
		}
		tid, n, d, lo, hi := row["tid"].(int64), row["n"].(int64), row["d"].(int64), row["lo"].(int64), row["hi"].(int64)
		parts, ok := reported[tid]
		switch {
		case d < n || n > hi:
			c.Duplicated++
		case lo != hi || n < hi || (ok && n != int64(parts)):
			c.Partial++
		}
		if !ok {
			c.Unreported++
		}
		seen[tid] = true
		c.Rows += n
	}
	for tid := range reported {
		if !seen[tid] {
			c.Lost++
		}
	}
	var sum, count, rows int64
	if err := db.Get(ctx, &sum, "SELECT coalesce(sum(balance), 0) FROM accounts"); err != nil {
		return c, err
	}
	if err := db.Get(ctx, &count, "SELECT count(*) FROM accounts"); err != nil {
		return c, err
	}
	c.BadBalance = sum != accounts*initialBalance || count != accounts
	if err := db.Get(ctx, &rows, "SELECT v FROM meta WHERE k = 'rows'"); err != nil {
		return c, err
	}
	c.BadRows = rows != c.Rows
	integrity, err := db.Pragma(ctx, "integrity_check")
	if err != nil {
		return c, err
	}
	var problems []string
	for _, r := range integrity {
		for _, v := range r {
			problems = append(problems, fmt.Sprint(v))
		}
	}
	c.Integrity = strings.Join(problems, "; ")
	return c, nil
}
