package raw

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Probes returns the probe catalogue, in the order of the matrix.
func Probes() []Probe {
	return []Probe{
		// DSN and defaults.
		{
			Name:     "DSNPragmaEveryConnection",
			Question: "busy_timeout=3210 and foreign_keys=1 set the driver's documented DSN way: seen by each of 4 connections open at once?",
			Adapter:  "no DSN: every setting is a PRAGMA the adapter runs on each new connection",
			Switch:   always(SilentDataChange),
			Run:      probeDSNPragmaEveryConn,
		},
		{
			Name:     "ExecPragmaOneConnection",
			Question: "db.Exec(\"PRAGMA busy_timeout = 3210\"), then 4 connections open at once: how many have it?",
			Adapter:  "DB.Pragma, and a PRAGMA setting in Run or Exec, apply to every pool connection, current and future",
			Switch:   always(SilentDataChange),
			Run:      probeExecPragmaOneConn,
		},
		{
			Name:     "PlainPathWithParams",
			Question: "DSN \"x.db?<busy_timeout=1234 parameter>\" without a file: prefix: which file is created, is the parameter applied?",
			Adapter:  "takes a file path, never a DSN; the driver packages build the URI and escape ?, # and %",
			Switch:   always(SilentDataChange),
			Run:      probePlainPathParams,
		},
		{
			Name:     "DSNPragmaParameter",
			Question: "_pragma=busy_timeout(3210)&_pragma=foreign_keys(1) (the form modernc and ncruces document) in the driver's DSN: applied?",
			Adapter:  "no DSN: every setting is a PRAGMA the adapter runs on each new connection; a path holding ?_pragma= names a file",
			Switch:   always(SilentDataChange),
			Run:      probeDSNPragmaParameter,
		},
		{
			Name:     "DefaultBusyTimeout",
			Question: "PRAGMA busy_timeout on a new connection, no DSN parameters",
			Adapter:  "sets 5000 ms on every connection (Options.BusyTimeout)",
			Switch:   always(DifferentError),
			Run:      pragmaDefault("busy_timeout", nil),
		},
		{
			Name:     "BusyTimeoutWithOtherPragma",
			Question: "PRAGMA busy_timeout when the DSN sets only foreign_keys=1 (default without it in parentheses)",
			Adapter:  "busy_timeout is always set explicitly, whatever else is set",
			Switch:   always(DifferentError),
			Run:      probeBusyTimeoutOtherPragma,
		},
		{
			Name:     "DefaultForeignKeys",
			Question: "PRAGMA foreign_keys on a new connection, no DSN parameters",
			Adapter:  "sets ON on every connection (Options.NoForeignKeys turns it off)",
			Switch:   stricter(enabled, SilentDataChange),
			Run:      pragmaDefault("foreign_keys", nil),
		},
		{
			Name:     "DefaultJournalMode",
			Question: "PRAGMA journal_mode of a new database file, no DSN parameters",
			Adapter:  "sets WAL (Options.JournalMode); left alone for read-only and in-memory databases",
			Switch:   always(DifferentError),
			Run:      pragmaDefault("journal_mode", nil),
		},
		{
			Name:     "DefaultSynchronous",
			Question: "PRAGMA synchronous on a new connection, no DSN parameters",
			Adapter:  "NORMAL in WAL mode, FULL otherwise (Options.Synchronous)",
			Switch:   always(SilentDataChange),
			Run:      pragmaDefault("synchronous", syncName),
		},
		{
			Name:     "DoubleQuotedStringLiteral",
			Question: "SELECT \"no_such_column\": a double-quoted identifier that names no column",
			Adapter:  "refused on every driver (SQLITE_DBCONFIG_DQS_DML and DQS_DDL off)",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeDQS,
		},
		{
			Name:     "MemoryDatabasePool",
			Question: "\":memory:\": a table created on one pool connection, seen from a second one?",
			Adapter:  "\":memory:\" is served by a single connection: one database",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeMemoryPool,
		},

		// Values read.
		{
			Name:     "EmptyBlob",
			Question: "[]byte{} bound: stored as (typeof), read back into any as",
			Adapter:  "empty BLOB, read back as []byte{} (never nil); []byte(nil) is NULL",
			Switch:   always(SilentDataChange),
			Run:      probeEmptyBlob,
		},
		{
			Name:     "NilBlobBound",
			Question: "[]byte(nil) bound: what is stored",
			Adapter:  "NULL; only a non-nil empty slice ([]byte{}) stores an empty BLOB",
			Switch:   always(SilentDataChange),
			Run:      probeNilBlob,
		},
		{
			Name:     "DatetimeColumnIntoAny",
			Question: "TEXT '2024-01-02 03:04:05' in a column declared DATETIME, read into any",
			Adapter:  "string: a declared type never changes what any gets; scan into *time.Time to parse",
			Switch:   always(SilentDataChange),
			Run:      probeDeclared("DATETIME", "'2024-01-02 03:04:05'"),
		},
		{
			Name:     "DatetimeColumnUnparseable",
			Question: "TEXT 'not a time' in a column declared DATETIME, read into any",
			Adapter:  "string 'not a time', unchanged; scanning it into *time.Time is an error",
			Switch:   always(SilentDataChange),
			Run:      probeDeclared("DATETIME", "'not a time'"),
		},
		{
			Name:     "DatetimeColumnNumber",
			Question: "INTEGER 2460000 in a column declared DATETIME, read into any",
			Adapter:  "int64 2460000: a declared type never changes what any gets; Get into *time.Time reads an INTEGER as Unix seconds",
			Switch:   always(SilentDataChange),
			Run:      probeDeclared("DATETIME", "2460000"),
		},
		{
			Name:     "TimeRoundTrip",
			Question: "time.Date(2024,1,2,3,4,5,6,UTC) and the same wall time at UTC+1 bound into a column declared DATETIME: read back into any, and scanned into *time.Time",
			Adapter:  "read into any as the TEXT stored (a string); Get into *time.Time gives the same instant and offset back for both",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeTimeRoundTrip,
		},
		{
			Name:     "BooleanColumnIntoAny",
			Question: "INTEGER 1 in a column declared BOOLEAN, read into any",
			Adapter:  "int64 1; scan into *bool to convert",
			Switch:   always(SilentDataChange),
			Run:      probeDeclared("BOOLEAN", "1"),
		},
		{
			Name:     "TextIntoTime",
			Question: "SELECT '2024-01-02 03:04:05' (no declared type) scanned into *time.Time",
			Adapter:  "Get into *time.Time parses TEXT in any SQLite date format, Unix seconds and Julian days",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeTextIntoTime,
		},

		// Values bound.
		{
			Name:     "TimeBound",
			Question: "time.Date(2024,1,2,3,4,5,6,UTC) and the same wall time at UTC+1 bound: what is stored",
			Adapter:  "TEXT in adapter.TimeFormat: \"2024-01-02 03:04:05.000000006Z\", \"2024-01-02 03:04:05.000000006+01:00\"",
			Switch:   always(SilentDataChange),
			Run:      probeTimeBound,
		},
		{
			Name:     "BoolBound",
			Question: "true and false bound: what is stored",
			Adapter:  "INTEGER 1 and 0, read back as int64",
			Switch:   always(SilentDataChange),
			Run:      probeBound(true, false),
		},
		{
			Name:     "Uint64AboveMaxInt64",
			Question: "uint64(1<<63) bound",
			Adapter:  "error (ErrArgument), nothing stored",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeBound(uint64(1) << 63),
		},
		{
			Name:     "NaNAndInfBound",
			Question: "math.NaN() and math.Inf(1) bound",
			Adapter:  "NaN is an error (ErrArgument); ±Inf stored as REAL",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeNaNInf,
		},
		{
			Name:     "NamedParameterPrefixes",
			Question: "sql.Named(\"a\", 7) bound to :a, @a and $a",
			Adapter:  "sql.Named or one map[string]any binds :name, @name and $name on every driver",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeNamedPrefixes,
		},
		{
			Name:     "NamedArgumentWrongName",
			Question: "SELECT :a and INSERT INTO t VALUES (:a) given only sql.Named(\"b\", 1)",
			Adapter:  "ErrArgument naming b on every driver and path: every argument must bind a parameter",
			Switch:   typedRefusal,
			Run:      probeArgsFor(":a", sql.Named("b", 1)),
		},
		{
			Name:     "PositionalArgumentNamedParameter",
			Question: "SELECT :a and INSERT INTO t VALUES (:a) given the positional argument 1",
			Adapter:  "binds 1 on every driver: an argument without a name binds the parameter at its position",
			Switch:   typedRefusal,
			Run:      probeArgsFor(":a", 1),
		},
		{
			Name:     "NamedArgumentPositionalParameter",
			Question: "SELECT ? and INSERT INTO t VALUES (?) given only sql.Named(\"a\", 1)",
			Adapter:  "ErrArgument on every driver and path: ? has no name for a named argument to bind",
			Switch:   typedRefusal,
			Run:      probeArgsFor("?", sql.Named("a", 1)),
		},

		// Statements and arguments.
		{
			Name:     "MultiStatementQuery",
			Question: "db.Query(\"SELECT 1; SELECT 2\"): result sets; and is a trailing INSERT run?",
			Adapter:  "Get, All, Iterate and Run refuse several statements (ErrMultipleStatements) before anything runs",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeMultiQuery,
		},
		{
			Name:     "QueryInsertThenSelect",
			Question: "db.Query(\"INSERT INTO t VALUES (7); SELECT 5\"), every row read: result sets; and is the INSERT run?",
			Adapter:  "Get, All, Iterate and Run refuse several statements (ErrMultipleStatements) before anything runs",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeQueryInsertThenSelect,
		},
		{
			Name:     "QueryInsertClosedUnread",
			Question: "db.Query(\"INSERT INTO t VALUES (1)\"), then rows.Close() without calling Next: is the row inserted?",
			Adapter:  "through DB.SQL() the INSERT runs on every driver; Run, Get and All run a statement to its end",
			Switch:   always(SilentDataChange),
			Run:      probeQueryClosedUnread,
		},
		{
			Name:     "PrepareTwoStatements",
			Question: "db.Prepare(\"SELECT 1; SELECT 2\")",
			Adapter:  "Prepare refuses it (ErrMultipleStatements)",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probePrepareTwo,
		},
		{
			Name:     "ExecScript",
			Question: "db.Exec of \"CREATE TABLE a(x); INSERT ... (1); INSERT ... (2)\": how many statements run",
			Adapter:  "DB.Exec runs a script statement by statement on one connection, stopping at the first error",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeExecScript,
		},
		{
			Name:     "ExecScriptWithArgs",
			Question: "db.Exec(\"INSERT INTO t VALUES (?); INSERT INTO t VALUES (?)\", 1, 2)",
			Adapter:  "Exec takes no arguments; Run refuses two statements",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeExecScriptArgs,
		},
		{
			Name:     "ExtraArguments",
			Question: "more arguments than parameters: Query(\"SELECT ?\", 1, 2) and Exec(\"INSERT INTO t VALUES (?)\", 1, 2)",
			Adapter:  "error (ErrArgument): the argument count must match the parameter count",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeArgs(1, 2),
		},
		{
			Name:     "TooFewArguments",
			Question: "fewer arguments than parameters: Query(\"SELECT ?, ?\", 1) and Exec(\"INSERT INTO t VALUES (?, ?)\", 1)",
			Adapter:  "error (ErrArgument): the argument count must match the parameter count",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeArgs(1),
		},
		{
			Name:     "EmptyStatement",
			Question: "Exec, Query and Prepare of \"-- only a comment\"",
			Adapter:  "Run, Get and Prepare refuse it (ErrNoStatement); Exec of an empty script does nothing",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeEmptyStatement,
		},

		// Results and errors.
		{
			Name:     "LastInsertIdAfterNoopUpdate",
			Question: "on one connection: INSERT rowid 42, then an UPDATE matching no row: its LastInsertId and RowsAffected",
			Adapter:  "Result.LastInsertRowID is 0 unless the statement is an INSERT that inserted a row",
			Switch:   always(SilentDataChange),
			Run:      probeLastInsertID,
		},
		{
			Name:     "RowsAffectedAfterDDL",
			Question: "on one connection: INSERT of 3 rows, then CREATE TABLE: its RowsAffected and LastInsertId",
			Adapter:  "Result.Changes is 0 for any statement but INSERT, UPDATE, DELETE and REPLACE",
			Switch:   always(SilentDataChange),
			Run:      probeRowsAffectedDDL,
		},
		{
			Name:     "UniqueViolationError",
			Question: "a UNIQUE violation: Go type and text of the error",
			Adapter:  "*adapter.Error on every driver: errors.Is(err, sqlite.CONSTRAINT_UNIQUE), same text",
			Switch:   always(DifferentError),
			Run:      probeUniqueError,
		},

		// Contexts.
		{
			Name:     "ContextDeadlineLockWait",
			Question: "BEGIN IMMEDIATE, then INSERT, while another connection holds BEGIN IMMEDIATE; busy_timeout 3000 ms via the DSN, ctx deadline 200 ms",
			Adapter:  "returns at the deadline on every driver; the error satisfies errors.Is(err, ctx.Err())",
			Switch:   always(DifferentError),
			Run:      probeLockWait,
		},
		{
			Name:     "ContextDeadlineLongQuery",
			Question: "a query running for seconds with a ctx deadline of 200 ms",
			Adapter:  "interrupted at the deadline; the error satisfies errors.Is(err, ctx.Err())",
			Switch:   always(DifferentError),
			Run:      probeLongQuery,
		},

		// Transactions.
		{
			Name:     "ReadOnlyTx",
			Question: "BeginTx with sql.TxOptions{ReadOnly: true}, then an INSERT; and the connection after Rollback",
			Adapter:  "Transaction takes no options; through DB.SQL() ReadOnly sets query_only for the transaction (writes fail)",
			Switch:   stricter(refuses, SilentDataChange),
			Run:      probeReadOnlyTx,
		},
		{
			Name:     "TxIsolationLevels",
			Question: "BeginTx with each sql.IsolationLevel: refused, or the lock the transaction takes at BEGIN",
			Adapter:  "Transaction/ImmediateTransaction/ExclusiveTransaction pick the mode; through DB.SQL() Default and Serializable are deferred, Linearizable immediate, others refused",
			Switch:   always(DifferentError),
			Run:      probeIsolation,
		},
		{
			Name:     "TxLockDSN",
			Question: "the lock db.Begin takes with the DSN's txlock parameter set to immediate",
			Adapter:  "no DSN: the BEGIN mode is chosen per call (Transaction, ImmediateTransaction, ExclusiveTransaction)",
			Switch:   always(DifferentError),
			Run:      probeTxLock,
		},

		// Library.
		{
			Name:     "SQLiteVersion",
			Question: "sqlite_version()",
			Adapter:  "reported in DB.Driver().SQLiteVersion, not changed",
			Run: func(ctx context.Context, d Driver, dir string) (string, error) {
				return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
					return text(ctx, db, "SELECT sqlite_version()")
				})
			},
		},
	}
}

