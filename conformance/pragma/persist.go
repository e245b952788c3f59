package pragma

import (
	"context"
	"errors"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// persistCases: values stored in the database header, and schema-qualified
// pragmas.
var persistCases = []spec.Case{
	{
		Name:   "UserVersionSurvivesReopen",
		Doc:    "user_version set with Pragma is read back, and again after closing and reopening the file",
		Action: func(ctx context.Context, e *spec.Env) (any, error) { return roundTrip(ctx, e, "user_version", "42") },
		Want:   []any{int64(42), int64(42)},
	},
	{
		Name:   "UserVersionNegative",
		Doc:    "user_version is a signed 32-bit integer: -5 round-trips through a reopen",
		Action: func(ctx context.Context, e *spec.Env) (any, error) { return roundTrip(ctx, e, "user_version", "-5") },
		Want:   []any{int64(-5), int64(-5)},
	},
	{
		Name: "ApplicationIDSurvivesReopen",
		Doc:  "application_id set with Pragma is read back, and again after closing and reopening the file",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return roundTrip(ctx, e, "application_id", "1234567890")
		},
		Want: []any{int64(1234567890), int64(1234567890)},
	},
	{
		Name:     "UserVersionIsTransactional",
		Doc:      "user_version set inside a transaction that rolls back is restored",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Pragma(ctx, "user_version = 1"); err != nil {
				return nil, err
			}
			var inside any
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if _, err := tx.Pragma(ctx, "user_version = 2"); err != nil {
					return err
				}
				var err error
				if inside, err = tx.PragmaValue(ctx, "user_version"); err != nil {
					return err
				}
				return errRollback
			})
			if err != errRollback { // unchanged, not merely wrapped
				return nil, spec.Failf("Transaction returned %v, want errRollback", err)
			}
			after, err := e.DB.PragmaValue(ctx, "user_version")
			return []any{inside, after}, err
		},
		Want: []any{int64(2), int64(1)},
	},
	{
		Name: "SchemaQualifiedMain",
		Doc:  "main.user_version sets and reads the main database's user_version",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Pragma(ctx, "main.user_version = 3"); err != nil {
				return nil, err
			}
			q, err := e.DB.PragmaValue(ctx, "main.user_version")
			if err != nil {
				return nil, err
			}
			u, err := e.DB.PragmaValue(ctx, "user_version")
			return []any{q, u}, err
		},
		Want: []any{int64(3), int64(3)},
	},
	{
		Name: "SchemaQualifiedTemp",
		Doc:  "temp.user_version reads the temporary database, not main",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Pragma(ctx, "user_version = 3"); err != nil {
				return nil, err
			}
			return e.DB.PragmaValue(ctx, "temp.user_version")
		},
		Want: int64(0),
	},
	{
		Name:    "SchemaQualifiedUnknownSchema",
		Doc:     "a pragma qualified with a schema that is not attached fails with SQLITE_ERROR (unknown database)",
		Action:  pragmaValue("nosuch.user_version"),
		WantErr: sqlite.ERROR,
	},
	{
		Name:   "SchemaQualifiedSettingOnEveryConnection",
		Doc:    "a per-connection setting written with a schema (main.cache_size = 123) reaches every pool connection",
		Action: pragmaReaches([]string{"main.cache_size = 123"}, "main.cache_size"),
		Want:   map[string]any{"main.cache_size": int64(123)},
	},
}

// errRollback makes a transaction roll back.
var errRollback = errors.New("roll back")

// roundTrip sets name = value, reads it back, closes the case's database,
// reopens the file with the same driver and reads it again.
func roundTrip(ctx context.Context, e *spec.Env, name, value string) (any, error) {
	if _, err := e.DB.Pragma(ctx, name+" = "+value); err != nil {
		return nil, err
	}
	before, err := e.DB.PragmaValue(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := e.DB.Close(); err != nil {
		return nil, err
	}
	db, err := e.Open(ctx, e.Path, adapter.Options{})
	if err != nil {
		return nil, err
	}
	after, err := db.PragmaValue(ctx, name)
	return []any{before, after}, err
}
