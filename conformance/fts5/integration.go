package fts5

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// errRollback makes a transaction roll back in the integration cases.
var errRollback = errors.New("roll back")

// simpleSetup is a one-column table of two rows.
const simpleSetup = `CREATE VIRTUAL TABLE t USING fts5(x);
INSERT INTO t(rowid, x) VALUES (1, 'kept row'), (2, 'another kept row');`

func integrationCases() []spec.Case {
	return []spec.Case{
		{
			Name:     "TransactionRollback",
			Doc:      "inserts, updates and deletes of an FTS5 table in a transaction that rolls back leave the index unchanged",
			Requires: []adapter.Feature{adapter.FeatureFTS5, adapter.FeatureTransactions},
			Setup:    simpleSetup,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				err := e.DB.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
					if err := tx.Exec(ctx, `INSERT INTO t(rowid, x) VALUES (3, 'lost row');
UPDATE t SET x = 'changed' WHERE rowid = 1;
DELETE FROM t WHERE rowid = 2;`); err != nil {
						return err
					}
					if n, err := queryInt(ctx, tx, "SELECT count(*) FROM t WHERE t MATCH 'row'"); err != nil || n != 1 {
						return spec.Failf("inside the transaction 'row' matches %d rows (%v), want 1", n, err)
					}
					return errRollback
				})
				if !errors.Is(err, errRollback) {
					return nil, err
				}
				return queryIDs(ctx, e.DB, "SELECT rowid FROM t WHERE t MATCH 'row OR changed' ORDER BY rowid")
			},
			Want: []int64{1, 2},
		},
		{
			Name:     "SavepointRollback",
			Doc:      "rolling back a savepoint (nested Transaction) undoes only its FTS5 changes",
			Requires: []adapter.Feature{adapter.FeatureFTS5, adapter.FeatureTransactions},
			Setup:    simpleSetup,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				err := e.DB.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
					if _, err := tx.Run(ctx, "INSERT INTO t(rowid, x) VALUES (3, 'outer row')"); err != nil {
						return err
					}
					err := tx.Transaction(ctx, func(sp *adapter.Tx) error {
						if _, err := sp.Run(ctx, "INSERT INTO t(rowid, x) VALUES (4, 'inner row')"); err != nil {
							return err
						}
						if _, err := sp.Run(ctx, "DELETE FROM t WHERE rowid = 1"); err != nil {
							return err
						}
						return errRollback
					})
					if !errors.Is(err, errRollback) {
						return fmt.Errorf("savepoint: %w", err)
					}
					return nil
				})
				if err != nil {
					return nil, err
				}
				return queryIDs(ctx, e.DB, "SELECT rowid FROM t WHERE t MATCH 'row' ORDER BY rowid")
			},
			Want: []int64{1, 2, 3},
		},
		{
			Name:     "PreparedMatch",
			Doc:      "a prepared MATCH statement runs with a different query string each time",
			Requires: needFTS5,
			Setup:    querySetup,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				stmt, err := e.DB.Prepare(ctx, matchIDs)
				if err != nil {
					return nil, err
				}
				defer stmt.Close()
				got := map[string][]int64{}
				for _, q := range []string{"gamma", `"alpha beta"`, "alph*", "nothing"} {
					ids := []int64{}
					if err := stmt.All(ctx, &ids, q); err != nil {
						return nil, err
					}
					got[q] = ids
				}
				return got, nil
			},
			Want: map[string][]int64{"gamma": {1, 2, 3, 6}, `"alpha beta"`: {1}, "alph*": {1, 2, 3, 4, 6}, "nothing": {}},
		},
		{
			Name:     "ConcurrentQueries",
			Doc:      "full-text queries on several pool connections at once, while another connection writes, all see a committed state",
			Requires: needFTS5,
			Setup: `CREATE VIRTUAL TABLE t USING fts5(x);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO t(rowid, x) SELECT i, 'item ' || i || CASE WHEN i % 2 = 0 THEN ' even' ELSE ' odd' END FROM n;`,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				const readers, rounds = 4, 25
				var wg sync.WaitGroup
				errs := make(chan error, readers+1)
				wg.Go(func() {
					for i := range rounds {
						// Each write adds a row matching neither 'even' nor 'odd'.
						if _, err := e.DB.Run(ctx, "INSERT INTO t(x) VALUES (?)", fmt.Sprintf("extra %d", i)); err != nil {
							errs <- err
							return
						}
					}
				})
				for range readers {
					wg.Go(func() {
						for range rounds {
							n, err := queryInt(ctx, e.DB, "SELECT count(*) FROM t WHERE t MATCH 'even'")
							if err == nil && n != 100 {
								err = spec.Failf("'even' matched %d rows, want 100", n)
							}
							if err != nil {
								errs <- err
								return
							}
						}
					})
				}
				wg.Wait()
				close(errs)
				if err := <-errs; err != nil {
					return nil, err
				}
				return queryInt(ctx, e.DB, "SELECT count(*) FROM t WHERE t MATCH 'extra OR odd'")
			},
			Want: int64(125),
		},
		{
			Name: "IntegrityCheckAfterAnotherConnectionWrote",
			Doc: "PRAGMA integrity_check and quick_check (schema-qualified too, and the table-valued pragma_integrity_check, quoted or not) on a connection that read an FTS5 table before another connection wrote to it report ok, " +
				"on the DB and database/sql paths (SQLite's FTS5 checks itself against the connection's cached index structure, " +
				"and reports a checksum mismatch for an intact table when that is stale)",
			Requires: needFTS5,
			Setup:    simpleSetup,
			Action:   integrityAfterOtherWrites,
			Want: map[string]any{
				"DB.PragmaValue integrity_check": "ok", "DB.Get PRAGMA quick_check": "ok",
				"DB.Get FROM pragma_integrity_check": "ok", `DB.Get PRAGMA "main".integrity_check`: "ok",
				`DB.Get FROM "pragma_quick_check"`: "ok",
				"DB.SQL() integrity_check":         "ok", "DB.SQL() quick_check": "ok", "rows": int64(9),
			},
		},
		{
			Name:     "Reopen",
			Doc:      "an FTS5 table written through one DB is found, with its configuration, by the next DB opened on the file",
			Requires: needFTS5,
			Setup: simpleSetup + `
INSERT INTO t(t, rank) VALUES ('rank', 'bm25(3.0)');`,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				if err := e.DB.Close(); err != nil {
					return nil, err
				}
				db, err := e.Open(ctx, e.Path, adapter.Options{})
				if err != nil {
					return nil, err
				}
				var rows []adapter.Row
				err = db.All(ctx, &rows, "SELECT rowid, (SELECT v FROM t_config WHERE k = 'rank') AS rank FROM t WHERE t MATCH 'another'")
				return rows, err
			},
			Want: []adapter.Row{{"rowid": int64(2), "rank": "bm25(3.0)"}},
		},
		{
			Name:     "BackupKeepsIndex",
			Doc:      "DB.Backup copies the FTS5 index: the copy answers full-text queries",
			Requires: []adapter.Feature{adapter.FeatureFTS5, adapter.FeatureBackup},
			Setup:    querySetup,
			Action: func(ctx context.Context, e *spec.Env) (any, error) {
				dst := filepath.Join(e.Dir, "copy.db")
				if err := e.DB.Backup(ctx, dst); err != nil {
					return nil, err
				}
				db, err := e.Open(ctx, dst, adapter.Options{})
				if err != nil {
					return nil, err
				}
				if _, err := db.Run(ctx, "INSERT INTO t(t) VALUES ('integrity-check')"); err != nil {
					return nil, fmt.Errorf("integrity-check of the copy: %w", err)
				}
				return queryIDs(ctx, db, matchIDs, "gamma")
			},
			Want: []int64{1, 2, 3, 6},
		},
		{
			Name:     "ShadowTablesReadOnly",
			Doc:      "in defensive mode (an adapter default) the shadow tables of an FTS5 table cannot be written directly: SQLITE_ERROR",
			Requires: []adapter.Feature{adapter.FeatureFTS5, adapter.FeatureDefensive},
			Setup:    simpleSetup,
			Action:   runError("DELETE FROM t_data", "DELETE FROM t_data"),
			Want:     "SQLITE_ERROR: table t_data may not be modified",
		},
	}
}