// --- DSN and defaults ---

func probeDSNPragmaEveryConn(ctx context.Context, d Driver, dir string) (string, error) {
	bt, fk := d.Dialect.Pragma("busy_timeout", "3210"), d.Dialect.Pragma("foreign_keys", "1")
	if bt == "" || fk == "" {
		return "no DSN parameter for busy_timeout or foreign_keys", nil
	}
	return withDB(ctx, d, dir, Params(bt, fk), func(db *sql.DB) (string, error) {
		cs, release, err := conns(ctx, db, 4)
		if err != nil {
			return "", err
		}
		defer release()
		var seen []string
		for _, c := range cs {
			b, err := text(ctx, c, "PRAGMA busy_timeout")
			if err != nil {
				return "", err
			}
			f, err := text(ctx, c, "PRAGMA foreign_keys")
			if err != nil {
				return "", err
			}
			seen = append(seen, "busy_timeout "+b+", foreign_keys "+f)
		}
		return spread(seen), nil
	})
}

func probeExecPragmaOneConn(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		if err := execAll(ctx, db, "PRAGMA busy_timeout = 3210"); err != nil {
			return "", err
		}
		cs, release, err := conns(ctx, db, 4)
		if err != nil {
			return "", err
		}
		defer release()
		n := 0
		for _, c := range cs {
			b, err := text(ctx, c, "PRAGMA busy_timeout")
			if err != nil {
				return "", err
			}
			if b == "3210" {
				n++
			}
		}
		return fmt.Sprintf("%d of 4 connections", n), nil
	})
}

