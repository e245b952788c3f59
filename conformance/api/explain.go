package api

import (
	"context"
	"fmt"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// explainCases: an EXPLAIN statement run again after the schema changed.
var explainCases = []spec.Case{
	{
		Name: "ExplainAfterSchemaChange",
		Doc: "EXPLAIN of an INSERT, run again after its table was dropped and created again, lists the new " +
			"table's program (the Insert opcode names table t) through DB.All, a Stmt prepared before the changes, " +
			"and DB.SQL(): SQLite does not check the schema when it runs an EXPLAIN, so a statement compiled " +
			"before the change would read freed memory",
		Action: explainAfterSchemaChange,
		Want: map[string]string{
			"DB.All": "t", "Stmt.All": "t", "DB.SQL().Query": "t",
		},
	},
}

// explainInsert is the statement explainAfterSchemaChange runs.
const explainInsert = "EXPLAIN INSERT INTO t(u) VALUES ('e')"

// explainAfterSchemaChange drops and creates table t again and again and
// after each change runs explainInsert on each path, reporting per path
// the table name the Insert opcode's P4 shows, or the first other answer.
func explainAfterSchemaChange(ctx context.Context, e *spec.Env) (any, error) {
	if err := e.DB.Exec(ctx, "CREATE TABLE t(id INTEGER PRIMARY KEY, u UNIQUE, v)"); err != nil {
		return nil, err
	}
	stmt, err := e.DB.Prepare(ctx, explainInsert)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	paths := map[string]func() ([]adapter.Row, error){
		"DB.All": func() ([]adapter.Row, error) {
			var rows []adapter.Row
			return rows, e.DB.All(ctx, &rows, explainInsert)
		},
		"Stmt.All": func() ([]adapter.Row, error) {
			var rows []adapter.Row
			return rows, stmt.All(ctx, &rows)
		},
		"DB.SQL().Query": func() ([]adapter.Row, error) { return sqlRows(ctx, e.DB, explainInsert) },
	}
	got := map[string]string{}
	for i := range 20 {
		// A different shape each time, so that the new table's schema
		// objects are allocated anew.
		script := fmt.Sprintf("DROP TABLE t; CREATE TABLE t(id INTEGER PRIMARY KEY, u UNIQUE, v, w%d)", i)
		if err := e.DB.Exec(ctx, script); err != nil {
			return nil, err
		}
		for name, run := range paths {
			rows, err := run()
			answer := insertTable(rows, err)
			if prev, ok := got[name]; !ok || prev == "t" {
				got[name] = answer
			}
		}
	}
	return got, nil
}

// insertTable returns the P4 of the Insert opcode in an EXPLAIN listing,
// or describes why there is none.
func insertTable(rows []adapter.Row, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	for _, r := range rows {
		if r["opcode"] == "Insert" {
			return fmt.Sprintf("%v", r["p4"])
		}
	}
	return "no Insert opcode"
}

// sqlRows runs query through db.SQL() and returns its rows as Rows.
func sqlRows(ctx context.Context, db *adapter.DB, query string) ([]adapter.Row, error) {
	rows, err := db.SQL().QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []adapter.Row
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := adapter.Row{}
		for i, c := range cols {
			row[c] = vals[i]
		}
		out = append(out, row)
	}
	return out, rows.Err()
}