// integrityAfterOtherWrites checks the FTS5 table t of e.DB on connections
// whose caches predate writes made through another DB on the same file.
func integrityAfterOtherWrites(ctx context.Context, e *spec.Env) (any, error) {
	other, err := e.Open(ctx, e.Path, adapter.Options{})
	if err != nil {
		return nil, err
	}
	n := 2
	write := func() error {
		n++
		_, err := other.Run(ctx, "INSERT INTO t(rowid, x) VALUES (?, 'written elsewhere')", n)
		return err
	}
	got := map[string]any{}
	// database/sql's path, on one connection held throughout.
	c, err := e.DB.SQL().Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	for _, p := range []string{"integrity_check", "quick_check"} {
		var before, after string // before reads t into the connection's cache
		if err := c.QueryRowContext(ctx, "PRAGMA "+p).Scan(&before); err != nil {
			return nil, err
		}
		if err := write(); err != nil {
			return nil, err
		}
		if err := c.QueryRowContext(ctx, "PRAGMA "+p).Scan(&after); err != nil {
			return nil, err
		}
		got["DB.SQL() "+p] = after
	}
	// The adapter's paths, on the pool's other connection: sequential
	// calls take the one the last call gave back.
	for _, check := range []struct {
		name string
		run  func() (any, error)
	}{
		{"DB.PragmaValue integrity_check", func() (any, error) { return e.DB.PragmaValue(ctx, "integrity_check") }},
		{"DB.Get PRAGMA quick_check", func() (any, error) {
			var s string
			err := e.DB.Get(ctx, &s, "PRAGMA quick_check")
			return s, err
		}},
		{"DB.Get FROM pragma_integrity_check", func() (any, error) {
			var s string
			err := e.DB.Get(ctx, &s, "SELECT * FROM pragma_integrity_check")
			return s, err
		}},
		{`DB.Get PRAGMA "main".integrity_check`, func() (any, error) {
			var s string
			err := e.DB.Get(ctx, &s, `PRAGMA "main".integrity_check`)
			return s, err
		}},
		{`DB.Get FROM "pragma_quick_check"`, func() (any, error) {
			var s string
			err := e.DB.Get(ctx, &s, `SELECT * FROM "pragma_quick_check"`)
			return s, err
		}},
	} {
		if _, err := check.run(); err != nil {
			return nil, err
		}
		if err := write(); err != nil {
			return nil, err
		}
		v, err := check.run()
		if err != nil {
			return nil, err
		}
		got[check.name] = v
	}
	got["rows"], err = queryInt(ctx, e.DB, "SELECT count(*) FROM t")
	return got, err
}
