package api

import (
	"context"
	"database/sql"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// argCountCases: a wrong number or type of arguments is ErrArgument on
// every driver and through every method.
var argCountCases = []spec.Case{
	{
		Name:    "TooManyArgsRun",
		Doc:     "Run with more arguments than parameters is ErrArgument",
		Setup:   "CREATE TABLE t(x)",
		Action:  run("INSERT INTO t VALUES (?)", 1, 2),
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "TooFewArgsRun",
		Doc:     "Run with fewer arguments than parameters is ErrArgument (not a silent NULL)",
		Setup:   "CREATE TABLE t(x, y)",
		Action:  run("INSERT INTO t VALUES (?, ?)", 1),
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "ArgsWithoutParamsRun",
		Doc:     "Run with an argument for a statement without parameters is ErrArgument",
		Action:  run("SELECT 1", 1),
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "TooManyArgsGet",
		Doc:     "Get with more arguments than parameters is ErrArgument",
		Action:  get[int64]("SELECT ?", 1, 2),
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "TooFewArgsGet",
		Doc:     "Get with no argument for a parameter is ErrArgument",
		Action:  get[adapter.Row]("SELECT ? AS a, ? AS b", 1),
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "TooManyArgsAll",
		Doc:     "All with more arguments than parameters is ErrArgument",
		Query:   "SELECT ? AS a",
		Args:    []any{1, 2},
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "TooFewArgsAll",
		Doc:     "All with fewer arguments than parameters is ErrArgument",
		Query:   "SELECT ?1 AS a, ?2 AS b",
		Args:    []any{1},
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "TooManyArgsIterate",
		Doc:     "Iterate with more arguments than parameters yields ErrArgument",
		Action:  iterate("SELECT ? AS a", 1, 2),
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "TooFewArgsIterate",
		Doc:     "Iterate with fewer arguments than parameters yields ErrArgument",
		Action:  iterate("SELECT ? AS a, ? AS b", 1),
		WantErr: adapter.ErrArgument,
	},
	{
		Name:  "TooManyArgsStmt",
		Doc:   "a prepared Stmt run with more arguments than parameters is ErrArgument",
		Setup: "CREATE TABLE t(x)",
		Action: prepared("INSERT INTO t VALUES (?)", func(ctx context.Context, s *adapter.Stmt) (any, error) {
			return s.Run(ctx, 1, 2)
		}),
		WantErr: adapter.ErrArgument,
	},
	{
		Name: "TooFewArgsStmt",
		Doc:  "a prepared Stmt queried with fewer arguments than parameters is ErrArgument",
		Action: prepared("SELECT ? AS a, ? AS b", func(ctx context.Context, s *adapter.Stmt) (any, error) {
			var r adapter.Row
			err := s.Get(ctx, &r, 1)
			return r, err
		}),
		WantErr: adapter.ErrArgument,
	},
	{
		Name: "WrongArgsStmtAllIterate",
		Doc:  "a prepared Stmt's All and Iterate with a wrong argument count are ErrArgument too",
		Action: prepared("SELECT ? AS a", func(ctx context.Context, s *adapter.Stmt) (any, error) {
			var rows []adapter.Row
			if err := s.All(ctx, &rows); !isArgument(err) {
				return nil, spec.Failf("All without arguments: %v, want ErrArgument", err)
			}
			for _, err := range s.Iterate(ctx, 1, 2) {
				if !isArgument(err) {
					return nil, spec.Failf("Iterate with two arguments: %v, want ErrArgument", err)
				}
			}
			return "ErrArgument", nil
		}),
		Want: "ErrArgument",
	},
	{
		Name:    "MapMissingName",
		Doc:     "a map[string]any without a key for one of the named parameters is ErrArgument",
		Query:   "SELECT :a AS a, :b AS b",
		Args:    []any{map[string]any{"a": 1}},
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "NamedMissing",
		Doc:     "sql.Named arguments that leave a named parameter unbound are ErrArgument",
		Query:   "SELECT :a AS a, :b AS b",
		Args:    []any{sql.Named("a", 1)},
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "UnsupportedArgType",
		Doc:     "an argument of a type SQLite cannot store (a channel) is ErrArgument",
		Query:   "SELECT ? AS a",
		Args:    []any{make(chan int)},
		WantErr: adapter.ErrArgument,
	},
	{
		Name:    "UnsupportedArgTypeRun",
		Doc:     "Run with an argument of an unsupported type (map[string]int) is ErrArgument",
		Setup:   "CREATE TABLE t(x)",
		Action:  run("INSERT INTO t VALUES (?)", map[string]int{"a": 1}),
		WantErr: adapter.ErrArgument,
	},
}
