package adapter_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
)

// The fuzz targets run on one driver: $ANYSQLITE_DRIVER, else modernc
// (pure Go, no cgo, quick to start). ANYSQLITE_DRIVER=mattn fuzzes the C
// library through cgo.
//
//	go test -tags 'sqlite_fts5 sqlite_math_functions' -run '^$' -fuzz '^FuzzSQL$' -fuzztime 60s ./adapter
//
// Every target checks the same two things besides its own invariants: no
// panic, and every error is typed (an *adapter.Error, an SQLite code, or
// one of the adapter's sentinel errors).

// fuzzTimeout bounds one fuzz input's work: SQL can loop forever (a
// recursive CTE), which is not a bug.
const fuzzTimeout = 2 * time.Second

// fuzzHeapLimit caps SQLite's heap for fuzzed SQL, so that randomblob(1e9)
// is SQLITE_NOMEM rather than a gigabyte per fuzz worker.
const fuzzHeapLimit = "hard_heap_limit = 268435456"

// fuzzDriver is the driver the fuzz targets use.
func fuzzDriver() string {
	if d := os.Getenv(adapter.EnvDriver); d != "" && d != "auto" {
		return d
	}
	return "modernc"
}

// fuzzDB opens a private in-memory database for one fuzz input.
func fuzzDB(t *testing.T, opts adapter.Options) *adapter.DB {
	t.Helper()
	opts.Driver = fuzzDriver()
	opts.Pragmas = append(opts.Pragmas, fuzzHeapLimit)
	db, err := adapter.Open(context.Background(), ":memory:", &opts)
	if err != nil {
		t.Fatalf("Open(:memory:, %s): %v", opts.Driver, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// sentinelErrors are the adapter's own errors, and the context errors an
// operation ended by its context satisfies.
var sentinelErrors = []error{
	adapter.ErrNoRows, adapter.ErrTxDone, adapter.ErrClosed, adapter.ErrUnknownDriver, adapter.ErrDriverUnavailable,
	adapter.ErrDriverConflict, adapter.ErrNoStatement, adapter.ErrMultipleStatements, adapter.ErrTxControl,
	adapter.ErrPragma, adapter.ErrPerConnection, adapter.ErrDestination, adapter.ErrArgument, adapter.ErrOptions,
	adapter.ErrUnsafeStorage, context.Canceled, context.DeadlineExceeded,
}

// typed reports whether err is nil or an error of the adapter's API.
func typed(err error) bool {
	if err == nil {
		return true
	}
	var se *adapter.Error
	var ec sqlite.Code
	var xc sqlite.ExtendedCode
	if errors.As(err, &se) || errors.As(err, &ec) || errors.As(err, &xc) {
		return true
	}
	for _, s := range sentinelErrors {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// checkTyped fails the input for an untyped error.
func checkTyped(t *testing.T, what string, input any, err error) {
	t.Helper()
	if !typed(err) {
		t.Errorf("%s(%q): untyped error %T: %v", what, input, err, err)
	}
}

// fileEffects are SQL keywords that make SQLite touch files other than the
// database (ATTACH creates a file, VACUUM INTO writes one) or change
// process-wide limits (heap limits): fuzzed SQL must not write files as
// the user running the fuzzer or starve the other inputs, so inputs with
// them are skipped.
var fileEffects = []string{"attach", "vacuum", "heap_limit"}

func skipFileEffects(t *testing.T, s string) {
	lower := strings.ToLower(s)
	for _, w := range fileEffects {
		if strings.Contains(lower, w) {
			t.Skipf("input names %s", w)
		}
	}
}

// FuzzSQL prepares and executes arbitrary SQL text: never a panic, and
// every error typed. A statement that prepares also runs, with no
// arguments (ErrArgument if it has parameters). Text with a NUL byte must
// be refused: SQLite stops reading at the NUL, so "DELETE FROM t\x00
// WHERE ..." would delete every row.
func FuzzSQL(f *testing.F) {
	for _, s := range []string{
		"SELECT 1", "SELECT 1; SELECT 2", "CREATE TABLE t(x); INSERT INTO t VALUES (1) RETURNING *",
		"BEGIN; COMMIT", "SAVEPOINT a", "SELECT ?1, :a, @b, $c", "PRAGMA user_version = 7", "PRAGMA nope",
		"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c",
		"CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END; INSERT INTO t VALUES (2)",
		"SELECT 'unterminated", "SELECT x'0g'", "/* open comment", "SELECT 1 \x00 garbage", "EXPLAIN SELECT 1",
		"CREATE VIRTUAL TABLE f USING fts5(a)", "SELECT json_extract('{\"a\":1}', '$.a')", "SELECT zeroblob(1000000001)",
		"PRAGMA foreign_keys = OFF", "END", ";;;", "SELECT * FROM sqlite_schema", "DROP TABLE sqlite_schema",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		skipFileEffects(t, sql)
		db := fuzzDB(t, adapter.Options{})
		ctx, cancel := context.WithTimeout(context.Background(), fuzzTimeout)
		defer cancel()
		s, err := db.Prepare(ctx, sql)
		checkTyped(t, "Prepare", sql, err)
		if err == nil {
			n := 0
			for _, err := range s.Iterate(ctx) {
				checkTyped(t, "Stmt.Iterate", sql, err)
				if n++; n > 100 {
					break
				}
			}
			checkTyped(t, "Stmt.Close", sql, s.Close())
		}
		nul := strings.ContainsRune(sql, 0)
		if nul && err == nil {
			t.Errorf("Prepare(%q) accepted a NUL byte", sql)
		}
		err = db.Exec(ctx, sql)
		checkTyped(t, "Exec", sql, err)
		if nul && err == nil {
			t.Errorf("Exec(%q) ran text with a NUL byte", sql)
		}
		var rows []adapter.Row
		checkTyped(t, "All", sql, db.All(ctx, &rows, sql))
		if err := db.Exec(context.Background(), "SELECT 1"); err != nil {
			t.Errorf("after %q the database no longer works: %v", sql, err)
		}
	})
}

// FuzzBindRoundTrip binds fuzzed values of every kind and reads them back:
// each must come back exactly (same storage class, same bytes or bits),
// or be refused with ErrArgument (NaN, uint64 above math.MaxInt64).
func FuzzBindRoundTrip(f *testing.F) {
	f.Add([]byte("blob"), "text", int64(42), 1.5, uint64(7), true, false)
	f.Add([]byte{}, "", int64(math.MinInt64), math.Inf(-1), uint64(math.MaxUint64), false, true)
	f.Add([]byte{0, 0xff, 0}, "a\x00b", int64(math.MaxInt64), math.Copysign(0, -1), uint64(math.MaxInt64), true, true)
	f.Add([]byte(nil), "\xff\xfe invalid UTF-8", int64(-1), math.NaN(), uint64(1<<63), false, false)
	f.Add([]byte("x"), "ünïcødé 𝄞", int64(0), math.SmallestNonzeroFloat64, uint64(0), true, false)
	f.Fuzz(func(t *testing.T, b []byte, s string, i int64, fl float64, u uint64, flag, nilBytes bool) {
		db := fuzzDB(t, adapter.Options{})
		ctx := context.Background()
		exec(t, db, "CREATE TABLE v(k TEXT PRIMARY KEY, x)")
		if nilBytes {
			b = nil
		}
		insert := func(k string, v any) error {
			_, err := db.Run(ctx, "INSERT INTO v(k, x) VALUES (?, ?)", k, v)
			checkTyped(t, "Run", v, err)
			return err
		}
		read := func(k string, dest any) {
			t.Helper()
			if err := db.Get(ctx, dest, "SELECT x FROM v WHERE k = ?", k); err != nil {
				t.Fatalf("reading %s back: %v", k, err)
			}
		}
		class := func(k string) string {
			var c string
			if err := db.Get(ctx, &c, "SELECT typeof(x) FROM v WHERE k = ?", k); err != nil {
				t.Fatalf("typeof %s: %v", k, err)
			}
			return c
		}

		if err := insert("bytes", b); err != nil {
			t.Fatalf("binding %q: %v", b, err)
		}
		var gotB any
		read("bytes", &gotB)
		switch want := map[bool]string{true: "null", false: "blob"}[b == nil]; {
		case class("bytes") != want:
			t.Errorf("[]byte %q stored as %s, want %s", b, class("bytes"), want)
		case b == nil && gotB != nil, b != nil && !rowValueEqual(gotB, b):
			t.Errorf("[]byte %q read back as %#v", b, gotB)
		}

		if err := insert("string", s); err != nil {
			t.Fatalf("binding %q: %v", s, err)
		}
		var gotS string
		read("string", &gotS)
		var gotAny any
		read("string", &gotAny)
		if class("string") != "text" || gotS != s || gotAny != any(s) {
			t.Errorf("string %q read back as %q / %#v (%s)", s, gotS, gotAny, class("string"))
		}

		if err := insert("int64", i); err != nil {
			t.Fatalf("binding %d: %v", i, err)
		}
		var gotI int64
		read("int64", &gotI)
		if class("int64") != "integer" || gotI != i {
			t.Errorf("int64 %d read back as %d (%s)", i, gotI, class("int64"))
		}

		err := insert("float64", fl)
		switch {
		case math.IsNaN(fl):
			if !errors.Is(err, adapter.ErrArgument) {
				t.Errorf("NaN: %v, want ErrArgument", err)
			}
		case err != nil:
			t.Fatalf("binding %v: %v", fl, err)
		default:
			var gotF float64
			read("float64", &gotF)
			if class("float64") != "real" || math.Float64bits(gotF) != math.Float64bits(fl) {
				t.Errorf("float64 %v (%#x) read back as %v (%#x, %s)", fl, math.Float64bits(fl), gotF, math.Float64bits(gotF), class("float64"))
			}
		}

		err = insert("uint64", u)
		switch {
		case u > math.MaxInt64:
			if !errors.Is(err, adapter.ErrArgument) {
				t.Errorf("uint64 %d: %v, want ErrArgument", u, err)
			}
		case err != nil:
			t.Fatalf("binding %d: %v", u, err)
		default:
			var gotU uint64
			read("uint64", &gotU)
			if gotU != u {
				t.Errorf("uint64 %d read back as %d", u, gotU)
			}
		}

		if err := insert("bool", flag); err != nil {
			t.Fatalf("binding %v: %v", flag, err)
		}
		var gotBool bool
		read("bool", &gotBool)
		if gotBool != flag || class("bool") != "integer" {
			t.Errorf("bool %v read back as %v (%s)", flag, gotBool, class("bool"))
		}

		var row adapter.Row
		if err := db.Get(ctx, &row, "SELECT ? AS b, ? AS s, ? AS i", b, s, i); err != nil {
			t.Fatalf("Get of bound values: %v", err)
		}
		wantB := any(nil)
		if b != nil {
			wantB = b
		}
		if !rowValueEqual(row["b"], wantB) || row["s"] != any(s) || row["i"] != any(i) {
			t.Errorf("SELECT of bound values gave %#v", row)
		}
	})
}

// FuzzTimeRoundTrip binds a time.Time at any instant a time.Time from
// Unix nanoseconds can hold, in any fixed zone, and reads it back into a
// time.Time: the instant must be the same, or the bind refused with
// ErrArgument.
func FuzzTimeRoundTrip(f *testing.F) {
	f.Add(int64(0), int32(0))
	f.Add(int64(1714566600000000001), int32(2*3600))
	f.Add(int64(-1), int32(-14*3600))
	f.Add(int64(math.MaxInt64), int32(13*3600+45*60))
	f.Fuzz(func(t *testing.T, nanos int64, offset int32) {
		if offset <= -24*3600 || offset >= 24*3600 {
			t.Skip("not a UTC offset")
		}
		db := fuzzDB(t, adapter.Options{})
		ctx := context.Background()
		tm := time.Unix(0, nanos).In(time.FixedZone("", int(offset)))
		var got time.Time
		err := db.Get(ctx, &got, "SELECT ?", tm)
		switch {
		case errors.Is(err, adapter.ErrArgument):
		case err != nil:
			t.Fatalf("time %v: %v", tm, err)
		case !got.Equal(tm):
			t.Errorf("time %v (offset %ds) read back as %v, %v off", tm, offset, got, got.Sub(tm))
		}
	})
}

// rowValueEqual compares values as a Row holds them.
func rowValueEqual(got, want any) bool {
	gb, gok := got.([]byte)
	wb, wok := want.([]byte)
	if gok || wok {
		return gok && wok && bytes.Equal(gb, wb)
	}
	return got == want
}

// FuzzPragma runs fuzzed pragma text through DB.Pragma and
// DB.PragmaValue on a database holding a sentinel table: never a panic,
// every error typed, and the sentinel's rows and the database's integrity
// unchanged whatever the pragma (no pragma can delete rows; anything that
// looks like a second statement must be refused).
func FuzzPragma(f *testing.F) {
	for _, s := range []string{
		"user_version", "user_version = 5", "main.user_version", "table_info(sentinel)", "table_info('sentinel')",
		"foreign_keys = OFF", "journal_mode = WAL", "journal_mode = NOPE", "integrity_check", "quick_check(1)",
		"user_version = 1; DELETE FROM sentinel", "table_info(sentinel); DROP TABLE sentinel", `"main".user_version`,
		"schema_version = 1", "writable_schema = ON", "wal_checkpoint(TRUNCATE)", "optimize", "incremental_vacuum(5)",
		"cache_size = -1e999", "busy_timeout = 0x7fffffffffffffff", "application_id = -1", "page_size = 1024",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		skipFileEffects(t, text)
		db := fuzzDB(t, adapter.Options{})
		ctx, cancel := context.WithTimeout(context.Background(), fuzzTimeout)
		defer cancel()
		exec(t, db, "CREATE TABLE sentinel(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO sentinel(v) VALUES ('a'), ('b'), ('c')")
		_, err := db.Pragma(ctx, text)
		checkTyped(t, "Pragma", text, err)
		_, err = db.PragmaValue(ctx, text)
		checkTyped(t, "PragmaValue", text, err)
		_, err = db.Run(ctx, "PRAGMA "+text)
		checkTyped(t, "Run", "PRAGMA "+text, err)
		var vs []string
		if err := db.All(context.Background(), &vs, "SELECT v FROM sentinel ORDER BY id"); err != nil {
			t.Fatalf("after pragma %q the sentinel cannot be read: %v", text, err)
		}
		if !slices.Equal(vs, []string{"a", "b", "c"}) {
			t.Fatalf("pragma %q changed the sentinel table: %q", text, vs)
		}
		var check []string
		if err := db.All(context.Background(), &check, "PRAGMA integrity_check"); err != nil || !slices.Equal(check, []string{"ok"}) {
			t.Fatalf("after pragma %q: integrity_check %q, %v", text, check, err)
		}
	})
}

// FuzzOpen opens fuzzed file names (relative to a private working
// directory, so anything that does not stay inside it is skipped) with
// fuzzed option values: never a panic, every error typed, and a database
// that opens is at its Path, which is absolute, and works.
func FuzzOpen(f *testing.F) {
	f.Add("x.db", "", "", "", false, int64(0), 0, 0)
	f.Add(":memory:", "WAL", "FULL", "", false, int64(0), 0, 0)
	f.Add("", "delete", "off", "temp_store = MEMORY", false, int64(-1), 1, 1)
	f.Add("a?mode=ro#x%41.db", "TRUNCATE", "extra", "cache_size = 10", false, int64(1<<20), 3, 2)
	f.Add("sub/dir/x.db", "memory", "normal", "nope = 1", true, int64(0), 0, 0)
	f.Add("file:x.db?mode=memory", "wal2", "2", "foreign_keys = ON; DROP TABLE t", false, int64(0), -1, 7)
	f.Add("nul\x00.db", "", "", "", false, int64(0), 0, 0)
	f.Fuzz(func(t *testing.T, name, journal, sync, pragma string, readOnly bool, mmap int64, maxOpen, fk int) {
		memory := name == "" || name == ":memory:"
		if !memory && !filepath.IsLocal(name) {
			t.Skip("the name leaves the working directory")
		}
		if len(name) > 4000 {
			t.Skip("longer than Linux's PATH_MAX")
		}
		skipFileEffects(t, pragma)
		dir := t.TempDir()
		t.Chdir(dir)
		opts := adapter.Options{
			Driver: fuzzDriver(), JournalMode: journal, Synchronous: sync, ReadOnly: readOnly, MmapSize: mmap,
			MaxOpenConns: maxOpen, NoForeignKeys: fk%2 == 1, BusyTimeout: 100 * time.Millisecond,
		}
		if pragma != "" {
			opts.Pragmas = []string{pragma}
		}
		ctx, cancel := context.WithTimeout(context.Background(), fuzzTimeout)
		defer cancel()
		db, err := adapter.Open(ctx, name, &opts)
		checkTyped(t, "Open", name, err)
		if err != nil {
			return
		}
		defer db.Close()
		path := db.Path()
		switch {
		case memory && path != ":memory:":
			t.Errorf("Open(%q).Path() = %q, want :memory:", name, path)
		case !memory && !filepath.IsAbs(path):
			t.Errorf("Open(%q).Path() = %q, not absolute", name, path)
		case !memory && path != filepath.Join(dir, name):
			t.Errorf("Open(%q).Path() = %q, want %q", name, path, filepath.Join(dir, name))
		case strings.HasSuffix(name, "/"):
			t.Errorf("Open(%q) opened %q: a name ending in / is a directory", name, path)
		}
		err = db.Exec(ctx, "CREATE TABLE t(x); INSERT INTO t VALUES (1)")
		checkTyped(t, "Exec", name, err)
		if err != nil && !readOnly {
			t.Errorf("Open(%q, %+v) succeeded but a write failed: %v", name, opts, err)
		}
		if err == nil && !memory {
			if _, serr := os.Stat(path); serr != nil {
				t.Errorf("Open(%q) wrote, but not to %q: %v", name, path, serr)
			}
		}
		checkTyped(t, "Close", name, db.Close())
	})
}
