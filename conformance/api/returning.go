package api

import (
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/anysqlite/anysqlite/sqlite"
)

// byID orders Rows by their "id" column: SQLite does not define the order
// of RETURNING rows.
var byID = []cmp.Option{cmpopts.SortSlices(func(a, b adapter.Row) bool { return a["id"].(int64) < b["id"].(int64) })}

// returningCases: statements with a RETURNING clause through Get, All and
// Run.
var returningCases = []spec.Case{
	{
		Name:   "ReturningGet",
		Doc:    "Get reads the RETURNING row of an INSERT, and the row is inserted",
		Setup:  resultTable,
		Action: get[int64]("INSERT INTO t(name) VALUES (?) RETURNING id", "c"),
		Want:   int64(3),
	},
	{
		Name:  "ReturningAllUpdate",
		Doc:   "All reads every RETURNING row of an UPDATE",
		Setup: resultTable,
		Query: "UPDATE t SET n = n + 10 RETURNING id, n",
		Want:  []adapter.Row{{"id": int64(1), "n": int64(10)}, {"id": int64(2), "n": int64(10)}},
		Cmp:   byID,
	},
	{
		Name:  "ReturningAllDelete",
		Doc:   "All reads the RETURNING rows of a DELETE, and the rows are gone",
		Setup: resultTable,
		Query: "DELETE FROM t RETURNING id, name",
		Want:  []adapter.Row{{"id": int64(1), "name": "a"}, {"id": int64(2), "name": "b"}},
		Cmp:   byID,
	},
	{
		Name:   "ReturningRunInsert",
		Doc:    "Run of INSERT ... RETURNING runs to completion: every row inserted, Changes and LastInsertRowID as without RETURNING",
		Setup:  resultTable,
		Action: runThen("INSERT INTO t(name) VALUES ('c'), ('d') RETURNING id", nil, "SELECT id, name FROM t WHERE id > 2 ORDER BY id"),
		Want: ranAndRead{
			Result: adapter.Result{Changes: 2, LastInsertRowID: 4},
			Rows:   []adapter.Row{{"id": int64(3), "name": "c"}, {"id": int64(4), "name": "d"}},
		},
	},
	{
		Name:   "ReturningRunDelete",
		Doc:    "Run of DELETE ... RETURNING deletes every row and reports Changes",
		Setup:  resultTable,
		Action: runThen("DELETE FROM t RETURNING id", nil, "SELECT count(*) AS n FROM t"),
		Want:   ranAndRead{Result: adapter.Result{Changes: 2}, Rows: []adapter.Row{{"n": int64(0)}}},
	},
	{
		Name:   "ReturningGetFirstOfMany",
		Doc:    "Get of an INSERT ... RETURNING several rows reads one row, and every row is still inserted",
		Setup:  resultTable,
		Action: getThenCount("INSERT INTO t(name) VALUES ('c'), ('d'), ('e') RETURNING name", "SELECT count(*) FROM t"),
		Want:   int64(5),
	},

	{
		Name:    "ReturningGetConstraintError",
		Doc:     "Get of an INSERT ... RETURNING that violates UNIQUE is ErrConstraintUnique, not ErrNoRows",
		Setup:   resultTable,
		Action:  get[int64]("INSERT INTO t(name) VALUES ('a') RETURNING id"),
		WantErr: sqlite.CONSTRAINT_UNIQUE,
	},
	{
		Name:    "ReturningAllConstraintError",
		Doc:     "All of an UPDATE ... RETURNING that violates UNIQUE is ErrConstraintUnique, not an empty slice",
		Setup:   resultTable,
		Query:   "UPDATE t SET name = 'a' WHERE id = 2 RETURNING id",
		WantErr: sqlite.CONSTRAINT_UNIQUE,
	},
	{
		Name:    "ReturningIterateConstraintError",
		Doc:     "Iterate of an INSERT ... RETURNING that violates NOT NULL yields ErrConstraintNotNull",
		Setup:   resultTable,
		Action:  iterate("INSERT INTO t(name, n) VALUES ('z', NULL) RETURNING id"),
		WantErr: sqlite.CONSTRAINT_NOTNULL,
	},
	{
		Name:    "ReturningRunConstraintError",
		Doc:     "Run of an INSERT ... RETURNING that violates UNIQUE is ErrConstraintUnique",
		Setup:   resultTable,
		Action:  run("INSERT INTO t(name) VALUES ('b') RETURNING id"),
		WantErr: sqlite.CONSTRAINT_UNIQUE,
	}}