func probePlainPathParams(ctx context.Context, d Driver, dir string) (string, error) {
	param := d.Dialect.Pragma("busy_timeout", "1234")
	if param == "" {
		return "no DSN parameter for busy_timeout", nil
	}
	db, err := d.OpenDSN(filepath.Join(dir, "x.db") + "?" + param)
	if err != nil {
		return refused(err), nil
	}
	bt, err := text(ctx, db, "PRAGMA busy_timeout")
	db.Close()
	if err != nil {
		return refused(err), nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var files []string
	for _, e := range entries {
		files = append(files, fmt.Sprintf("%q", e.Name()))
	}
	applied := "parameter applied"
	if bt != "1234" {
		applied = "parameter ignored"
	}
	return fmt.Sprintf("creates %s; %s (busy_timeout %s)", strings.Join(files, ", "), applied, bt), nil
}

// dsnPragmas are two settings in the _pragma=name(value) form of modernc's
// and ncruces' DSN.
const dsnPragmas = "_pragma=busy_timeout(3210)&_pragma=foreign_keys(1)"

func probeDSNPragmaParameter(ctx context.Context, d Driver, dir string) (string, error) {
	db, err := d.Open(filepath.Join(dir, "test.db"), dsnPragmas)
	if err != nil {
		return refused(err), nil
	}
	defer db.Close()
	bt, err := text(ctx, db, "PRAGMA busy_timeout")
	if err != nil {
		return refused(err), nil
	}
	fk, err := text(ctx, db, "PRAGMA foreign_keys")
	if err != nil {
		return refused(err), nil
	}
	got := "busy_timeout " + bt + ", foreign_keys " + fk
	switch {
	case bt == "3210" && fk == "1":
		return "applied: " + got, nil
	case bt != "3210" && fk != "1":
		return "ignored: " + got, nil
	}
	return "partly applied: " + got, nil
}

// pragmaDefault reads a pragma on a new connection without DSN parameters.
func pragmaDefault(name string, format func(string) string) func(context.Context, Driver, string) (string, error) {
	return func(ctx context.Context, d Driver, dir string) (string, error) {
		return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
			v, err := text(ctx, db, "PRAGMA "+name)
			if err != nil || format == nil {
				return v, err
			}
			return format(v), nil
		})
	}
}

