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
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/drivers/internal/wrap"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"
	"github.com/ncruces/go-sqlite3/ext/rtree"
)

// module is the Go module path of the SQLite driver behind this package.
const module = "github.com/ncruces/go-sqlite3"

func init() {
	contract.Register(Driver{})
}

// Driver is the [contract.Driver] for github.com/ncruces/go-sqlite3. It also
// implements [contract.Serializer].
type Driver struct{}

var (
	_ contract.Driver     = Driver{}
	_ contract.Serializer = Driver{}
)

// Info describes the driver; the adapter completes it from a live
// connection.
func (Driver) Info() contract.Info {
	return contract.Info{
		Name:          "ncruces",
		Module:        module,
		ModuleVersion: wrap.ModuleVersion(module),
		Cgo:           false,
		Features: map[contract.Feature]contract.Support{
			contract.FeatureFTS5:       {OK: true},
			contract.FeatureRTree:      {OK: true},
			contract.FeatureSerialize:  {OK: true},
			contract.FeatureBackup:     {OK: true},
			contract.FeatureDefensive:  {OK: true},
			contract.FeatureDQSControl: {OK: true},
		},
		Unavailable: unavailable(),
	}
}

// OpenConn opens the database at cfg.Path, registers FTS5 and R*Tree on
// the connection and applies cfg.DBConfig. It sets nothing else.
func (Driver) OpenConn(ctx context.Context, cfg contract.ConnConfig) (contract.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if why := unavailable(); why != "" {
		return nil, errUnavailable(why)
	}
	// Path is a plain file name (or ":memory:"): '?', '#' and '%' in it
	// are taken literally (open escapes them in the URI that selects the
	// VFS, see vfs.go).
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
	if len(path) > maxPathname {
		// ncruces' VFS would panic reading the name; SQLite's unix VFS
		// fails such a name with SQLITE_CANTOPEN.
		return nil, fmt.Errorf("ncruces: open: the path is %d bytes, longer than the %d bytes the VFS can hold: %w",
			len(path), maxPathname, sqlite3.CANTOPEN)
	}
	raw, err := open(path, flags)
	if err != nil && flags&sqlite3.OPEN_READWRITE != 0 && notWritable(err) {
		// As SQLite's unix VFS does, open a file the process may not
		// write read-only: it reads, and writes fail with
		// SQLITE_READONLY. ncruces' VFS fails with SQLITE_CANTOPEN.
		if ro, rerr := open(path, sqlite3.OPEN_READONLY); rerr == nil {
			raw, err = ro, nil
		}
	}
	if err != nil {
		return nil, err
	}
	c := &conn{raw: raw}
	if err := c.setUp(ctx, cfg.DBConfig); err != nil {
		c.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("ncruces: open: %w: %w", ctx.Err(), err)
		}
		return nil, err
	}
	c.install()
	return c, nil
}

// maxPathname is the mxPathname of ncruces' VFS: the longest file name,
// in bytes, that it reads.
const maxPathname = 1024

// open is sqlite3.OpenFlags, with the panics of ncruces that stand for
// SQLite errors turned into those errors (see recovered). A connection
// whose opening panicked is lost, with SQLite's state: it was never
// returned.
func open(path string, flags sqlite3.OpenFlag) (raw *sqlite3.Conn, err error) {
	defer func() {
		if r := recover(); r != nil {
			raw = nil
			err, _ = recovered(r)
		}
	}()
	return sqlite3.OpenFlags(openName(path, flags))
}

// notWritable reports whether err, of opening a database read-write, is
// SQLITE_CANTOPEN because the system refused to open the file for
// writing: permission denied (EACCES, EPERM) or a read-only file system
// (EROFS). SQLite's unix VFS retries read-only then. If the file does
// not exist, the retry fails too.
func notWritable(err error) bool {
	return errors.Is(err, sqlite3.CANTOPEN) &&
		(errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS))
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
func (c *conn) setUp(ctx context.Context, options map[contract.DBConfigOp]bool) (err error) {
	defer c.catch(&err)
	raw := c.raw
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
