package pragma

import (
	"context"
	"path/filepath"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/internal/env"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// mmapCases: mmap_size from Options.MmapSize and $ANYSQLITE_MMAP_SIZE.
// The environment is process-wide: each case sets and restores it around
// one Open.
var mmapCases = []spec.Case{
	{
		Name:   "MmapSizeDefaultOff",
		Doc:    "without MmapSize or $ANYSQLITE_MMAP_SIZE, mmap_size is 0 on every connection",
		Action: mmapWith("", false, 0),
		Want:   map[string]any{"mmap_size": int64(0)},
	},
	{
		Name:     "MmapSizeOption",
		Doc:      "MmapSize 1 MiB gives mmap_size 1048576 on every connection",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action:   mmapWith("", false, 1<<20),
		Want:     map[string]any{"mmap_size": int64(1 << 20)},
	},
	{
		Name:     "MmapSizeFromEnvironment",
		Doc:      "with MmapSize zero, $ANYSQLITE_MMAP_SIZE=2097152 gives mmap_size 2097152 on every connection",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action:   mmapWith("2097152", true, 0),
		Want:     map[string]any{"mmap_size": int64(2 << 20)},
	},
	{
		Name:     "MmapSizeOptionBeatsEnvironment",
		Doc:      "an explicit MmapSize wins over $ANYSQLITE_MMAP_SIZE",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action:   mmapWith("2097152", true, 1<<20),
		Want:     map[string]any{"mmap_size": int64(1 << 20)},
	},
	{
		Name:   "MmapSizeNegativeForcesOff",
		Doc:    "a negative MmapSize gives mmap_size 0 even with $ANYSQLITE_MMAP_SIZE set",
		Action: mmapWith("2097152", true, -1),
		Want:   map[string]any{"mmap_size": int64(0)},
	},
	{
		Name:    "MmapSizeInvalidEnvironment",
		Doc:     "an $ANYSQLITE_MMAP_SIZE that is not a byte count makes Open fail with ErrOptions",
		Action:  mmapWith("lots", true, 0),
		WantErr: adapter.ErrOptions,
	},
	{
		Name:   "MmapSizePragmaOnEveryConnection",
		Doc:    "db.Pragma(\"mmap_size = 65536\") reaches every pool connection",
		Action: pragmaReaches([]string{"mmap_size = 65536"}, "mmap_size"),
		Want:   map[string]any{"mmap_size": int64(65536)},
	},
}

// mmapWith returns an Action that opens a new database with
// $ANYSQLITE_MMAP_SIZE set to value (or unset) and Options.MmapSize opt, and
// returns mmap_size as seen on every connection.
func mmapWith(value string, set bool, opt int64) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		var db *adapter.DB
		err := env.With(adapter.EnvMmapSize, value, set, func() error {
			var err error
			db, err = e.Open(ctx, filepath.Join(e.Dir, "mmap.db"), adapter.Options{MmapSize: opt})
			if err != nil {
				return err
			}
			// Open every connection the check uses while the environment is set.
			return warm(ctx, db, conns)
		})
		if err != nil {
			return nil, err
		}
		return onConns(ctx, db, conns, "mmap_size")
	}
}