func probeBusyTimeoutOtherPragma(ctx context.Context, d Driver, dir string) (string, error) {
	fk := d.Dialect.Pragma("foreign_keys", "1")
	if fk == "" {
		return "no DSN parameter for foreign_keys", nil
	}
	def, err := pragmaDefault("busy_timeout", nil)(ctx, d, dir)
	if err != nil {
		return "", err
	}
	return withDB(ctx, d, dir, fk, func(db *sql.DB) (string, error) {
		v, err := text(ctx, db, "PRAGMA busy_timeout")
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s (default %s)", v, def), nil
	})
}

func probeDQS(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		v, err := value(ctx, db, `SELECT "no_such_column"`)
		if err != nil {
			return refused(err), nil
		}
		return "accepted as a string literal: " + describe(v), nil
	})
}

func probeMemoryPool(ctx context.Context, d Driver, dir string) (string, error) {
	db, err := d.Open(":memory:", "")
	if err != nil {
		return "", err
	}
	defer db.Close()
	cs, release, err := conns(ctx, db, 2)
	if err != nil {
		return "", err
	}
	defer release()
	if err := execAll(ctx, cs[0], "CREATE TABLE m(x)", "INSERT INTO m VALUES (1)"); err != nil {
		return "", err
	}
	if _, err := value(ctx, cs[1], "SELECT count(*) FROM m"); err != nil {
		return "each connection has its own database: " + refused(err), nil
	}
	return "one database shared by the pool's connections", nil
}

