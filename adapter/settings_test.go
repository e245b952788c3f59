package adapter_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/google/go-cmp/cmp"
)

// settingsOf reads the per-connection settings on each of n connections
// held at once, so every connection of the pool is checked, not one.
func settingsOf(t *testing.T, db *adapter.DB, n int) []map[string]int64 {
	t.Helper()
	ctx := context.Background()
	var out []map[string]int64
	for i := 0; i < n; i++ {
		c, err := db.SQL().Conn(ctx)
		must(t, err)
		defer c.Close()
		m := map[string]int64{}
		for _, p := range []string{"busy_timeout", "foreign_keys", "synchronous", "cache_size", "mmap_size", "trusted_schema"} {
			var v int64
			must(t, c.QueryRowContext(ctx, "PRAGMA "+p).Scan(&v))
			m[p] = v
		}
		out = append(out, m)
	}
	return out
}

func TestDefaultsOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	want := map[string]int64{"busy_timeout": 5000, "foreign_keys": 1, "synchronous": 1, "cache_size": -2000, "mmap_size": 0, "trusted_schema": 0}
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		for i, got := range settingsOf(t, db, 8) {
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("connection %d (-want +got):\n%s", i, diff)
			}
		}
		mode, err := db.PragmaValue(ctx, "journal_mode")
		must(t, err)
		if mode != "wal" {
			t.Errorf("journal_mode = %v", mode)
		}
		if got := db.Driver().Name; got != driver {
			t.Errorf("Driver().Name = %q", got)
		}
	})
}

func TestOptionsOnEveryConnection(t *testing.T) {
	opts := &adapter.Options{
		BusyTimeout: 1500 * time.Millisecond, ForeignKeys: adapter.Off, JournalMode: "delete",
		Synchronous: "extra", CacheSize: 100, MmapSize: 1 << 20, Pragmas: []string{"temp_store = MEMORY"},
	}
	want := map[string]int64{"busy_timeout": 1500, "foreign_keys": 0, "synchronous": 3, "cache_size": 100, "mmap_size": 1 << 20, "trusted_schema": 0}
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, opts)
		for i, got := range settingsOf(t, db, 8) {
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("connection %d (-want +got):\n%s", i, diff)
			}
		}
		ts, err := db.PragmaValue(context.Background(), "temp_store")
		must(t, err)
		if ts != int64(2) {
			t.Errorf("temp_store = %v", ts)
		}
	})
}

func TestPragmaSettingReachesEveryConnection(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		settingsOf(t, db, 8) // open 8 connections, now idle in the pool
		_, err := db.Pragma(ctx, "foreign_keys = OFF")
		must(t, err)
		must(t, db.Exec(ctx, "PRAGMA busy_timeout = 1234; CREATE TABLE t(x)"))
		_, err = db.Run(ctx, "PRAGMA cache_size = 77")
		must(t, err)
		for i, got := range settingsOf(t, db, 8) {
			if got["foreign_keys"] != 0 || got["busy_timeout"] != 1234 || got["cache_size"] != 77 {
				t.Errorf("connection %d: %v", i, got)
			}
		}
		if _, err := db.Prepare(ctx, "PRAGMA foreign_keys = ON"); !errors.Is(err, adapter.ErrPerConnection) {
			t.Errorf("Prepare of a per-connection setting: %v", err)
		}
	})
}

func TestPragma(t *testing.T) {
	ctx := context.Background()
	eachDriver(t, func(t *testing.T, driver string) {
		db := open(t, driver, nil)
		exec(t, db, "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL)")
		cols, err := db.Pragma(ctx, "table_info(t)")
		must(t, err)
		if len(cols) != 2 || cols[1]["name"] != "b" || cols[1]["notnull"] != int64(1) {
			t.Errorf("table_info = %v", cols)
		}
		_, err = db.Pragma(ctx, "user_version = 42")
		must(t, err)
		v, err := db.PragmaValue(ctx, "main.user_version")
		must(t, err)
		if v != int64(42) {
			t.Errorf("user_version = %v", v)
		}
		ok, err := db.PragmaValue(ctx, "quick_check")
		must(t, err)
		if ok != "ok" {
			t.Errorf("quick_check = %v", ok)
		}
		opts, err := db.Pragma(ctx, "compile_options")
		must(t, err)
		if len(opts) == 0 {
			t.Error("no compile options")
		}
		for _, bad := range []string{"nope", "user_version = 1; DROP TABLE t", "table_info(t); DROP TABLE t", "user_version = (SELECT 1)"} {
			if _, err := db.Pragma(ctx, bad); !errors.Is(err, adapter.ErrPragma) {
				t.Errorf("Pragma(%q) = %v, want ErrPragma", bad, err)
			}
		}
		if count(t, db) != 0 { // table t survived every injection attempt
			t.Error("t changed")
		}
	})
}

func TestInvalidOptions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	for name, o := range map[string]adapter.Options{
		"JournalMode":  {JournalMode: "sideways"},
		"Synchronous":  {Synchronous: "sometimes"},
		"Pragmas":      {Pragmas: []string{"user_version = 1"}},
		"PragmaInject": {Pragmas: []string{"cache_size = 1; DROP TABLE x"}},
		"MaxOpenConns": {MaxOpenConns: -1},
		"Toggle":       {ForeignKeys: 9},
	} {
		if _, err := adapter.Open(ctx, path, &o); !errors.Is(err, adapter.ErrOptions) {
			t.Errorf("%s: Open = %v, want ErrOptions", name, err)
		}
	}
}
