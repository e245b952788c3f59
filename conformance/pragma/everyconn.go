package pragma

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// everyConnCases: per-connection settings hold on every connection of the
// pool, from Options and from later changes through any method.
var everyConnCases = []spec.Case{
	{
		Name:     "DefaultsOnEveryConnection",
		Doc:      "the default settings hold on each of 8 pool connections held at once",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action:   onEveryConn("busy_timeout", "foreign_keys", "synchronous", "cache_size", "trusted_schema", "journal_mode"),
		Want: map[string]any{
			"busy_timeout": int64(5000), "foreign_keys": int64(1), "synchronous": int64(1),
			"cache_size": int64(-2000), "trusted_schema": int64(0), "journal_mode": "wal",
		},
	},
	{
		Name:     "DefaultsInEveryConcurrentTransaction",
		Doc:      "foreign_keys and busy_timeout read with tx.PragmaValue in 8 concurrent transactions are the defaults",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action:   inEveryTx("foreign_keys", "busy_timeout"),
		Want:     map[string]any{"foreign_keys": int64(1), "busy_timeout": int64(5000)},
	},
	{
		Name:     "OptionsOnEveryConnection",
		Doc:      "BusyTimeout, ForeignKeys, Synchronous, CacheSize and Pragmas hold on each of 8 pool connections held at once",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Options: adapter.Options{
			BusyTimeout: 1500 * time.Millisecond, NoForeignKeys: true, Synchronous: "extra",
			CacheSize: 100, Pragmas: []string{"temp_store = MEMORY"},
		},
		Action: onEveryConn("busy_timeout", "foreign_keys", "synchronous", "cache_size", "temp_store"),
		Want: map[string]any{
			"busy_timeout": int64(1500), "foreign_keys": int64(0), "synchronous": int64(3),
			"cache_size": int64(100), "temp_store": int64(2),
		},
	},
	{
		Name:     "OptionsInEveryConcurrentTransaction",
		Doc:      "NoForeignKeys and BusyTimeout from Options, read in 8 concurrent transactions",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Options:  adapter.Options{NoForeignKeys: true, BusyTimeout: 2500 * time.Millisecond},
		Action:   inEveryTx("foreign_keys", "busy_timeout"),
		Want:     map[string]any{"foreign_keys": int64(0), "busy_timeout": int64(2500)},
	},
	{
		Name:     "ForeignKeysEnforcedOnEveryConnection",
		Doc:      "an orphan insert fails with ErrConstraintForeignKey in each of 8 concurrent transactions",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    fkSchema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return orphansInTxs(ctx, e)
		},
		Want: fkErrs(conns),
	},
	{
		Name:     "ForeignKeysOffOptionOnEveryConnection",
		Doc:      "with NoForeignKeys an orphan insert succeeds in each of 8 concurrent transactions",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Options:  adapter.Options{NoForeignKeys: true},
		Setup:    fkSchema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return orphansInTxs(ctx, e)
		},
		Want: make([]string, conns),
	},
	{
		Name:     "ForeignKeysOffPragmaOnEveryConnection",
		Doc:      "after db.Pragma(\"foreign_keys = OFF\") an orphan insert succeeds in each of 8 concurrent transactions, on idle and new connections alike",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    fkSchema,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if err := warm(ctx, e.DB, conns); err != nil {
				return nil, err
			}
			if _, err := e.DB.Pragma(ctx, "foreign_keys = OFF"); err != nil {
				return nil, err
			}
			v, err := onConns(ctx, e.DB, conns+4, "foreign_keys")
			if err != nil {
				return nil, err
			}
			if v["foreign_keys"] != int64(0) {
				return nil, spec.Failf("foreign_keys = %v, want 0", v["foreign_keys"])
			}
			return orphansInTxs(ctx, e)
		},
		Want: make([]string, conns),
	},
	{
		Name:   "BusyTimeoutPragmaOnEveryConnection",
		Doc:    "after db.Pragma(\"busy_timeout = 1234\") every pool connection, idle or new, has busy_timeout 1234",
		Action: pragmaReaches([]string{"busy_timeout = 1234"}, "busy_timeout"),
		Want:   map[string]any{"busy_timeout": int64(1234)},
	},
	{
		Name:     "BusyTimeoutPragmaInEveryConcurrentTransaction",
		Doc:      "after db.Pragma(\"busy_timeout = 1234\"), 8 concurrent transactions all read 1234",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if err := warm(ctx, e.DB, conns); err != nil {
				return nil, err
			}
			if _, err := e.DB.Pragma(ctx, "busy_timeout = 1234"); err != nil {
				return nil, err
			}
			return pragmasInTxs(ctx, e.DB, conns, "busy_timeout")
		},
		Want: map[string]any{"busy_timeout": int64(1234)},
	},
	{
		Name: "PerConnectionPragmaViaRun",
		Doc:  "PRAGMA cache_size = 77 run with db.Run reaches every pool connection",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if err := warm(ctx, e.DB, conns); err != nil {
				return nil, err
			}
			if _, err := e.DB.Run(ctx, "PRAGMA cache_size = 77"); err != nil {
				return nil, err
			}
			return onConns(ctx, e.DB, conns+4, "cache_size")
		},
		Want: map[string]any{"cache_size": int64(77)},
	},
	{
		Name: "PerConnectionPragmaViaExecScript",
		Doc:  "PRAGMA busy_timeout in the middle of a db.Exec script reaches every pool connection, and the rest of the script runs",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if err := warm(ctx, e.DB, conns); err != nil {
				return nil, err
			}
			if err := e.DB.Exec(ctx, "CREATE TABLE x(a); PRAGMA busy_timeout = 2222; INSERT INTO x VALUES (1)"); err != nil {
				return nil, err
			}
			got, err := onConns(ctx, e.DB, conns+4, "busy_timeout")
			if err != nil {
				return nil, err
			}
			var n int64
			err = e.DB.Get(ctx, &n, "SELECT count(*) FROM x")
			return []any{got, n}, err
		},
		Want: []any{map[string]any{"busy_timeout": int64(2222)}, int64(1)},
	},
	{
		Name: "PerConnectionPragmaViaGet",
		Doc:  "db.Get of PRAGMA cache_size = 55 returns the new value and reaches every pool connection",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if err := warm(ctx, e.DB, conns); err != nil {
				return nil, err
			}
			var v int64
			if err := e.DB.Get(ctx, &v, "PRAGMA cache_size = 55"); err != nil {
				return nil, err
			}
			got, err := onConns(ctx, e.DB, conns+4, "cache_size")
			return []any{v, got}, err
		},
		Want: []any{int64(55), map[string]any{"cache_size": int64(55)}},
	},
	{
		Name: "LaterSettingOverridesOption",
		Doc:  "db.Pragma overrides the Options value on every connection, and the last of two changes wins",
		Options: adapter.Options{
			CacheSize: 300,
		},
		Action: pragmaReaches([]string{"cache_size = 400", "cache_size = 500"}, "cache_size"),
		Want:   map[string]any{"cache_size": int64(500)},
	},
}

// orphansInTxs inserts a child row without a parent in each of conns
// concurrent transactions and returns each one's error: "" for success or
// "ErrConstraintForeignKey" (anything else fails the case).
func orphansInTxs(ctx context.Context, e *spec.Env) (any, error) {
	errs, err := inTxs(ctx, e.DB, conns, func(i int, tx *adapter.Tx) error {
		_, err := tx.Run(ctx, "INSERT INTO child(id, pid) VALUES (?, ?)", i+1, 1000+i)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]string, conns)
	for i, err := range errs {
		switch {
		case err == nil:
		case errors.Is(err, sqlite.CONSTRAINT_FOREIGNKEY):
			out[i] = "ErrConstraintForeignKey"
		default:
			return nil, fmt.Errorf("transaction %d: %w", i, err)
		}
	}
	return out, nil
}

// fkErrs is the result of orphansInTxs when every insert is refused.
func fkErrs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "ErrConstraintForeignKey"
	}
	return out
}