// --- values read ---

func probeEmptyBlob(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		if err := execAll(ctx, db, "CREATE TABLE t(b)"); err != nil {
			return "", err
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO t VALUES (?)", []byte{}); err != nil {
			return refused(err), nil
		}
		typ, err := text(ctx, db, "SELECT typeof(b) FROM t")
		if err != nil {
			return "", err
		}
		v, err := value(ctx, db, "SELECT b FROM t")
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("stored %s, read back %s", typ, describe(v)), nil
	})
}

// probeDeclared stores literal in a column declared decl and reads it into
// an any.
func probeDeclared(decl, literal string) func(context.Context, Driver, string) (string, error) {
	return func(ctx context.Context, d Driver, dir string) (string, error) {
		return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
			if err := execAll(ctx, db, "CREATE TABLE t(c "+decl+")", "INSERT INTO t VALUES ("+literal+")"); err != nil {
				return "", err
			}
			v, err := value(ctx, db, "SELECT c FROM t")
			if err != nil {
				return refused(err), nil
			}
			return describe(v), nil
		})
	}
}

func probeTextIntoTime(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		var t time.Time
		if err := db.QueryRowContext(ctx, "SELECT '2024-01-02 03:04:05'").Scan(&t); err != nil {
			return refused(err), nil
		}
		return "parsed: " + describe(t), nil
	})
}

func probeTimeRoundTrip(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		if err := execAll(ctx, db, "CREATE TABLE t(c DATETIME)"); err != nil {
			return "", err
		}
		var out []string
		for _, tc := range []struct {
			name string
			t    time.Time
		}{
			{"UTC", time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)},
			{"UTC+1", time.Date(2024, 1, 2, 3, 4, 5, 6, time.FixedZone("", 3600))},
		} {
			got, err := timeReadBack(ctx, db, tc.t)
			if err != nil {
				return "", err
			}
			out = append(out, tc.name+": "+got)
		}
		return strings.Join(out, "; "), nil
	})
}

// timeReadBack stores t in the only row of t(c DATETIME) and says what
// reading it into any and scanning it into *time.Time give.
func timeReadBack(ctx context.Context, db *sql.DB, t time.Time) (string, error) {
	if err := execAll(ctx, db, "DELETE FROM t"); err != nil {
		return "", err
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO t VALUES (?)", t); err != nil {
		return refused(err), nil
	}
	v, err := value(ctx, db, "SELECT c FROM t")
	if err != nil {
		return "", err
	}
	answer := "any gets " + describe(v) + ", *time.Time "
	var back time.Time
	if err := db.QueryRowContext(ctx, "SELECT c FROM t").Scan(&back); err != nil {
		return answer + refused(err), nil
	}
	_, off := t.Zone()
	_, backOff := back.Zone()
	switch {
	case !back.Equal(t):
		return answer + "gets another instant: " + describe(back), nil
	case backOff != off:
		return answer + "gets the same instant at offset " + back.Format("-07:00"), nil
	}
	return answer + "gets the same instant and offset", nil
}

// --- values bound ---

// stored binds each value into a fresh row of an untyped column and
// describes what was stored: typeof and quote(), or the refusal.
func stored(ctx context.Context, db *sql.DB, vals ...any) ([]string, error) {
	if err := execAll(ctx, db, "CREATE TABLE t(x)"); err != nil {
		return nil, err
	}
	var out []string
	for _, v := range vals {
		if _, err := db.ExecContext(ctx, "INSERT INTO t(x) VALUES (?)", v); err != nil {
			out = append(out, refused(err))
			continue
		}
		var typ, q string
		if err := db.QueryRowContext(ctx, "SELECT typeof(x), quote(x) FROM t WHERE rowid = (SELECT max(rowid) FROM t)").Scan(&typ, &q); err != nil {
			return nil, err
		}
		out = append(out, typ+" "+q)
	}
	return out, nil
}

func probeBound(vals ...any) func(context.Context, Driver, string) (string, error) {
	return func(ctx context.Context, d Driver, dir string) (string, error) {
		return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
			out, err := stored(ctx, db, vals...)
			if err != nil {
				return "", err
			}
			for i, v := range vals {
				out[i] = fmt.Sprintf("%v: %s", v, out[i])
			}
			return strings.Join(out, "; "), nil
		})
	}
}

func probeTimeBound(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		utc := time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)
		plus1 := time.Date(2024, 1, 2, 3, 4, 5, 6, time.FixedZone("", 3600))
		out, err := stored(ctx, db, utc, plus1)
		if err != nil {
			return "", err
		}
		return "UTC: " + out[0] + "; UTC+1: " + out[1], nil
	})
}

func probeNilBlob(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		out, err := stored(ctx, db, []byte(nil))
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(out[0], "refused") {
			return out[0], nil
		}
		return "stored " + out[0], nil
	})
}

