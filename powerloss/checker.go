package powerloss

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
)

// checkRequest asks a checker to reopen a copy of the disk after a cut.
type checkRequest struct {
	Dir     string        `json:"dir"` // the checker's own copy of the disk
	DB      string        `json:"db"`  // the database's file name in Dir
	Journal string        `json:"journal"`
	Sync    string        `json:"sync"`
	Seed    uint64        `json:"seed"`
	Backups []backupClaim `json:"backups,omitempty"`
	// Quarantine reopens as the worker opened: with CheckOnOpen and
	// CorruptQuarantine, so that a corrupt file the cut left under its
	// name before the worker's quarantine was durable is moved aside
	// again, as the application would, not counted as damage.
	Quarantine bool `json:"quarantine,omitempty"`
}

// backupClaim is a backup the worker reported complete.
type backupClaim struct {
	File string `json:"file"`
	Upto int    `json:"upto"`
}

// checkResult is what a checker found in its copy of the disk.
type checkResult struct {
	Driver string `json:"driver"`
	// Last is the last transaction of the workload the database holds,
	// whole: -1 if it holds not even the schema (or does not exist).
	Last int `json:"last"`
	// Corrupt is set when opening failed with SQLITE_CORRUPT or
	// SQLITE_NOTADB, or integrity_check reported problems.
	Corrupt string `json:"corrupt,omitempty"`
	// Torn is set when the content is not what any sequence of whole
	// transactions leaves: part of a transaction, a row of the wrong
	// version, meta out of step.
	Torn string `json:"torn,omitempty"`
	// Err is any other failure: the check could not be done.
	Err     string        `json:"err,omitempty"`
	Backups []backupCheck `json:"backups,omitempty"`
}

// backupCheck is what a checker found of a completed backup.
type backupCheck struct {
	backupClaim
	Missing bool   `json:"missing,omitempty"`
	Last    int    `json:"last"`
	Corrupt string `json:"corrupt,omitempty"`
	Torn    string `json:"torn,omitempty"`
	Err     string `json:"err,omitempty"`
}

// ok reports whether the backup is there, intact, and holds what it
// claimed.
func (b backupCheck) ok() bool {
	return !b.Missing && b.Corrupt == "" && b.Torn == "" && b.Err == "" && b.Last >= b.Upto
}

// runChecker is a checker process for one driver: it answers each
// checkRequest read from stdin with a checkResult on stdout, until end of
// input.
func runChecker(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("powerloss check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	driver := fs.String("driver", "", "driver that reopens the databases")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	dec, enc := json.NewDecoder(stdin), json.NewEncoder(stdout)
	for {
		var req checkRequest
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return 0
			}
			fmt.Fprintln(stderr, "check:", err)
			return 1
		}
		if err := enc.Encode(check(ctx, *driver, req)); err != nil {
			return 1
		}
	}
}

// check reopens the database of req with driver, as the application would
// (same journal mode and synchronous setting), which recovers it, and
// examines it and the completed backups.
func check(ctx context.Context, driver string, req checkRequest) checkResult {
	res := checkResult{Driver: driver, Last: -1}
	path := filepath.Join(req.Dir, req.DB)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		// No database: the application creates a new one.
	} else {
		opts := &adapter.Options{Driver: driver, JournalMode: req.Journal, Synchronous: req.Sync, MaxOpenConns: 1}
		if req.Quarantine {
			opts.CheckOnOpen, opts.OnCorrupt = true, adapter.CorruptQuarantine
		}
		res.Last, res.Corrupt, res.Torn, res.Err = examine(ctx, driver, path, req.Seed, opts)
	}
	for _, b := range req.Backups {
		bc := backupCheck{backupClaim: b, Last: -1}
		p := filepath.Join(req.Dir, b.File)
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			bc.Missing = true
		} else {
			// Read-write, as whoever restores it opens it: a hot journal
			// beside it is rolled back.
			bc.Last, bc.Corrupt, bc.Torn, bc.Err = examine(ctx, driver, p, req.Seed,
				&adapter.Options{Driver: driver, JournalMode: "DELETE", MaxOpenConns: 1})
		}
		res.Backups = append(res.Backups, bc)
	}
	return res
}

