package raw_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/raw"
	_ "github.com/anysqlite/anysqlite/drivers/all"
)

// adapterChecks verify, through adapter.Open, the claim each probe's
// Adapter line makes. A probe without a check here makes a claim about
// the API's shape rather than a behaviour.
var adapterChecks = map[string]func(ctx context.Context, db *adapter.DB) error{
	"DSNPragmaEveryConnection": func(ctx context.Context, db *adapter.DB) error {
		return everyConn(ctx, db, "busy_timeout", "5000")
	},
	"ExecPragmaOneConnection": func(ctx context.Context, db *adapter.DB) error {
		if err := db.Exec(ctx, "PRAGMA busy_timeout = 3210"); err != nil {
			return err
		}
		return everyConn(ctx, db, "busy_timeout", "3210")
	},
	"DefaultBusyTimeout":         pragmaIs("busy_timeout", int64(5000)),
	"BusyTimeoutWithOtherPragma": pragmaIs("busy_timeout", int64(5000)),
	"DefaultForeignKeys":         pragmaIs("foreign_keys", int64(1)),
	"DefaultJournalMode":         pragmaIs("journal_mode", "wal"),
	"DefaultSynchronous":         pragmaIs("synchronous", int64(1)),
	"DoubleQuotedStringLiteral": func(ctx context.Context, db *adapter.DB) error {
		var v any
		if err := db.Get(ctx, &v, `SELECT "no_such_column"`); err == nil {
			return fmt.Errorf("accepted: %v", v)
		}
		return nil
	},
	"EmptyBlob": func(ctx context.Context, db *adapter.DB) error {
		var v any
		if err := db.Get(ctx, &v, "SELECT ?", []byte{}); err != nil {
			return err
		}
		if b, ok := v.([]byte); !ok || b == nil || len(b) != 0 {
			return fmt.Errorf("got %#v", v)
		}
		return nil
	},
	"DatetimeColumnIntoAny": declared("DATETIME", "'2024-01-02 03:04:05'", "2024-01-02 03:04:05"),
	"DatetimeColumnUnparseable": func(ctx context.Context, db *adapter.DB) error {
		if err := declared("DATETIME", "'not a time'", "not a time")(ctx, db); err != nil {
			return err
		}
		var t time.Time
		if err := db.Get(ctx, &t, "SELECT c FROM t"); err == nil {
			return fmt.Errorf("scanned into time.Time: %v", t)
		}
		return nil
	},
	"BooleanColumnIntoAny": declared("BOOLEAN", "1", int64(1)),
	"TextIntoTime": func(ctx context.Context, db *adapter.DB) error {
		var t time.Time
		if err := db.Get(ctx, &t, "SELECT '2024-01-02 03:04:05'"); err != nil {
			return err
		}
		if !t.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
			return fmt.Errorf("got %v", t)
		}
		return nil
	},
	"TimeBound": func(ctx context.Context, db *adapter.DB) error {
		for _, c := range []struct {
			t    time.Time
			want string
		}{
			{time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC), "2024-01-02 03:04:05.000000006Z"},
			{time.Date(2024, 1, 2, 3, 4, 5, 6, time.FixedZone("", 3600)), "2024-01-02 03:04:05.000000006+01:00"},
		} {
			var s string
			if err := db.Get(ctx, &s, "SELECT ?", c.t); err != nil {
				return err
			}
			if s != c.want {
				return fmt.Errorf("stored %q, want %q", s, c.want)
			}
		}
		return nil
	},
	"BoolBound": func(ctx context.Context, db *adapter.DB) error {
		var v any
		if err := db.Get(ctx, &v, "SELECT ?", true); err != nil {
			return err
		}
		if v != int64(1) {
			return fmt.Errorf("got %#v", v)
		}
		return nil
	},
	"Uint64AboveMaxInt64": wantErr(adapter.ErrArgument, "SELECT ?", uint64(1)<<63),
	"NaNAndInfBound": func(ctx context.Context, db *adapter.DB) error {
		if err := wantErr(adapter.ErrArgument, "SELECT ?", math.NaN())(ctx, db); err != nil {
			return err
		}
		var f float64
		if err := db.Get(ctx, &f, "SELECT ?", math.Inf(1)); err != nil || !math.IsInf(f, 1) {
			return fmt.Errorf("+Inf: %v, %v", f, err)
		}
		return nil
	},
	"NamedParameterPrefixes": func(ctx context.Context, db *adapter.DB) error {
		for _, p := range []string{":", "@", "$"} {
			for _, arg := range []any{sql.Named("a", 7), map[string]any{"a": 7}} {
				var v any
				if err := db.Get(ctx, &v, "SELECT "+p+"a", arg); err != nil || v != int64(7) {
					return fmt.Errorf("%sa with %T: %#v, %v", p, arg, v, err)
				}
			}
		}
		return nil
	},
	"MultiStatementQuery": wantErr(adapter.ErrMultipleStatements, "SELECT 1; SELECT 2"),
	"PrepareTwoStatements": func(ctx context.Context, db *adapter.DB) error {
		if _, err := db.Prepare(ctx, "SELECT 1; SELECT 2"); !errors.Is(err, adapter.ErrMultipleStatements) {
			return fmt.Errorf("got %v", err)
		}
		return nil
	},
	"ExecScript": func(ctx context.Context, db *adapter.DB) error {
		if err := db.Exec(ctx, "CREATE TABLE a(x); INSERT INTO a VALUES (1); INSERT INTO a VALUES (2)"); err != nil {
			return err
		}
		var n int
		if err := db.Get(ctx, &n, "SELECT count(*) FROM a"); err != nil || n != 2 {
			return fmt.Errorf("%d rows, %v", n, err)
		}
		return nil
	},
	"ExtraArguments":  wantErr(adapter.ErrArgument, "SELECT ?", 1, 2),
	"TooFewArguments": wantErr(adapter.ErrArgument, "SELECT ?, ?", 1),
	"EmptyStatement": func(ctx context.Context, db *adapter.DB) error {
		if err := wantErr(adapter.ErrNoStatement, "-- only a comment")(ctx, db); err != nil {
			return err
		}
		return db.Exec(ctx, "-- only a comment")
	},
	"LastInsertIdAfterNoopUpdate": func(ctx context.Context, db *adapter.DB) error {
		if err := db.Exec(ctx, "CREATE TABLE t(id INTEGER PRIMARY KEY, x); INSERT INTO t VALUES (42, 1)"); err != nil {
			return err
		}
		res, err := db.Run(ctx, "UPDATE t SET x = 2 WHERE id = 0")
		if err != nil || res != (adapter.Result{}) {
			return fmt.Errorf("%+v, %v", res, err)
		}
		return nil
	},
	"RowsAffectedAfterDDL": func(ctx context.Context, db *adapter.DB) error {
		if err := db.Exec(ctx, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)"); err != nil {
			return err
		}
		res, err := db.Run(ctx, "CREATE TABLE u(y)")
		if err != nil || res != (adapter.Result{}) {
			return fmt.Errorf("%+v, %v", res, err)
		}
		return nil
	},
	"UniqueViolationError": func(ctx context.Context, db *adapter.DB) error {
		if err := db.Exec(ctx, "CREATE TABLE t(x UNIQUE); INSERT INTO t VALUES (1)"); err != nil {
			return err
		}
		_, err := db.Run(ctx, "INSERT INTO t VALUES (1)")
		var e *adapter.Error
		if !errors.As(err, &e) || !errors.Is(err, sqlite.CONSTRAINT_UNIQUE) {
			return fmt.Errorf("got %T %v", err, err)
		}
		return nil
	},
	"ContextDeadlineLockWait": func(ctx context.Context, db *adapter.DB) error {
		held := make(chan struct{})
		release := make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- db.ImmediateTransaction(ctx, func(*adapter.Tx) error {
				close(held)
				<-release
				return nil
			})
		}()
		<-held
		wctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := db.ImmediateTransaction(wctx, func(*adapter.Tx) error { return nil })
		elapsed := time.Since(start)
		close(release)
		if err := <-done; err != nil {
			return err
		}
		if !errors.Is(err, context.DeadlineExceeded) || elapsed >= 1500*time.Millisecond {
			return fmt.Errorf("after %v: %v", elapsed, err)
		}
		return nil
	},
	"ContextDeadlineLongQuery": func(ctx context.Context, db *adapter.DB) error {
		qctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		var n int64
		err := db.Get(qctx, &n, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000)
			SELECT count(*) FROM c`)
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("got %v", err)
		}
		return nil
	},
	"ReadOnlyTx": func(ctx context.Context, db *adapter.DB) error {
		if err := db.Exec(ctx, "CREATE TABLE t(x)"); err != nil {
			return err
		}
		tx, err := db.SQL().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO t VALUES (1)")
		tx.Rollback()
		if err == nil {
			return errors.New("write in a read-only transaction succeeded")
		}
		_, err = db.Run(ctx, "INSERT INTO t VALUES (2)")
		return err
	},
	"TxIsolationLevels": func(ctx context.Context, db *adapter.DB) error {
		for level, ok := range map[sql.IsolationLevel]bool{
			sql.LevelDefault: true, sql.LevelSerializable: true, sql.LevelLinearizable: true,
			sql.LevelReadCommitted: false, sql.LevelSnapshot: false,
		} {
			tx, err := db.SQL().BeginTx(ctx, &sql.TxOptions{Isolation: level})
			if (err == nil) != ok {
				return fmt.Errorf("%v: %v", level, err)
			}
			if err == nil {
				tx.Rollback()
			}
		}
		return nil
	},
	"ExecScriptWithArgs": func(ctx context.Context, db *adapter.DB) error {
		if err := db.Exec(ctx, "CREATE TABLE t(x)"); err != nil {
			return err
		}
		if _, err := db.Run(ctx, "INSERT INTO t VALUES (?); INSERT INTO t VALUES (?)", 1, 2); !errors.Is(err, adapter.ErrMultipleStatements) {
			return fmt.Errorf("got %v", err)
		}
		return nil
	},
	"SQLiteVersion": func(ctx context.Context, db *adapter.DB) error {
		var v string
		if err := db.Get(ctx, &v, "SELECT sqlite_version()"); err != nil {
			return err
		}
		if v != db.Driver().SQLiteVersion {
			return fmt.Errorf("sqlite_version() %s, DB.Driver().SQLiteVersion %s", v, db.Driver().SQLiteVersion)
		}
		return nil
	},
	"DatetimeColumnNumber": func(ctx context.Context, db *adapter.DB) error {
		if err := declared("DATETIME", "2460000", int64(2460000))(ctx, db); err != nil {
			return err
		}
		var t time.Time
		if err := db.Get(ctx, &t, "SELECT c FROM t"); err != nil || !t.Equal(time.Unix(2460000, 0)) {
			return fmt.Errorf("into *time.Time: %v, %v", t, err)
		}
		return nil
	},
	"TimeRoundTrip": func(ctx context.Context, db *adapter.DB) error {
		if err := db.Exec(ctx, "CREATE TABLE t(c DATETIME)"); err != nil {
			return err
		}
		for _, want := range []time.Time{
			time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC),
			time.Date(2024, 1, 2, 3, 4, 5, 6, time.FixedZone("", 3600)),
		} {
			if err := db.Exec(ctx, "DELETE FROM t"); err != nil {
				return err
			}
			if _, err := db.Run(ctx, "INSERT INTO t VALUES (?)", want); err != nil {
				return err
			}
			var v any
			if err := db.Get(ctx, &v, "SELECT c FROM t"); err != nil {
				return err
			}
			if _, ok := v.(string); !ok {
				return fmt.Errorf("%v read into any as %T", want, v)
			}
			var got time.Time
			if err := db.Get(ctx, &got, "SELECT c FROM t"); err != nil {
				return err
			}
			_, off := want.Zone()
			if _, gotOff := got.Zone(); !got.Equal(want) || gotOff != off {
				return fmt.Errorf("stored %v, read back %v", want, got)
			}
		}
		return nil
	},
	"NilBlobBound": func(ctx context.Context, db *adapter.DB) error {
		for arg, want := range map[string]string{"nil": "null", "empty": "blob"} {
			b := []byte(nil)
			if arg == "empty" {
				b = []byte{}
			}
			var typ string
			if err := db.Get(ctx, &typ, "SELECT typeof(?)", b); err != nil || typ != want {
				return fmt.Errorf("%s []byte stored as %q (%v), want %q", arg, typ, err, want)
			}
		}
		return nil
	},
	"QueryInsertThenSelect": func(ctx context.Context, db *adapter.DB) error {
		if err := db.Exec(ctx, "CREATE TABLE t(x)"); err != nil {
			return err
		}
		if err := wantErr(adapter.ErrMultipleStatements, "INSERT INTO t VALUES (7); SELECT 5")(ctx, db); err != nil {
			return err
		}
		if _, err := db.Run(ctx, "INSERT INTO t VALUES (7); SELECT 5"); !errors.Is(err, adapter.ErrMultipleStatements) {
			return fmt.Errorf("Run: got %v", err)
		}
		return rowCount(ctx, db, 0)
	},
	"QueryInsertClosedUnread": func(ctx context.Context, db *adapter.DB) error {
		if err := db.Exec(ctx, "CREATE TABLE t(x)"); err != nil {
			return err
		}
		rows, err := db.SQL().QueryContext(ctx, "INSERT INTO t VALUES (1)")
		if err != nil {
			return err
		}
		if err := rows.Close(); err != nil {
			return err
		}
		return rowCount(ctx, db, 1)
	},
	"NamedArgumentWrongName":           wantErr(adapter.ErrArgument, "SELECT :a", sql.Named("b", 1)),
	"PositionalArgumentNamedParameter": getsOne("SELECT :a", 1),
	"NamedArgumentPositionalParameter": wantErr(adapter.ErrArgument, "SELECT ?", sql.Named("a", 1)),
	"DSNPragmaParameter":               nil, // checked on a path holding "?_pragma=" below (PlainPathWithParams)
	"MemoryDatabasePool":               nil, // checked on a ":memory:" database below
	"PlainPathWithParams":              nil, // checked on a path holding "?" below
}

// getsOne checks that query with args reads 1.
func getsOne(query string, args ...any) func(context.Context, *adapter.DB) error {
	return func(ctx context.Context, db *adapter.DB) error {
		var v any
		if err := db.Get(ctx, &v, query, args...); err != nil {
			return err
		}
		if v != int64(1) {
			return fmt.Errorf("%s: read %#v, want 1", query, v)
		}
		return nil
	}
}

// rowCount checks the number of rows in t.
func rowCount(ctx context.Context, db *adapter.DB, want int) error {
	var n int
	if err := db.Get(ctx, &n, "SELECT count(*) FROM t"); err != nil {
		return err
	}
	if n != want {
		return fmt.Errorf("%d rows in t, want %d", n, want)
	}
	return nil
}

// TestAdapterLines checks the Adapter line of the probes against the
// adapter, on every driver linked and available.
func TestAdapterLines(t *testing.T) {
	ctx := context.Background()
	for _, p := range raw.Probes() {
		if _, ok := adapterChecks[p.Name]; !ok {
			t.Logf("%s: no adapter check (%s)", p.Name, p.Adapter)
		}
	}
	for _, name := range adapter.Drivers() {
		if d, _ := adapter.Lookup(name); d.Info().Unavailable != "" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			for probe, check := range adapterChecks {
				if check == nil {
					continue
				}
				t.Run(probe, func(t *testing.T) {
					db, err := adapter.Open(ctx, filepath.Join(t.TempDir(), "a.db"), &adapter.Options{Driver: name})
					if err != nil {
						t.Fatal(err)
					}
					defer db.Close()
					if err := check(ctx, db); err != nil {
						t.Error(err)
					}
				})
			}
			t.Run("PlainPathWithParams", func(t *testing.T) {
				dir := t.TempDir()
				const file = "x.db?_pragma=busy_timeout(1234)#%41"
				db, err := adapter.Open(ctx, filepath.Join(dir, file), &adapter.Options{Driver: name})
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if err := pragmaIs("busy_timeout", int64(5000))(ctx, db); err != nil {
					t.Error(err)
				}
				if _, err := os.Stat(filepath.Join(dir, file)); err != nil {
					t.Error(err)
				}
			})
			t.Run("MemoryDatabasePool", func(t *testing.T) {
				db, err := adapter.Open(ctx, ":memory:", &adapter.Options{Driver: name})
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if err := db.Exec(ctx, "CREATE TABLE m(x)"); err != nil {
					t.Fatal(err)
				}
				if got := db.SQL().Stats().MaxOpenConnections; got != 1 {
					t.Errorf("MaxOpenConnections = %d, want 1", got)
				}
			})
		})
	}
}

// everyConn checks a pragma on 4 connections open at once.
func everyConn(ctx context.Context, db *adapter.DB, pragma, want string) error {
	var cs []*sql.Conn
	defer func() {
		for _, c := range cs {
			c.Close()
		}
	}()
	for range 4 {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			return err
		}
		cs = append(cs, c)
		var v string
		if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&v); err != nil {
			return err
		}
		if v != want {
			return fmt.Errorf("connection %d: %s = %s, want %s", len(cs), pragma, v, want)
		}
	}
	return nil
}

func pragmaIs(name string, want any) func(context.Context, *adapter.DB) error {
	return func(ctx context.Context, db *adapter.DB) error {
		v, err := db.PragmaValue(ctx, name)
		if err != nil {
			return err
		}
		if v != want {
			return fmt.Errorf("%s = %#v, want %#v", name, v, want)
		}
		return nil
	}
}

func declared(decl, literal string, want any) func(context.Context, *adapter.DB) error {
	return func(ctx context.Context, db *adapter.DB) error {
		if err := db.Exec(ctx, "CREATE TABLE t(c "+decl+"); INSERT INTO t VALUES ("+literal+")"); err != nil {
			return err
		}
		var v any
		if err := db.Get(ctx, &v, "SELECT c FROM t"); err != nil {
			return err
		}
		if v != want {
			return fmt.Errorf("got %#v, want %#v", v, want)
		}
		return nil
	}
}

func wantErr(target error, query string, args ...any) func(context.Context, *adapter.DB) error {
	return func(ctx context.Context, db *adapter.DB) error {
		var v any
		if err := db.Get(ctx, &v, query, args...); !errors.Is(err, target) {
			return fmt.Errorf("%s: got %v, want %v", query, err, target)
		}
		return nil
	}
}