func probeNaNInf(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		out, err := stored(ctx, db, math.NaN(), math.Inf(1))
		if err != nil {
			return "", err
		}
		return "NaN: " + out[0] + "; +Inf: " + out[1], nil
	})
}

func probeNamedPrefixes(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		var out []string
		for _, p := range []string{":", "@", "$"} {
			v, err := value(ctx, db, "SELECT "+p+"a", sql.Named("a", 7))
			switch {
			case err != nil:
				out = append(out, p+"a "+refused(err))
			case fmt.Sprint(v) == "7":
				out = append(out, p+"a bound")
			default:
				out = append(out, p+"a not bound ("+describe(v)+")")
			}
		}
		return strings.Join(out, "; "), nil
	})
}

// --- statements and arguments ---

func probeMultiQuery(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		if err := execAll(ctx, db, "CREATE TABLE t(x)"); err != nil {
			return "", err
		}
		sets := querySets(ctx, db, "SELECT 1; SELECT 2")
		trailing := "refused"
		rows, err := db.QueryContext(ctx, "SELECT 1; INSERT INTO t VALUES (7)")
		if err == nil {
			_, err = resultSets(rows)
		}
		if err == nil {
			n, err := text(ctx, db, "SELECT count(*) FROM t")
			if err != nil {
				return "", err
			}
			trailing = "not run"
			if n != "0" {
				trailing = "run"
			}
		}
		return sets + "; trailing INSERT " + trailing, nil
	})
}

func probeQueryInsertThenSelect(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		if err := execAll(ctx, db, "CREATE TABLE t(x)"); err != nil {
			return "", err
		}
		sets := querySets(ctx, db, "INSERT INTO t VALUES (7); SELECT 5")
		n, err := text(ctx, db, "SELECT count(*) FROM t")
		if err != nil {
			return "", err
		}
		run := "INSERT not run"
		if n != "0" {
			run = "INSERT run"
		}
		return sets + "; " + run, nil
	})
}

func probeQueryClosedUnread(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		if err := execAll(ctx, db, "CREATE TABLE t(x)"); err != nil {
			return "", err
		}
		rows, err := db.QueryContext(ctx, "INSERT INTO t VALUES (1)")
		if err != nil {
			return "Query " + refused(err), nil
		}
		closeErr := rows.Close()
		n, err := text(ctx, db, "SELECT count(*) FROM t")
		if err != nil {
			return "", err
		}
		answer := "not inserted"
		if n != "0" {
			answer = "inserted"
		}
		if closeErr != nil {
			answer += "; Close " + refused(closeErr)
		}
		return answer, nil
	})
}

func probePrepareTwo(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		st, err := db.PrepareContext(ctx, "SELECT 1; SELECT 2")
		if err != nil {
			return refused(err), nil
		}
		defer st.Close()
		rows, err := st.QueryContext(ctx)
		if err != nil {
			return "prepared; Query " + refused(err), nil
		}
		sets, err := resultSets(rows)
		if err != nil {
			return "prepared; reading rows " + refused(err), nil
		}
		return "prepared; Query gives result sets " + sets, nil
	})
}

func probeExecScript(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		_, execErr := db.ExecContext(ctx, "CREATE TABLE a(x); INSERT INTO a VALUES (1); INSERT INTO a VALUES (2)")
		ran := 0
		if n, err := text(ctx, db, "SELECT count(*) FROM a"); err == nil {
			ran = 1
			if n == "1" {
				ran = 2
			} else if n == "2" {
				ran = 3
			}
		}
		answer := fmt.Sprintf("%d of 3 statements run", ran)
		if execErr != nil {
			answer += "; " + refused(execErr)
		}
		return answer, nil
	})
}

func probeExecScriptArgs(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		if err := execAll(ctx, db, "CREATE TABLE t(x)"); err != nil {
			return "", err
		}
		_, execErr := db.ExecContext(ctx, "INSERT INTO t VALUES (?); INSERT INTO t VALUES (?)", 1, 2)
		rows, err := db.QueryContext(ctx, "SELECT quote(x) FROM t ORDER BY rowid")
		if err != nil {
			return "", err
		}
		got, err := resultSets(rows)
		if err != nil {
			return "", err
		}
		answer := "rows " + got
		if execErr != nil {
			answer = refused(execErr) + "; " + answer
		}
		return answer, nil
	})
}

// probeArgs runs a SELECT and an INSERT with args: one parameter for two
// arguments (ExtraArguments), two parameters for one (TooFewArguments).
func probeArgs(args ...any) func(context.Context, Driver, string) (string, error) {
	params, insert, show := "?", "INSERT INTO t(x) VALUES (?)", "SELECT 'x=' || quote(x) FROM t"
	if len(args) == 1 {
		params, insert, show = "?, ?", "INSERT INTO t(x, y) VALUES (?, ?)", "SELECT 'x=' || quote(x) || ' y=' || quote(y) FROM t"
	}
	return func(ctx context.Context, d Driver, dir string) (string, error) {
		return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
			if err := execAll(ctx, db, "CREATE TABLE t(x, y)"); err != nil {
				return "", err
			}
			q := queried(ctx, db, refused, "SELECT "+params, args)
			e, err := storedArgs(ctx, db, insert, show, args)
			if err != nil {
				return "", err
			}
			return "Query: " + q + "; Exec: " + e, nil
		})
	}
}