// examine opens the database at path and reports the last whole
// transaction it holds, or why it cannot tell.
func examine(ctx context.Context, driver, path string, seed uint64, opts *adapter.Options) (last int, corrupt, torn, failed string) {
	last = -1
	db, err := adapter.Open(ctx, path, opts)
	if err != nil {
		if corruptErr(err) {
			return last, "open: " + err.Error(), "", ""
		}
		return last, "", "", "open: " + err.Error()
	}
	defer db.Close()
	if msgs, err := integrity(ctx, db); err != nil {
		if corruptErr(err) {
			return last, "integrity_check: " + err.Error(), "", ""
		}
		return last, "", "", "integrity_check: " + err.Error()
	} else if len(msgs) != 1 || msgs[0] != "ok" {
		return last, "integrity_check: " + strings.Join(msgs[:min(len(msgs), 3)], "; "), "", ""
	}
	last, torn, err = content(ctx, db, seed)
	if err != nil {
		if corruptErr(err) {
			return last, "reading: " + err.Error(), "", ""
		}
		return last, "", "", "reading: " + err.Error()
	}
	return last, "", torn, ""
}

func corruptErr(err error) bool {
	return errors.Is(err, sqlite.CORRUPT) || errors.Is(err, sqlite.NOTADB)
}

// integrity returns the messages of PRAGMA integrity_check.
func integrity(ctx context.Context, db *adapter.DB) ([]string, error) {
	rows, err := db.Pragma(ctx, "integrity_check")
	if err != nil {
		return nil, err
	}
	var msgs []string
	for _, r := range rows {
		msgs = append(msgs, fmt.Sprint(r["integrity_check"]))
	}
	return msgs, nil
}

// content checks that the database holds exactly what transactions
// 0..last of the workload leave, and returns last, or what is wrong.
func content(ctx context.Context, db *adapter.DB, seed uint64) (last int, torn string, err error) {
	var tables int
	if err := db.Get(ctx, &tables, "SELECT count(*) FROM sqlite_schema WHERE name IN ('rows', 'rows_len', 'meta')"); err != nil {
		return -1, "", err
	}
	switch tables {
	case 0:
		return -1, "", nil // transaction 0 did not survive
	case 3:
	default:
		return -1, fmt.Sprintf("%d of the 3 schema objects", tables), nil
	}
	var meta struct {
		Last int `db:"last"`
		N    int `db:"n"`
	}
	if err := db.Get(ctx, &meta, "SELECT last, n FROM meta"); err != nil {
		return -1, "", err
	}
	m := meta.Last
	j, k, seen := 1, 0, 0
	for r, err := range db.Iterate(ctx, "SELECT txn, k, v FROM rows ORDER BY txn, k") {
		if err != nil {
			return -1, "", err
		}
		seen++
		if torn == "" {
			txn, _ := r["txn"].(int64)
			kk, _ := r["k"].(int64)
			v, _ := r["v"].([]byte)
			torn = expectRow(seed, m, &j, &k, int(txn), int(kk), v)
		}
	}
	switch {
	case torn != "":
	case j <= m:
		torn = fmt.Sprintf("meta says transaction %d is the last, but the rows stop before row %d of transaction %d", m, k, j)
	case meta.N != seen || meta.N != rowsThrough(m):
		torn = fmt.Sprintf("meta counts %d rows, the table has %d, transactions 1..%d insert %d", meta.N, seen, m, rowsThrough(m))
	}
	return m, torn, nil
}

// expectRow checks that row (txn, k, v) is the next one, (*j, *k), of the
// database after transactions 0..m, and advances to the one after.
func expectRow(seed uint64, m int, j, k *int, txn, kk int, v []byte) string {
	if txn > m || *j > m {
		return fmt.Sprintf("row (%d, %d) of a transaction after %d, the last meta records", txn, kk, m)
	}
	if txn != *j || kk != *k {
		return fmt.Sprintf("row (%d, %d) where (%d, %d) should be: a transaction is there in part", txn, kk, *j, *k)
	}
	if want := value(seed, txn, kk, versionAfter(txn, m)); !bytes.Equal(v, want) {
		return fmt.Sprintf("row (%d, %d) does not hold version %d after transaction %d", txn, kk, versionAfter(txn, m), m)
	}
	if *k++; *k == rowsIn(*j) {
		*j, *k = *j+1, 0
	}
	return ""
}
