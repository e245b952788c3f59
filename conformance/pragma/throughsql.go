package pragma

import (
	"context"
	"errors"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// throughSQLCases: DB.SQL's connections keep the pool's settings.
var throughSQLCases = []spec.Case{
	{
		Name: "PerConnectionSettingThroughSQLRefused",
		Doc: "a per-connection setting sent through DB.SQL (Exec, Query, a Conn's Exec, Prepare) fails with " +
			"ErrPerConnection, as on the adapter's own paths, and every pool connection keeps the pool's value; reading it works",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			db := e.DB.SQL()
			got := map[string]string{}
			record := func(name string, err error) {
				switch {
				case errors.Is(err, adapter.ErrPerConnection):
					got[name] = "ErrPerConnection"
				case err == nil:
					got[name] = "accepted"
				default:
					got[name] = err.Error()
				}
			}
			_, err := db.ExecContext(ctx, "PRAGMA foreign_keys = OFF")
			record("Exec", err)
			rows, err := db.QueryContext(ctx, "PRAGMA cache_size = 10")
			if err == nil {
				rows.Close()
			}
			record("Query", err)
			if c, err := db.Conn(ctx); err == nil {
				_, err = c.ExecContext(ctx, "PRAGMA busy_timeout = 1")
				c.Close()
				record("Conn.Exec", err)
			}
			st, err := db.PrepareContext(ctx, "PRAGMA foreign_keys = 0")
			if err == nil {
				st.Close()
			}
			record("Prepare", err)
			var fk int64
			record("read", db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk))
			if _, err := onConns(ctx, e.DB, 3, "foreign_keys", "cache_size", "busy_timeout"); err != nil {
				return nil, err
			}
			return got, nil
		},
		Want: map[string]string{"Exec": "ErrPerConnection", "Query": "ErrPerConnection", "Conn.Exec": "ErrPerConnection",
			"Prepare": "ErrPerConnection", "read": "accepted"},
	},
}