// probeArgsFor runs SELECT param and INSERT INTO t(x) VALUES (param) with
// args, for arguments that do not fit the parameter's kind or name; a
// refusal names the error's Go type, which says whether it carries a
// SQLite code.
func probeArgsFor(param string, args ...any) func(context.Context, Driver, string) (string, error) {
	return func(ctx context.Context, d Driver, dir string) (string, error) {
		return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
			if err := execAll(ctx, db, "CREATE TABLE t(x)"); err != nil {
				return "", err
			}
			q := queried(ctx, db, refusedTyped, "SELECT "+param, args)
			e := ""
			if _, err := db.ExecContext(ctx, "INSERT INTO t(x) VALUES ("+param+")", args...); err != nil {
				e = refusedTyped(err)
			} else {
				got, err := text(ctx, db, "SELECT 'x=' || quote(x) FROM t")
				if err != nil {
					return "", err
				}
				e = "stores " + got
			}
			return "Query: " + q + "; Exec: " + e, nil
		})
	}
}

// queried runs query with args and describes the values it returned, or
// the refusal as refuse words it.
func queried(ctx context.Context, db *sql.DB, refuse func(error) string, query string, args []any) string {
	rows, err := db.QueryContext(ctx, query, args...)
	var q string
	if err == nil {
		q, err = rowValues(rows)
	}
	if err != nil {
		return refuse(err)
	}
	return "returns " + q
}

// querySets runs query and describes the result sets it returned, or the
// refusal.
func querySets(ctx context.Context, db *sql.DB, query string) string {
	rows, err := db.QueryContext(ctx, query)
	var sets string
	if err == nil {
		sets, err = resultSets(rows)
	}
	if err != nil {
		return refused(err)
	}
	return "result sets " + sets
}

// storedArgs runs insert with args and describes the row it stored, or the
// refusal.
func storedArgs(ctx context.Context, db *sql.DB, insert, show string, args []any) (string, error) {
	if _, err := db.ExecContext(ctx, insert, args...); err != nil {
		return refused(err), nil
	}
	got, err := text(ctx, db, show)
	if err != nil {
		return "", err
	}
	return "stores " + got, nil
}

// rowValues reads the first row as [v v].
func rowValues(rows *sql.Rows) (string, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return "", err
		}
		return "no row", nil
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return "", err
	}
	var out []string
	for _, v := range vals {
		if v == nil {
			out = append(out, "NULL")
		} else {
			out = append(out, fmt.Sprint(v))
		}
	}
	return "[" + strings.Join(out, " ") + "]", rows.Close()
}

func probeEmptyStatement(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		const comment = "-- only a comment"
		e := "ok"
		if err := catch(func() error {
			_, err := db.ExecContext(ctx, comment)
			return err
		}); err != nil {
			e = refused(err)
		}
		q := "ok"
		if err := catch(func() error {
			rows, err := db.QueryContext(ctx, comment)
			if err != nil {
				return err
			}
			sets, err := resultSets(rows)
			q = "result sets " + sets
			return err
		}); err != nil {
			q = refused(err)
		}
		pr := "ok"
		if err := catch(func() error {
			st, err := db.PrepareContext(ctx, comment)
			if err == nil {
				st.Close()
			}
			return err
		}); err != nil {
			pr = refused(err)
		}
		return "Exec: " + e + "; Query: " + q + "; Prepare: " + pr, nil
	})
}

// --- results and errors ---

func probeLastInsertID(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		c, err := db.Conn(ctx)
		if err != nil {
			return "", err
		}
		defer c.Close()
		if err := execAll(ctx, c, "CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "INSERT INTO t VALUES (42, 1)"); err != nil {
			return "", err
		}
		res, err := c.ExecContext(ctx, "UPDATE t SET x = 2 WHERE id = 0")
		if err != nil {
			return "", err
		}
		return describeResult(res), nil
	})
}

func probeRowsAffectedDDL(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		c, err := db.Conn(ctx)
		if err != nil {
			return "", err
		}
		defer c.Close()
		if err := execAll(ctx, c, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1), (2), (3)"); err != nil {
			return "", err
		}
		res, err := c.ExecContext(ctx, "CREATE TABLE u(y)")
		if err != nil {
			return "", err
		}
		return describeResult(res), nil
	})
}

func describeResult(res sql.Result) string {
	var parts []string
	if id, err := res.LastInsertId(); err != nil {
		parts = append(parts, "LastInsertId "+refused(err))
	} else {
		parts = append(parts, fmt.Sprintf("LastInsertId %d", id))
	}
	if n, err := res.RowsAffected(); err != nil {
		parts = append(parts, "RowsAffected "+refused(err))
	} else {
		parts = append(parts, fmt.Sprintf("RowsAffected %d", n))
	}
	return strings.Join(parts, ", ")
}

