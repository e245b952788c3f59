package api

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// resultTable is the Setup of the Run cases: rows 1 'a' and 2 'b'.
const resultTable = `CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER NOT NULL DEFAULT 0);
	INSERT INTO t(name) VALUES ('a'), ('b');`

// oneConn is for cases that run several statements and depend on them
// sharing a connection (sqlite3_last_insert_rowid is per connection).
var oneConn = adapter.Options{MaxOpenConns: 1}

// afterInsert returns an Action that first inserts a row (so the
// connection's sqlite3_last_insert_rowid is 100), then runs query and
// returns its Result: a LastInsertRowID of 100 would be the earlier
// statement's, which Result promises never to report.
func afterInsert(query string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		if _, err := e.DB.Run(ctx, "INSERT INTO t(id, name) VALUES (100, 'earlier')"); err != nil {
			return nil, err
		}
		return e.DB.Run(ctx, query)
	}
}

// resultCases: Run's Changes and LastInsertRowID for each kind of
// statement.
var resultCases = []spec.Case{
	{
		Name:   "RunInsertOne",
		Doc:    "INSERT of one row reports Changes 1 and its rowid",
		Setup:  resultTable,
		Action: run("INSERT INTO t(name) VALUES (?)", "c"),
		Want:   adapter.Result{Changes: 1, LastInsertRowID: 3},
	},
	{
		Name:   "RunInsertMultiRow",
		Doc:    "INSERT of three rows reports Changes 3 and the last rowid",
		Setup:  resultTable,
		Action: run("INSERT INTO t(name) VALUES ('c'), ('d'), ('e')"),
		Want:   adapter.Result{Changes: 3, LastInsertRowID: 5},
	},
	{
		Name:   "RunInsertSelect",
		Doc:    "INSERT ... SELECT reports the rows inserted and the last rowid",
		Setup:  resultTable,
		Action: run("INSERT INTO t(name) SELECT name || '2' FROM t ORDER BY id"),
		Want:   adapter.Result{Changes: 2, LastInsertRowID: 4},
	},
	{
		Name:    "RunInsertSelectNoRows",
		Doc:     "INSERT ... SELECT of no rows reports {0, 0}, not the connection's earlier rowid",
		Options: oneConn,
		Setup:   resultTable,
		Action:  afterInsert("INSERT INTO t(name) SELECT name FROM t WHERE 0"),
		Want:    adapter.Result{},
	},
	{
		Name:    "RunInsertWithoutRowid",
		Doc:     "INSERT into a WITHOUT ROWID table reports Changes 1 and LastInsertRowID 0 (it has no rowid), not the connection's earlier rowid",
		Options: oneConn,
		Setup:   resultTable + "CREATE TABLE kv(k TEXT PRIMARY KEY, v) WITHOUT ROWID;",
		Action:  afterInsert("INSERT INTO kv VALUES ('k', 1)"),
		Want:    adapter.Result{Changes: 1},
	},
	{
		Name:   "RunUpdate",
		Doc:    "UPDATE reports the rows changed and LastInsertRowID 0",
		Setup:  resultTable,
		Action: run("UPDATE t SET n = n + 1"),
		Want:   adapter.Result{Changes: 2},
	},
	{
		Name:    "RunUpdateNoRows",
		Doc:     "UPDATE matching no row reports {0, 0}",
		Options: oneConn,
		Setup:   resultTable,
		Action:  afterInsert("UPDATE t SET n = 1 WHERE id > 1000"),
		Want:    adapter.Result{},
	},
	{
		Name:    "RunUpdateAfterInsert",
		Doc:     "UPDATE after an INSERT on the same connection reports LastInsertRowID 0, not the INSERT's rowid",
		Options: oneConn,
		Setup:   resultTable,
		Action:  afterInsert("UPDATE t SET n = 5 WHERE id = 1"),
		Want:    adapter.Result{Changes: 1},
	},
	{
		Name:   "RunDelete",
		Doc:    "DELETE reports the rows deleted and LastInsertRowID 0",
		Setup:  resultTable,
		Action: run("DELETE FROM t WHERE id = 1"),
		Want:   adapter.Result{Changes: 1},
	},
	{
		Name:   "RunDeleteAll",
		Doc:    "DELETE without WHERE (SQLite's truncate optimisation) still reports the rows deleted",
		Setup:  resultTable,
		Action: run("DELETE FROM t"),
		Want:   adapter.Result{Changes: 2},
	},
	{
		Name:    "RunInsertOrIgnoreIgnored",
		Doc:     "INSERT OR IGNORE that ignores its row reports {0, 0}",
		Options: oneConn,
		Setup:   resultTable,
		Action:  afterInsert("INSERT OR IGNORE INTO t(name) VALUES ('a')"),
		Want:    adapter.Result{},
	},
	{
		Name:   "RunReplaceConflict",
		Doc:    "REPLACE that deletes a conflicting row reports Changes 1 (the deletion is not counted) and the new rowid",
		Setup:  resultTable,
		Action: runThen("REPLACE INTO t(name, n) VALUES ('a', 9)", nil, "SELECT id, name, n FROM t ORDER BY id"),
		Want: ranAndRead{
			Result: adapter.Result{Changes: 1, LastInsertRowID: 3},
			Rows:   []adapter.Row{{"id": int64(2), "name": "b", "n": int64(0)}, {"id": int64(3), "name": "a", "n": int64(9)}},
		},
	},
	{
		Name:   "RunInsertOrReplaceSameRowid",
		Doc:    "INSERT OR REPLACE of an existing rowid reports Changes 1 and that rowid",
		Setup:  resultTable,
		Action: run("INSERT OR REPLACE INTO t(id, name) VALUES (1, 'z')"),
		Want:   adapter.Result{Changes: 1, LastInsertRowID: 1},
	},
	{
		Name:    "RunUpsertDoUpdate",
		Doc:     "INSERT ... ON CONFLICT DO UPDATE that updates reports Changes 1 and LastInsertRowID 0 (no row was inserted)",
		Options: oneConn,
		Setup:   resultTable,
		Action:  afterInsert("INSERT INTO t(name) VALUES ('a') ON CONFLICT(name) DO UPDATE SET n = n + 1"),
		Want:    adapter.Result{Changes: 1},
	},
	{
		Name:   "RunUpsertInserts",
		Doc:    "INSERT ... ON CONFLICT DO UPDATE without a conflict reports Changes 1 and the new rowid",
		Setup:  resultTable,
		Action: run("INSERT INTO t(name) VALUES ('c') ON CONFLICT(name) DO UPDATE SET n = n + 1"),
		Want:   adapter.Result{Changes: 1, LastInsertRowID: 3},
	},
	{
		Name:    "RunUpsertDoNothing",
		Doc:     "INSERT ... ON CONFLICT DO NOTHING that skips its row reports {0, 0}",
		Options: oneConn,
		Setup:   resultTable,
		Action:  afterInsert("INSERT INTO t(name) VALUES ('a') ON CONFLICT DO NOTHING"),
		Want:    adapter.Result{},
	},
	{
		Name:    "RunDDL",
		Doc:     "CREATE TABLE, CREATE INDEX and DROP report {0, 0}",
		Options: oneConn,
		Setup:   resultTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var out []adapter.Result
			for _, q := range []string{
				"INSERT INTO t(name) VALUES ('x')",
				"CREATE TABLE u(x)", "CREATE INDEX t_n ON t(n)", "DROP TABLE u",
				"ALTER TABLE t ADD COLUMN extra TEXT",
			} {
				res, err := e.DB.Run(ctx, q)
				if err != nil {
					return nil, err
				}
				out = append(out, res)
			}
			return out[1:], nil
		},
		Want: []adapter.Result{{}, {}, {}, {}},
	},
	{
		Name:    "RunSelect",
		Doc:     "SELECT run with Run reports {0, 0}",
		Options: oneConn,
		Setup:   resultTable,
		Action:  afterInsert("SELECT * FROM t"),
		Want:    adapter.Result{},
	},
	{
		Name:   "RunWithInsert",
		Doc:    "WITH ... INSERT counts as an INSERT: Changes and the last rowid",
		Setup:  resultTable,
		Action: run("WITH n(v) AS (VALUES ('x'), ('y')) INSERT INTO t(name) SELECT v FROM n"),
		Want:   adapter.Result{Changes: 2, LastInsertRowID: 4},
	},
	{
		Name:   "RunWithUpdate",
		Doc:    "WITH ... UPDATE counts as an UPDATE",
		Setup:  resultTable,
		Action: run("WITH k(id) AS (SELECT 2) UPDATE t SET n = 7 WHERE id IN (SELECT id FROM k)"),
		Want:   adapter.Result{Changes: 1},
	},
	{
		Name: "RunTriggerChangesNotCounted",
		Doc:  "rows a trigger changes are not counted in Changes, and its inserts are not the LastInsertRowID",
		Setup: resultTable + `CREATE TABLE log(id INTEGER PRIMARY KEY, what TEXT);
			INSERT INTO log(id, what) VALUES (50, 'seed');
			CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log(what) VALUES ('ins ' || new.name); INSERT INTO log(what) VALUES ('again'); END;`,
		Action: run("INSERT INTO t(name) VALUES ('c')"),
		Want:   adapter.Result{Changes: 1, LastInsertRowID: 3},
	},
}
