package rqlite

import (
	"context"
	"errors"
	"fmt"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// Driver is the adapter's driver for rqlite: adapter.Open with
// Options.Driver "rqlite" and a DSN as the path (see the package
// documentation) gives the adapter's API on an rqlite cluster. The package
// registers it from init.
//
// Each connection of the adapter's pool is a [Client] of its own. The
// driver is remote (contract.Info.Remote): the adapter passes the DSN
// through unchanged and leaves every setting to the cluster.
type Driver struct{}

var _ contract.Driver = Driver{}

func init() { contract.Register(Driver{}) }

const (
	// driverName is the name the driver registers under.
	driverName = "rqlite"
	// serverModule is the Go module of the server the driver speaks to.
	serverModule = "github.com/rqlite/rqlite/v8"
)

// Reasons given for what the driver cannot do, in Info.Features.
const (
	whyNoTransactions = "rqlite has no interactive transactions: each HTTP request is applied atomically on its own, " +
		"so nothing can be read inside a transaction and acted on in it (DB.Batch sends several statements as one atomic request)"
	whyNoSerialize = "rqlite's HTTP API has no sqlite3_serialize or sqlite3_deserialize (its /db/backup and /db/load endpoints replace the whole cluster's database)"
	whyNoDBConfig  = "rqlited opens its own SQLite connections: sqlite3_db_config cannot be set through its HTTP API"
	whyNoHeapLimit = "PRAGMA hard_heap_limit would limit the memory of every rqlited node, for every client"
	whyNoLocalFile = "the database lives on the rqlite nodes, not in a file of this machine: no journal or WAL files, " +
		"checkpoints, mmap or storage checks here, and the nodes own the settings the adapter applies to a local " +
		"file's connections (journal mode, synchronous, busy_timeout, cache_size, trusted_schema; foreign keys with rqlited -fk)"
	whyNoBackup = "VACUUM INTO would write its file on every node's machine, not this one (rqlite's GET /db/backup gives a copy)"
)

// Info describes the driver. The SQLite version and compile options are
// the cluster's, filled in by the adapter from a live connection. No
// rqlite module is linked into the program: Module and ModuleVersion name
// the server's API the driver speaks (rqlite v8's HTTP API); a node's own
// version is in [Client.Status].
func (Driver) Info() contract.Info {
	return contract.Info{
		Name:          driverName,
		Module:        serverModule,
		ModuleVersion: "v8",
		Remote:        true,
		Features: map[contract.Feature]contract.Support{
			contract.FeatureTransactions: {Reason: whyNoTransactions},
			contract.FeatureSerialize:    {Reason: whyNoSerialize},
			contract.FeatureDefensive:    {Reason: whyNoDBConfig},
			contract.FeatureDQSControl:   {Reason: whyNoDBConfig},
			contract.FeatureHeapLimit:    {Reason: whyNoHeapLimit},
			contract.FeatureLocalFile:    {Reason: whyNoLocalFile},
			contract.FeatureBackup:       {Reason: whyNoBackup},
		},
	}
}

// OpenConn returns a connection to the cluster cfg.Path names (a DSN, see
// the package documentation). It sends nothing: the first statement finds
// the nodes. cfg.NoCreate changes nothing (a cluster's database always
// exists); with cfg.ReadOnly every statement is sent to rqlite's query
// endpoint, which refuses writes (SQLITE_READONLY). No sqlite3_db_config
// option can be set: any in cfg.DBConfig fails with an error wrapping
// errors.ErrUnsupported.
func (Driver) OpenConn(ctx context.Context, cfg contract.ConnConfig) (contract.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for op := range cfg.DBConfig {
		return nil, fmt.Errorf("rqlite: sqlite3_db_config option %d: %w: %s", op, errors.ErrUnsupported, whyNoDBConfig)
	}
	c, err := Open(ctx, cfg.Path, nil)
	if err != nil {
		return nil, err
	}
	return &conn{client: c, readOnly: cfg.ReadOnly}, nil
}

// DecodeError reports the SQLite extended result code and message of an
// [*Error] in err's chain, as the package function [DecodeError] does.
func (Driver) DecodeError(err error) (code sqlite.ExtendedCode, msg string, ok bool) {
	c, msg, ok := DecodeError(err)
	return sqlite.ExtendedCode(c), msg, ok
}