func probeUniqueError(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		if err := execAll(ctx, db, "CREATE TABLE t(x UNIQUE)", "INSERT INTO t VALUES (1)"); err != nil {
			return "", err
		}
		_, err := db.ExecContext(ctx, "INSERT INTO t VALUES (1)")
		if err == nil {
			return "no error", nil
		}
		return fmt.Sprintf("%T %q", err, msg(err)), nil
	})
}

// --- contexts ---

func probeLockWait(ctx context.Context, d Driver, dir string) (string, error) {
	bt := d.Dialect.Pragma("busy_timeout", "3000")
	if bt == "" {
		return "no DSN parameter for busy_timeout", nil
	}
	return withDB(ctx, d, dir, bt, func(db *sql.DB) (string, error) {
		if err := execAll(ctx, db, "CREATE TABLE t(x)"); err != nil {
			return "", err
		}
		cs, release, err := conns(ctx, db, 2)
		if err != nil {
			return "", err
		}
		defer release()
		if err := execAll(ctx, cs[0], "BEGIN IMMEDIATE"); err != nil {
			return "", err
		}
		defer execAll(context.Background(), cs[0], "ROLLBACK")
		var answers []string
		for _, stmt := range []string{"BEGIN IMMEDIATE", "INSERT INTO t VALUES (1)"} {
			wctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			start := time.Now()
			_, err := cs[1].ExecContext(wctx, stmt)
			elapsed := time.Since(start)
			cancel()
			if err == nil {
				execAll(context.Background(), cs[1], "ROLLBACK")
				answers = append(answers, "took the lock (no error)")
				continue
			}
			answers = append(answers, timing(elapsed, "waited for the whole busy_timeout")+"; "+errKind(err))
		}
		if answers[0] == answers[1] {
			return "BEGIN IMMEDIATE and INSERT: " + answers[0], nil
		}
		return "BEGIN IMMEDIATE: " + answers[0] + " | INSERT: " + answers[1], nil
	})
}

// timing classifies how long a call bound by a 200 ms deadline took.
func timing(elapsed time.Duration, late string) string {
	switch {
	case elapsed < atDeadline:
		return "returned at the ctx deadline"
	case elapsed >= fullTimeout:
		return late
	default:
		return "returned after the deadline, before busy_timeout ended"
	}
}

func probeLongQuery(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		qctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		var n int64
		err := db.QueryRowContext(qctx, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000)
			SELECT count(*) FROM c`).Scan(&n)
		elapsed := time.Since(start)
		if err == nil {
			return "not interrupted: ran to completion", nil
		}
		return timing(elapsed, "ran for seconds past the deadline") + "; " + errKind(err), nil
	})
}

// --- transactions ---

func probeReadOnlyTx(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		db.SetMaxOpenConns(1) // the same connection before and after the transaction
		if err := execAll(ctx, db, "CREATE TABLE t(x)"); err != nil {
			return "", err
		}
		tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return "BeginTx " + refused(err), nil
		}
		var answer string
		if _, err := tx.ExecContext(ctx, "INSERT INTO t VALUES (1)"); err != nil {
			answer = "honoured: INSERT " + refused(err)
		} else {
			answer = "ignored: INSERT succeeds"
		}
		if err := tx.Rollback(); err != nil {
			return "", err
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO t VALUES (2)"); err != nil {
			answer += "; after Rollback the connection stays read-only: " + refused(err)
		} else {
			answer += "; writable again after Rollback"
		}
		return answer, nil
	})
}

var isolationLevels = []sql.IsolationLevel{
	sql.LevelDefault, sql.LevelReadUncommitted, sql.LevelReadCommitted, sql.LevelWriteCommitted,
	sql.LevelRepeatableRead, sql.LevelSnapshot, sql.LevelSerializable, sql.LevelLinearizable,
}

func probeIsolation(ctx context.Context, d Driver, dir string) (string, error) {
	return withDB(ctx, d, dir, "", func(db *sql.DB) (string, error) {
		if err := execAll(ctx, db, "CREATE TABLE t(x)"); err != nil {
			return "", err
		}
		var out []string
		for _, level := range isolationLevels {
			got, err := beginLock(ctx, db, &sql.TxOptions{Isolation: level})
			if err != nil {
				return "", err
			}
			out = append(out, strings.ReplaceAll(level.String(), " ", "")+" "+got)
		}
		return strings.Join(out, "; "), nil
	})
}

// beginLock begins a transaction with opts on one connection and reports
// the lock it took, seen from another connection, or the refusal.
func beginLock(ctx context.Context, db *sql.DB, opts *sql.TxOptions) (string, error) {
	other, err := db.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer other.Close()
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return "refused", nil
	}
	defer tx.Rollback()
	return lockHeld(ctx, other)
}

func probeTxLock(ctx context.Context, d Driver, dir string) (string, error) {
	p := d.Dialect.TxLock("immediate")
	if p == "" {
		return "no DSN parameter for the BEGIN mode", nil
	}
	return withDB(ctx, d, dir, p, func(db *sql.DB) (string, error) {
		if err := execAll(ctx, db, "CREATE TABLE t(x)"); err != nil {
			return "", err
		}
		got, err := beginLock(ctx, db, nil)
		if err != nil {
			return "", err
		}
		return "Begin takes " + got, nil
	})
}
