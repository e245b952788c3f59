package badinput

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// pragmaCases: pragma names must be documented and values single
// literals, so nothing can be injected through a pragma's name, value or
// schema, on any path that runs one.
var pragmaCases = []spec.Case{
	{
		Name:  "UnknownPragma",
		Doc:   "an unknown, misspelt, deprecated or debug-only pragma is ErrPragma through Pragma, PragmaValue, Run, Get, Exec and Prepare",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"Pragma":         pragma("nope"),
			"Pragma setting": pragma("nope = 1"),
			"PragmaValue": func(ctx context.Context, e *spec.Env) error {
				_, err := e.DB.PragmaValue(ctx, "user_versio")
				return err
			},
			"deprecated": pragma("count_changes = ON"),
			"debug":      pragma("parser_trace = ON"),
			"Run":        runs("PRAGMA nope"),
			"Get":        gets("PRAGMA empty_result_callbacks"),
			"Exec":       execs("DELETE FROM keep; PRAGMA nope = 1"),
			"Prepare":    prepares("PRAGMA nope(keep)"),
		}),
		Want: map[string]string{"Pragma": "ErrPragma", "Pragma setting": "ErrPragma", "PragmaValue": "ErrPragma",
			"deprecated": "ErrPragma", "debug": "ErrPragma", "Run": "ErrPragma", "Get": "ErrPragma", "Exec": "ErrPragma",
			"Prepare": "ErrPragma"},
	},
	{
		Name:   "PragmaInjectionThroughName",
		Doc:    "SQL appended to a pragma name is refused, by Pragma with ErrPragma and by Run with ErrMultipleStatements, and runs nowhere",
		Setup:  keep,
		Action: kinds(pragmaNameInjections),
		Want: map[string]string{"semicolon": "ErrPragma", "newline": "ErrPragma", "call then statement": "ErrPragma",
			"comment": "ErrPragma", "PRAGMA keyword twice": "ErrPragma", "Run": "ErrMultipleStatements",
			"Exec": "ErrPragma", "PragmaValue": "ErrPragma"},
	},
	{
		Name:  "PragmaInjectionThroughValue",
		Doc:   "a pragma value is one literal: a statement, expression or sub-select after = or inside () is ErrPragma; a quoted string stays a string",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"statement":        pragma("user_version = 1; DROP TABLE keep"),
			"expression":       pragma("user_version = 1 OR 1"),
			"sub-select":       pragma("user_version = (SELECT count(*) FROM keep)"),
			"call statement":   pragma("table_info(keep); DELETE FROM keep"),
			"two values":       pragma("table_info(keep, keep)"),
			"nested call":      pragma("table_info((SELECT name FROM sqlite_schema))"),
			"comment hiding":   pragma("foreign_keys = ON /* */ ; DROP TABLE keep"),
			"setting in Run":   runs("PRAGMA foreign_keys = ON; DROP TABLE keep"),
			"string literal":   pragma("table_info('keep''); DELETE FROM keep; --')"),
			"trailing comment": pragma("foreign_keys = ON -- ; DROP TABLE keep"),
			"unclosed string":  pragma("table_info('keep)"),
			"parameter":        pragma("user_version = ?"),
		}),
		Want: map[string]string{"statement": "ErrPragma", "expression": "ErrPragma", "sub-select": "ErrPragma",
			"call statement": "ErrPragma", "two values": "ErrPragma", "nested call": "ErrPragma", "comment hiding": "ErrPragma",
			"setting in Run": "ErrMultipleStatements", "string literal": "nil", "trailing comment": "nil",
			"unclosed string": "ErrPragma", "parameter": "ErrPragma"},
	},
	{
		Name:  "PragmaInjectionThroughSchema",
		Doc:   "a schema name is one identifier: SQL around it is ErrPragma, and a quoted schema that smuggles SQL is just an unknown database",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"statement after":  pragma("main.user_version = 1; DROP TABLE keep"),
			"statement before": pragma("main; DROP TABLE keep; SELECT 1 FROM keep.user_version"),
			"quoted":           pragma(`"main; DROP TABLE keep; --".user_version`),
			"bracketed":        pragma("[main] ; DROP TABLE keep.user_version"),
			"quoted in Run":    runs(`PRAGMA "x'; DROP TABLE keep; --".user_version`),
			"expression":       pragma("(SELECT 'main').user_version"),
			"unclosed quote":   pragma(`"main.user_version`),
			"valid quoted":     pragma(`"main".user_version`),
		}),
		Want: map[string]string{"statement after": "ErrPragma", "statement before": "ErrPragma",
			"quoted": "SQLITE_ERROR", "bracketed": "ErrPragma", "quoted in Run": "SQLITE_ERROR",
			"expression": "ErrPragma", "unclosed quote": "ErrPragma", "valid quoted": "nil"},
	},
	{
		Name:    "InvalidPragmaValues",
		Doc:     "a setting to a value SQLite does not know is ErrPragma or leaves the setting as it was: never a different setting, never another error",
		Options: adapter.Options{BusyTimeout: 100 * time.Millisecond},
		Setup:   keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for _, name := range []string{"journal_mode", "synchronous", "foreign_keys", "locking_mode", "temp_store"} {
				before, err := e.DB.PragmaValue(ctx, name)
				if err != nil {
					return nil, err
				}
				_, err = e.DB.Pragma(ctx, name+" = NOPE")
				after, aerr := e.DB.PragmaValue(ctx, name)
				if aerr != nil {
					return nil, aerr
				}
				switch {
				case errors.Is(err, adapter.ErrPragma):
					out[name] = "ErrPragma or unchanged"
				case err != nil:
					out[name] = kind(err)
				case before == after:
					out[name] = "ErrPragma or unchanged"
				default:
					out[name] = fmt.Sprintf("changed from %v to %v", before, after)
				}
			}
			return out, intact(ctx, e, nil)
		},
		Want: map[string]string{"journal_mode": "ErrPragma or unchanged", "synchronous": "ErrPragma or unchanged",
			"foreign_keys": "ErrPragma or unchanged", "locking_mode": "ErrPragma or unchanged", "temp_store": "ErrPragma or unchanged"},
	},
	{
		Name:     "JournalModeSQLiteIgnores",
		Doc:      "journal_mode = WAL, NOPE or MEMORY on an in-memory database (SQLite keeps memory) is ErrPragma or a no-op, not a lock error, and the database keeps its tables",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for _, value := range []string{"WAL", "NOPE", "MEMORY"} {
				mem, err := e.Open(ctx, ":memory:", adapter.Options{BusyTimeout: 100 * time.Millisecond})
				if err != nil {
					return nil, err
				}
				if err := mem.Exec(ctx, keep); err != nil {
					return nil, err
				}
				_, err = mem.Pragma(ctx, "journal_mode = "+value)
				mode, merr := mem.PragmaValue(ctx, "journal_mode")
				if merr != nil {
					return nil, merr
				}
				switch {
				case err == nil && mode == "memory", errors.Is(err, adapter.ErrPragma):
					out[value] = "ErrPragma or unchanged"
				default:
					out[value] = fmt.Sprintf("%s (%v), journal_mode %v", kind(err), err, mode)
				}
				if got, err := keepContent(ctx, mem); err != nil || !slices.Equal(got, keepRows) {
					out[value] += fmt.Sprintf("; data lost: keep holds %q (%v)", got, err)
				}
			}
			return out, nil
		},
		Want: map[string]string{"WAL": "ErrPragma or unchanged", "NOPE": "ErrPragma or unchanged", "MEMORY": "ErrPragma or unchanged"},
	},
	{
		Name:     "PerConnectionPragmaInTransaction",
		Doc:      "a per-connection setting inside a transaction, or prepared, is ErrPerConnection (it would change one pool connection only)",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"tx.Pragma": func(ctx context.Context, e *spec.Env) error {
				return e.DB.Transaction(ctx, func(tx *adapter.Tx) error { _, err := tx.Pragma(ctx, "foreign_keys = OFF"); return err })
			},
			"tx.Run": func(ctx context.Context, e *spec.Env) error {
				return e.DB.Transaction(ctx, func(tx *adapter.Tx) error { _, err := tx.Run(ctx, "PRAGMA busy_timeout = 1"); return err })
			},
			"tx.Exec": func(ctx context.Context, e *spec.Env) error {
				return e.DB.Transaction(ctx, func(tx *adapter.Tx) error { return tx.Exec(ctx, "PRAGMA query_only = ON") })
			},
			"Prepare": prepares("PRAGMA foreign_keys = OFF"),
		}),
		Want: map[string]string{"tx.Pragma": "ErrPerConnection", "tx.Run": "ErrPerConnection", "tx.Exec": "ErrPerConnection",
			"Prepare": "ErrPerConnection"},
	},
}

// pragmaNameInjections append SQL to a pragma's name.
var pragmaNameInjections = map[string]func(context.Context, *spec.Env) error{
	"semicolon":            pragma("user_version; DROP TABLE keep"),
	"newline":              pragma("user_version\nDROP TABLE keep"),
	"call then statement":  pragma("table_info(keep) DELETE FROM keep"),
	"comment":              pragma("user_version /*x*/ DROP TABLE keep"),
	"PRAGMA keyword twice": pragma("PRAGMA PRAGMA user_version"),
	"Run":                  runs("PRAGMA user_version; DROP TABLE keep"),
	"Exec":                 execs("PRAGMA user_version DROP TABLE keep"),
	"PragmaValue": func(ctx context.Context, e *spec.Env) error {
		_, err := e.DB.PragmaValue(ctx, "user_version UNION SELECT v FROM keep")
		return err
	},
}

// pragma returns an attempt that runs text through DB.Pragma.
func pragma(text string) func(context.Context, *spec.Env) error {
	return func(ctx context.Context, e *spec.Env) error {
		_, err := e.DB.Pragma(ctx, text)
		return err
	}
}
