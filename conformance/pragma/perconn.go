package pragma

import (
	"context"
	"errors"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// perConnCases: changes to per-connection state that would reach one pool
// connection only are refused.
var perConnCases = []spec.Case{
	{
		Name: "PrepareOfPerConnectionSettingRefused",
		Doc:  "Prepare of PRAGMA foreign_keys = OFF fails with ErrPerConnection and changes no connection",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			if _, err := e.DB.Prepare(ctx, "PRAGMA foreign_keys = OFF"); !errors.Is(err, adapter.ErrPerConnection) {
				return nil, spec.Failf("Prepare: %v, want ErrPerConnection", err)
			}
			return onConns(ctx, e.DB, conns, "foreign_keys")
		},
		Want: map[string]any{"foreign_keys": int64(1)},
	},
	{
		Name:     "PrepareOfPragmaReadAllowed",
		Doc:      "Prepare of a pragma read (PRAGMA busy_timeout) works and runs repeatedly",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			st, err := e.DB.Prepare(ctx, "PRAGMA busy_timeout")
			if err != nil {
				return nil, err
			}
			defer st.Close()
			var a, b int64
			if err := st.Get(ctx, &a); err != nil {
				return nil, err
			}
			err = st.Get(ctx, &b)
			return []int64{a, b}, err
		},
		Want: []int64{5000, 5000},
	},
	{
		Name:     "PerConnectionSettingInTxRefused",
		Doc:      "inside a transaction, a per-connection setting through Pragma, PragmaValue, Run, Get, Exec or Prepare fails with ErrPerConnection and no connection changes",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var wrong []string
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				var v any
				_, pragmaErr := tx.Pragma(ctx, "foreign_keys = OFF")
				_, valueErr := tx.PragmaValue(ctx, "cache_size = 10")
				_, runErr := tx.Run(ctx, "PRAGMA busy_timeout = 1")
				_, prepErr := tx.Prepare(ctx, "PRAGMA synchronous = OFF")
				for name, err := range map[string]error{
					"Pragma":      pragmaErr,
					"PragmaValue": valueErr,
					"Run":         runErr,
					"Get":         tx.Get(ctx, &v, "PRAGMA cache_size = 10"),
					"Exec":        tx.Exec(ctx, "PRAGMA foreign_keys = OFF"),
					"Prepare":     prepErr,
				} {
					if !errors.Is(err, adapter.ErrPerConnection) {
						wrong = append(wrong, name+": "+errString(err))
					}
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			if wrong != nil {
				return nil, spec.Failf("not refused with ErrPerConnection: %s", strings.Join(wrong, "; "))
			}
			return onConns(ctx, e.DB, conns, "foreign_keys", "busy_timeout", "cache_size", "synchronous")
		},
		Want: map[string]any{"foreign_keys": int64(1), "busy_timeout": int64(5000), "cache_size": int64(-2000), "synchronous": int64(1)},
	},
	{
		Name:     "PerConnectionSettingInSavepointRefused",
		Doc:      "inside a savepoint, db-style per-connection settings are refused with ErrPerConnection too",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			return nil, e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				return tx.Transaction(ctx, func(sp *adapter.Tx) error {
					_, err := sp.Pragma(ctx, "recursive_triggers = ON")
					return err
				})
			})
		},
		WantErr: adapter.ErrPerConnection,
	},
	{
		Name:     "DeferForeignKeysAllowedInTx",
		Doc:      "defer_foreign_keys is per transaction, so setting it inside a transaction is allowed and reads back 1",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var v any
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				if _, err := tx.Pragma(ctx, "defer_foreign_keys = ON"); err != nil {
					return err
				}
				var err error
				v, err = tx.PragmaValue(ctx, "defer_foreign_keys")
				return err
			})
			return v, err
		},
		Want: int64(1),
	},
	{
		Name:     "PragmaReadsInTxAllowed",
		Doc:      "reading per-connection settings inside a transaction is allowed",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var got []any
			err := e.DB.Transaction(ctx, func(tx *adapter.Tx) error {
				for _, p := range []string{"foreign_keys", "busy_timeout", "journal_mode"} {
					v, err := tx.PragmaValue(ctx, p)
					if err != nil {
						return err
					}
					got = append(got, v)
				}
				return nil
			})
			return got, err
		},
		Want: []any{int64(1), int64(5000), "wal"},
	},
	{
		Name:     "DatabasePragmaInTxAllowed",
		Doc:      "database-wide pragmas (user_version, table_info, integrity_check) work inside a transaction",
		Requires: []adapter.Feature{adapter.FeatureTransactions},
		Setup:    "CREATE TABLE t(a INTEGER PRIMARY KEY);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var got []any
			err := e.DB.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
				if _, err := tx.Pragma(ctx, "user_version = 4"); err != nil {
					return err
				}
				for _, p := range []string{"user_version", "table_info(t)", "integrity_check"} {
					v, err := tx.PragmaValue(ctx, p)
					if err != nil {
						return err
					}
					got = append(got, v)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			uv, err := e.DB.PragmaValue(ctx, "user_version")
			return append(got, uv), err
		},
		Want: []any{int64(4), int64(0), "ok", int64(4)},
	},
}
