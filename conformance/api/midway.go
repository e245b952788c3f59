package api

import (
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/anysqlite/anysqlite/sqlite"
)

// midwayCases: an error SQLite reports at a later row, after rows were
// produced, reaches the caller of All, Run and Exec (Iterate's own case is
// IterateErrorMidway).
var midwayCases = []spec.Case{
	{
		Name:    "AllErrorMidway",
		Doc:     "All of a query that fails at its third row returns the error (ErrError), not the rows before it",
		Setup:   "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3), (4)",
		Query:   "SELECT CASE WHEN x = 3 THEN abs(x * 0 - 9223372036854775807 - 1) ELSE x END AS v FROM t ORDER BY rowid",
		WantErr: sqlite.ERROR,
	},
	{
		Name:    "RunQueryErrorMidway",
		Doc:     "Run of a SELECT that fails at its third row runs it to the end and returns the error (ErrError)",
		Setup:   "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3), (4)",
		Action:  run("SELECT CASE WHEN x = 3 THEN abs(x * 0 - 9223372036854775807 - 1) ELSE x END AS v FROM t ORDER BY rowid"),
		WantErr: sqlite.ERROR,
	},
	{
		Name:    "ExecQueryErrorMidway",
		Doc:     "Exec of a script whose SELECT fails at its third row returns the error (ErrError) and stops there",
		Setup:   "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3), (4)",
		Action:  execThenCount("INSERT INTO t VALUES (5); SELECT CASE WHEN x = 3 THEN abs(x * 0 - 9223372036854775807 - 1) ELSE x END FROM t ORDER BY rowid; INSERT INTO t VALUES (6)"),
		WantErr: sqlite.ERROR,
	},
}
