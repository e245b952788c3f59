// Package ncruces plugs github.com/ncruces/go-sqlite3 (SQLite compiled to
// Go with wasm2go, no cgo) into the adapter. Import it for its side effect:
//
//	import _ "github.com/anysqlite/anysqlite/drivers/ncruces"
//
// It talks to ncruces' root package directly and implements its own small
// database/sql/driver layer, because github.com/ncruces/go-sqlite3/driver
// registers the database/sql name "sqlite3", which collides with
// github.com/mattn/go-sqlite3 in a binary that links both. Every
// connection gets the FTS5 and R*Tree (with geopoly) modules, which the
// wasm build of SQLite keeps out of its core.
package ncruces

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"
	"github.com/ncruces/go-sqlite3/ext/rtree"

	"github.com/anysqlite/anysqlite/adapter"
)

// module is the Go module path of the SQLite driver behind this package.
const module = "github.com/ncruces/go-sqlite3"

// fallbackVersion is reported when the binary carries no build information
// for module; keep it in step with go.mod.
const fallbackVersion = "v0.35.6"

func init() {
	adapter.Register(Driver{})
}

// Driver is the [adapter.Driver] for github.com/ncruces/go-sqlite3. It also
// implements [adapter.Serializer].
type Driver struct{}

var (
	_ adapter.Driver     = Driver{}
	_ adapter.Serializer = Driver{}
)

// Info describes the driver; the adapter completes it from a live
// connection.
func (Driver) Info() adapter.DriverInfo {
	version := adapter.ModuleVersion(module)
	if version == "" {
		version = fallbackVersion
	}
	return adapter.DriverInfo{
		Name:          "ncruces",
		Module:        module,
		ModuleVersion: version,
		Cgo:           false,
		Features: map[adapter.Feature]adapter.Support{
			adapter.FeatureFTS5:       {OK: true},
			adapter.FeatureRTree:      {OK: true},
			adapter.FeatureSerialize:  {OK: true},
			adapter.FeatureBackup:     {OK: true},
			adapter.FeatureDefensive:  {OK: true},
			adapter.FeatureDQSControl: {OK: true},
		},
	}
}

// OpenConn opens the database at cfg.Path, registers FTS5 and R*Tree on
// the connection and applies cfg.DBConfig. It sets nothing else.
func (Driver) OpenConn(ctx context.Context, cfg adapter.ConnConfig) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// No OPEN_URI: Path is a plain file name (or ":memory:"), so '?', '#'
	// and '%' in it are taken literally.
	var flags sqlite3.OpenFlag
	switch {
	case cfg.ReadOnly:
		flags = sqlite3.OPEN_READONLY
	case cfg.NoCreate:
		flags = sqlite3.OPEN_READWRITE
	default:
		flags = sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE
	}
	path := cfg.Path
	if strings.HasPrefix(path, "file:") {
		// This build of SQLite reads "file:" names as URIs whatever the
		// flags; Path is always absolute, but be safe.
		path = "./" + path
	}
	raw, err := sqlite3.OpenFlags(path, flags)
	if err != nil {
		return nil, err
	}
	if err := setUp(ctx, raw, cfg.DBConfig); err != nil {
		raw.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("ncruces: open: %w: %w", ctx.Err(), err)
		}
		return nil, err
	}
	return &conn{raw: raw}, nil
}

// openBusyTimeout bounds the wait for a lock in OpenConn, like the 5s
// busy_timeout mattn opens its connections with; ctx ends it sooner.
const openBusyTimeout = 5 * time.Second

// setUp registers FTS5 and R*Tree and applies the sqlite3_db_config
// options.
//
// Registering FTS5 compiles a statement, which reads the schema, so it
// waits for a lock another connection holds: as under busy_timeout, for up
// to openBusyTimeout, and no longer than ctx (ncruces' busy handler gives
// up once the interrupt context ends). busy_timeout is back at SQLite's 0
// afterwards, for the adapter to set.
func setUp(ctx context.Context, raw *sqlite3.Conn, options map[adapter.DBConfigOp]bool) error {
	old := raw.SetInterrupt(ctx)
	defer raw.SetInterrupt(old)
	if err := raw.BusyTimeout(openBusyTimeout); err != nil {
		return err
	}
	if err := fts5.Register(raw); err != nil {
		return err
	}
	if err := rtree.Register(raw); err != nil {
		return err
	}
	if err := raw.BusyTimeout(0); err != nil {
		return err
	}
	for op, on := range options {
		got, err := raw.Config(sqlite3.DBConfig(op), on)
		if errors.Is(err, sqlite3.MISUSE) {
			return fmt.Errorf("ncruces: sqlite3_db_config option %d: %w", op, errors.ErrUnsupported)
		}
		if err != nil {
			return err
		}
		if got != on {
			return fmt.Errorf("ncruces: sqlite3_db_config option %d stayed %t: %w", op, got, errors.ErrUnsupported)
		}
	}
	return nil
}
