package rqliteconform

import (
	"context"
	"fmt"
	"sync"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
	"github.com/anysqlite/anysqlite/drivers/rqlite"
	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

// Opener returns the conformance suite's Opener for the rqlite driver on
// cluster c, whose nodes serve one database: each case gets it empty
// (rqlitetest's Cluster.Reset runs when a case opens a path it has not
// opened before), and every path a case opens is that same database, so
// that a case opening "the same file" again gets a second pool on it. The
// adapter opens it with the DSN of every node, at the driver's default
// read consistency (linearizable).
//
// The cases run one at a time: Open of a new path resets the database
// under any pool still open on it.
func Opener(c *rqlitetest.Cluster) conformance.Opener {
	var mu sync.Mutex
	current := "" // the path of the case in progress
	dsn := c.DSN("")
	return conformance.Opener{Name: "rqlite", Known: Known, Open: func(ctx context.Context, path string, opts adapter.Options) (*adapter.DB, error) {
		mu.Lock()
		fresh := path != current
		current = path
		mu.Unlock()
		if fresh {
			if err := c.Reset(ctx); err != nil {
				return nil, fmt.Errorf("rqlite: empty the cluster's database for the case: %w", err)
			}
		}
		opts.Driver = ""
		return adapter.OpenDriver(ctx, rqlite.Driver{}, dsn, &opts)
	}}
}

// Reasons shared by several entries of Known.
const (
	whyNoInf = "rqlite's HTTP API carries values as JSON, which has no infinity (and rqlite refuses 1e999), " +
		"so the driver refuses ±Inf with ErrUnsupportedValue before sending anything"
	whyNoStream = "rqlite answers a query with its whole result (or an error) in one HTTP response: " +
		"no row reaches Iterate before the query has finished, so the loop has nothing to cancel from, " +
		"and this query (5e9 rows, or a slow second row) would run until rqlite's query timeout"
	whyPerConn = "a PRAGMA sent through rqlite runs on one of the node's own SQLite connections (a write on the one that " +
		"applies the Raft log, a read on a read connection), so a per-connection setting does not reach the " +
		"connection the next statement uses; the nodes own these settings"
	whySQLite3461 = "rqlite v8.36.0 links SQLite 3.46.1, "
)

// Known are the cases that cannot pass on rqlite for a reason of its API
// or of the SQLite it links, which the driver cannot remove: they are
// reported unsupported with the reason (conformance.Opener.Known), and a
// listed case that passes fails the run.
var Known = map[string]conformance.Known{
	"API/CancelInterruptsRun": {Skip: true, Reason: "a write cannot be interrupted once rqlite has it: " +
		"it runs to its end on every node, and this one (5e9 rows) would keep the cluster's writes and consistent reads waiting for minutes"},
	"API/CancelInterruptsIterate":   {Skip: true, Reason: whyNoStream},
	"Adversity/EndedWaitingForARow": {Skip: true, Reason: whyNoStream},
	"API/ReturningRefusedByDestinationWritesNothing": {Reason: "rqlite applies a write on its nodes before the client sees its RETURNING rows: " +
		"a destination refused before the request (nil, not a pointer, not a slice) writes nothing, but one that refuses the rows' " +
		"columns or values leaves the row written"},
	"API/ExplainAfterSchemaChange": {Reason: "rqlited v8.36.0 answers EXPLAIN of an INSERT with no rows and no error " +
		"(EXPLAIN of a SELECT lists its program), so the case cannot see the Insert opcode"},
	"API/IterateErrorMidway":    {Reason: "rqlite answers a query with its whole result or an error: the rows before an error at the third row never reach the client"},
	"Types/PositiveInfinity":    {Reason: whyNoInf},
	"Types/NegativeInfinity":    {Reason: whyNoInf},
	"Errors/InfinityRoundTrips": {Reason: whyNoInf},
	"Types/InvalidUTF8Text":     {Reason: "rqlite's HTTP API carries TEXT as JSON strings, which replace invalid UTF-8, so the driver refuses such TEXT with ErrUnsupportedValue before sending anything"},
	"Errors/ValueTooBig": {Skip: true, Reason: "rqlite rewrites randomblob(N) into a literal blob of N bytes before the statement enters the Raft log: " +
		"randomblob(1000000001) makes the leader build a 1 GB literal, which stalls the cluster for tens of seconds and costs it its leader"},
	"Errors/BeyondSQLiteLimits": {Reason: whySQLite3461 + "which runs an UPDATE with 5000 nested parentheses around a literal " +
		"instead of refusing it (checked on rqlited directly; later SQLite versions refuse it)"},
	"Pragmas/SchemaQualifiedSettingOnEveryConnection": {Reason: whyPerConn},
	"Pragmas/BusyTimeoutPragmaOnEveryConnection":      {Reason: whyPerConn},
	"Pragmas/PerConnectionPragmaViaRun":               {Reason: whyPerConn},
	"Pragmas/PerConnectionPragmaViaExecScript":        {Reason: whyPerConn},
	"Pragmas/PerConnectionPragmaViaGet":               {Reason: whyPerConn},
	"Pragmas/LaterSettingOverridesOption":             {Reason: whyPerConn},
	"Pragmas/CacheSizeOptionPages":                    {Reason: whyPerConn},
	"Pragmas/MmapSizePragmaOnEveryConnection":         {Reason: whyPerConn},
	"Pragmas/ForeignKeyCheckRows": {Reason: "the nodes enforce foreign keys on every request (rqlited -fk): " +
		"the case cannot turn them off to store the violations it then lists"},
	"FTS5/ContentlessUnindexed": {Reason: whySQLite3461 + "whose FTS5 has no contentless_unindexed option (added in SQLite 3.47.0)"},
	"FTS5/Locale":               {Reason: whySQLite3461 + "whose FTS5 has no locale option (added in SQLite 3.47.0)"},
	"FTS5/MergeCommand": {Reason: "total_changes() counts the changes of one SQLite connection, and rqlite runs the 'merge' " +
		"on the connection that applies the Raft log and the reads that measure it on another"},
	"FTS5/IntegrityCheckExternalContent": {Reason: "rqlite passes SQLite's message without its result code, and " +
		"\"database disk image is malformed\" is SQLITE_CORRUPT or its extended SQLITE_CORRUPT_VTAB: the driver can only say SQLITE_CORRUPT"},
}
