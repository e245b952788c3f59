package pragma

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// fkSchema has two tables with a foreign key between them.
const fkSchema = `
CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT UNIQUE);
CREATE TABLE child(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE CASCADE,
  pname TEXT REFERENCES parent(name) ON UPDATE SET NULL);
`

// valueCases: what Pragma and PragmaValue return.
var valueCases = []spec.Case{
	{
		Name:     "PragmaValueIsFirstColumnOfFirstRow",
		Doc:      "PragmaValue returns the first column of the first row; Pragma returns every row",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Options:  adapter.Options{NoForeignKeys: true},
		Setup:    fkSchema + "INSERT INTO child(id, pid) VALUES (1, 10), (2, 20);",
		Action:   valueAndRowCount("foreign_key_check"),
		Want:     []any{"child", 2},
	},
	{
		Name:   "PragmaValueNilWithoutRows",
		Doc:    "PragmaValue of a pragma that returns no row is nil, and Pragma returns no rows, without an error",
		Setup:  fkSchema,
		Action: valueAndRowCount("foreign_key_check"),
		Want:   []any{nil, 0},
	},
	{
		Name: "PragmaValueOfAssignmentIsNil",
		Doc:  "setting user_version returns nothing (nil from PragmaValue); reading it back gives the new value",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			set, err := e.DB.PragmaValue(ctx, "user_version = 7")
			if err != nil {
				return nil, err
			}
			get, err := e.DB.PragmaValue(ctx, "user_version")
			return []any{set, get}, err
		},
		Want: []any{nil, int64(7)},
	},
	{
		Name:     "PragmaSettingReturnsItsResult",
		Doc:      "a setting that answers with a row (journal_mode = DELETE) returns it from Pragma",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action:   pragmaRows("journal_mode = DELETE"),
		Want:     []adapter.Row{{"journal_mode": "delete"}},
	},
	{
		Name:  "PragmaThroughQueryMethods",
		Doc:   "a pragma read runs through the query methods (All) and returns its row",
		Setup: "PRAGMA user_version = 9;",
		Query: "PRAGMA user_version",
		Want:  []adapter.Row{{"user_version": int64(9)}},
	},
	{
		Name:  "TableValuedPragmaFunction",
		Doc:   "pragma table-valued functions work in SELECT",
		Setup: "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL);",
		Query: "SELECT name, type, \"notnull\" FROM pragma_table_info('t') ORDER BY cid",
		Want: []adapter.Row{
			{"name": "a", "type": "INTEGER", "notnull": int64(0)},
			{"name": "b", "type": "TEXT", "notnull": int64(1)},
		},
	},
	{
		Name: "PragmaNameCaseInsensitive",
		Doc:  "pragma names are accepted in any case, as SQLite does",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Pragma(ctx, "User_Version = 3"); err != nil {
				return nil, err
			}
			return e.DB.PragmaValue(ctx, "USER_VERSION")
		},
		Want: int64(3),
	},
	{
		Name:   "PragmaQuotedArgument",
		Doc:    "a pragma argument may be a quoted string",
		Setup:  "CREATE TABLE t(a INTEGER PRIMARY KEY);",
		Action: pragmaRows("table_info('t')"),
		Want:   []adapter.Row{{"cid": int64(0), "name": "a", "type": "INTEGER", "notnull": int64(0), "dflt_value": nil, "pk": int64(1)}},
	},
}

// valueAndRowCount returns an Action that returns what PragmaValue of text
// gives and how many rows Pragma of text gives.
func valueAndRowCount(text string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		v, err := e.DB.PragmaValue(ctx, text)
		if err != nil {
			return nil, err
		}
		rows, err := e.DB.Pragma(ctx, text)
		return []any{v, len(rows)}, err
	}
}
