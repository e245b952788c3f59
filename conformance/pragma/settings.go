package pragma

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// settingCases: journal_mode, synchronous, cache_size, temp_store and
// Options.Pragmas.
var settingCases = []spec.Case{
	{
		Name:     "JournalModeDefaultWAL",
		Doc:      "a file database opens in WAL mode by default, and the mode is stored in the file (a later handle sees it)",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Setup:    "CREATE TABLE t(a);",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			mode, err := e.DB.PragmaValue(ctx, "journal_mode")
			if err != nil {
				return nil, err
			}
			ro, err := e.Open(ctx, e.Path, adapter.Options{ReadOnly: true})
			if err != nil {
				return nil, err
			}
			roMode, err := ro.PragmaValue(ctx, "journal_mode")
			return []any{mode, roMode}, err
		},
		Want: []any{"wal", "wal"},
	},
	{
		Name:     "JournalModeDeleteOption",
		Doc:      "JournalMode \"delete\" (any case) gives journal_mode delete and synchronous FULL on every connection",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Options:  adapter.Options{JournalMode: "delete"},
		Action:   onEveryConn("journal_mode", "synchronous"),
		Want:     map[string]any{"journal_mode": "delete", "synchronous": int64(2)},
	},
	{
		Name:     "JournalModeTruncateOption",
		Doc:      "JournalMode TRUNCATE holds on every connection, with synchronous FULL",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Options:  adapter.Options{JournalMode: "TRUNCATE"},
		Action:   onEveryConn("journal_mode", "synchronous"),
		Want:     map[string]any{"journal_mode": "truncate", "synchronous": int64(2)},
	},
	{
		Name:     "JournalModeMemoryOption",
		Doc:      "JournalMode MEMORY holds on every connection",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Options:  adapter.Options{JournalMode: "MEMORY"},
		Action:   onEveryConn("journal_mode"),
		Want:     map[string]any{"journal_mode": "memory"},
	},
	{
		Name: "JournalModeOffOptionNotALockError",
		Doc:  "JournalMode OFF (a documented option) either takes effect or is refused with ErrOptions; it is never reported as a lock conflict (ErrBusy)",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			db, err := e.Open(ctx, filepath.Join(e.Dir, "off.db"), adapter.Options{JournalMode: "OFF"})
			switch {
			case errors.Is(err, adapter.ErrOptions):
				return "off", nil
			case err != nil:
				return nil, spec.Failf("Open with JournalMode OFF: %v", err)
			}
			return db.PragmaValue(ctx, "journal_mode")
		},
		Want: "off",
	},
	{
		Name:    "SynchronousOption",
		Doc:     "Synchronous \"off\" (any case) gives synchronous 0 on every connection",
		Options: adapter.Options{Synchronous: "off"},
		Action:  onEveryConn("synchronous"),
		Want:    map[string]any{"synchronous": int64(0)},
	},
	{
		Name:     "SynchronousOptionOverridesJournalDefault",
		Doc:      "an explicit Synchronous NORMAL holds in DELETE mode, where the default would be FULL",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Options:  adapter.Options{JournalMode: "DELETE", Synchronous: "NORMAL"},
		Action:   onEveryConn("synchronous"),
		Want:     map[string]any{"synchronous": int64(1)},
	},
	{
		Name:    "CacheSizeOptionPages",
		Doc:     "a positive CacheSize is a page count, on every connection",
		Options: adapter.Options{CacheSize: 500},
		Action:  onEveryConn("cache_size"),
		Want:    map[string]any{"cache_size": int64(500)},
	},
	{
		Name:     "CacheSizeOptionKiB",
		Doc:      "a negative CacheSize is KiB, on every connection",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Options:  adapter.Options{CacheSize: -4096},
		Action:   onEveryConn("cache_size"),
		Want:     map[string]any{"cache_size": int64(-4096)},
	},
	{
		Name:     "TempStoreViaOptionsPragmas",
		Doc:      "Options.Pragmas temp_store = MEMORY holds on every connection",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Options:  adapter.Options{Pragmas: []string{"temp_store = MEMORY"}},
		Action:   onEveryConn("temp_store"),
		Want:     map[string]any{"temp_store": int64(2)},
	},
	{
		Name:     "SeveralOptionsPragmas",
		Doc:      "several Options.Pragmas, in both name = value and name(value) forms, all hold on every connection",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Options: adapter.Options{Pragmas: []string{
			"temp_store = FILE", "recursive_triggers = ON", "automatic_index(OFF)", "PRAGMA case_sensitive_like = true;",
		}},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			got, err := onConns(ctx, e.DB, conns, "temp_store", "recursive_triggers", "automatic_index")
			if err != nil {
				return nil, err
			}
			// case_sensitive_like cannot be read back; observe it.
			var like int64
			err = e.DB.Get(ctx, &like, "SELECT 'a' LIKE 'A'")
			got["like"] = like
			return got, err
		},
		Want: map[string]any{"temp_store": int64(1), "recursive_triggers": int64(1), "automatic_index": int64(0), "like": int64(0)},
	},
	{
		Name:     "OptionsPragmasOverrideDefaults",
		Doc:      "Options.Pragmas run after the other options: busy_timeout there beats the default",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Options:  adapter.Options{Pragmas: []string{"busy_timeout = 777"}},
		Action:   onEveryConn("busy_timeout"),
		Want:     map[string]any{"busy_timeout": int64(777)},
	},
	{
		Name: "OptionsPragmasMustBeSettings",
		Doc:  "Options.Pragmas refuses a read (no value) and a database-wide setting (user_version) with ErrOptions",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var wrong []string
			for _, p := range []string{"cache_size", "user_version = 1", "application_id = 5"} {
				if _, err := e.Open(ctx, e.Path, adapter.Options{Pragmas: []string{p}}); !errors.Is(err, adapter.ErrOptions) {
					wrong = append(wrong, p+": "+errString(err))
				}
			}
			if wrong != nil {
				return nil, spec.Failf("not refused with ErrOptions: %s", strings.Join(wrong, "; "))
			}
			return e.DB.PragmaValue(ctx, "user_version")
		},
		Want: int64(0),
	},
}

// errString formats a possibly nil error.
func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
