// Package rqlite is the anysqlite driver for rqlite v8 (https://rqlite.io),
// SQLite replicated with Raft behind an HTTP API, and the client it is
// built on. Importing it registers [Driver] as "rqlite", so that the
// adapter's API works on a cluster, with the DSN (below) as the path:
//
//	db, err := adapter.Open(ctx, "http://10.0.0.1:4001,http://10.0.0.2:4001", &adapter.Options{Driver: "rqlite"})
//
// Through the adapter, interactive transactions are unsupported (rqlite
// has none: Transaction and BeginTx return an error wrapping
// errors.ErrUnsupported) and DB.Batch is the atomic unit; everything below
// holds for the adapter's calls as for the client's. The client alone:
//
//	c, err := rqlite.Open(ctx, "http://10.0.0.1:4001,http://10.0.0.2:4001?level=strong", nil)
//	res, err := c.Exec(ctx, "INSERT INTO t(v) VALUES(?)", "x")
//	rows, err := c.Query(ctx, "SELECT id, v FROM t WHERE id = ?", res.LastInsertID)
//	_, err = c.Batch(ctx, rqlite.Statement{SQL: "..."}, rqlite.Statement{SQL: "..."}) // all or nothing
//
// # DSN
//
// A DSN is one or more node URLs separated by commas, then optionally "?"
// and parameters that apply to the whole client:
//
//	http[s]://[user:password@]host:port[/path][,http[s]://...][?name=value&...]
//
// Each URL is a node's HTTP API; its path, if any, is a prefix put before
// the API paths (/db/execute, /db/query, /status), for a node behind a
// reverse proxy. User information becomes HTTP basic authentication on
// every request and must be the same on every URL that gives it. The
// parameters are those of [Options]: level, freshness, freshness_strict,
// timeout, retry, resolve, retention and forward; any other is an error.
// A DSN parameter overrides the Options field.
//
// The nodes are where the client starts: writes and consistent reads go
// to the leader, which a follower names in a redirect (or, with forward,
// reaches itself), so one node of the cluster is enough and more only add
// places to start from while some are down. A request whose node refuses
// the connection, has no leader (503 "leader not found") or is not the
// leader moves on to the next node, and after a round of all of them
// waits (20 ms, doubling to 200 ms) until Options.RetryTimeout.
//
// # Reads
//
// Reads use /db/query at the client's [Level]; the default is
// [Linearizable] (rqlite's own default is weak): a read never returns
// data older than a write acknowledged before it started. [None] reads
// whichever node the rotation reaches. A context deadline is also sent as
// rqlite's db_timeout, so the server stops a query the client gave up on.
//
// rqlite encodes results as JSON after converting values by declared
// column type, which loses information (table below). So one SELECT,
// VALUES or WITH ... SELECT statement is sent wrapped as the body of a
// materialised common table expression whose columns are re-encoded in
// SQL as text that keeps the storage class and every bit of the value
// (see valueExpr); a probe, SELECT * FROM (query) LIMIT 0, sent in the
// same request gives the column names and count. Other statements that
// return rows (PRAGMA, EXPLAIN, RETURNING) come back as rqlite encodes
// them, decoded as well as that allows. (At level strong rqlite rewrites
// 'now' in a query before running it, and a column named after such an
// expression takes the rewritten text, e.g. "datetime(2461377.940955)".)
//
//	stored value              rqlite's JSON                          Query returns    RETURNING/PRAGMA returns
//	INTEGER                   number, exact beyond 2^53              int64            int64
//	INTEGER, BOOLEAN column   true if > 0, else false                int64            1 or 0 (5 -> 1: lost)
//	INTEGER, DATE/DATETIME/   RFC 3339 text of the Unix time         int64            that text (lost)
//	  TIMESTAMP column
//	REAL                      number; 1.0 is written 1               float64, exact   float64 when written with '.' or
//	                                                                                  an exponent or the column has REAL
//	                                                                                  affinity, else int64 (lost)
//	TEXT                      string; invalid UTF-8 becomes U+FFFD   string, exact    string
//	TEXT, DATE/DATETIME/      parsed and re-printed as RFC 3339;     string, exact    rqlite's text (lost)
//	  TIMESTAMP column        unparsable text becomes
//	                          "0001-01-01T00:00:00Z"
//	BLOB, column declared     base64 string, or (blob_array, which   []byte, exact    []byte; base64 string from
//	  BLOB or another         the client asks for) array of bytes                     RETURNING (lost: no blob_array
//	  non-text type                                                                   on /db/execute)
//	BLOB, column declared     converted to TEXT; the response of a   []byte, exact    string (lost)
//	  TEXT/CHAR/CLOB/JSON or  node that forwarded the query fails
//	  untyped, expression     ("read protobuf length: EOF") when it
//	                          is not valid UTF-8
//	empty BLOB                "" or []                               []byte{}         []byte{} (or "")
//	NULL                      null                                   nil              nil
//
// Arguments are bound by rqlite with sqlite3_bind_*, never interpolated:
// int64 and the other integer types (uint64 up to MaxInt64) and bool as
// INTEGER, float64 as REAL (always written with a '.' or an exponent:
// rqlite binds a JSON number that parses as an integer as INTEGER), NaN
// as NULL (as sqlite3_bind_double does), string as TEXT, []byte as a BLOB
// (sent as rqlite's X'hex' string form; empty stays an empty BLOB, not
// NULL), nil as NULL. A [database/sql.NamedArg] binds :name, @name and
// $name. rqlite's JSON cannot carry ±Inf, TEXT that is not valid UTF-8,
// or TEXT of the form X'hex' (rqlite binds such a string as a BLOB): those
// fail with [ErrUnsupportedValue] before anything is sent.
//
// # Writes
//
// rqlite has no interactive transactions. A write is one HTTP request,
// applied atomically (transaction=true): [Client.Exec] of one statement
// or a script, [Client.Query] of a statement with RETURNING, or
// [Client.Batch] of several statements. BEGIN, COMMIT and the like fail
// with [ErrTxControl].
//
// Each write is applied exactly once or not at all. When the leader dies
// mid-request the client sees EOF, a reset connection or, through a
// follower, "read protobuf length: EOF", and such a write may have been
// committed (in the failover tests about half were). So each write
// request carries a bookkeeping row in the table _anysqlite_requests
// (a random id, inserted in the same atomic request, with a trigger and a
// horizon row), and a write whose response is lost is resolved: the
// client inserts a tombstone with the same id through the Raft log. If the
// tombstone went in, the write was not applied and now never will be (its
// own insert of the id fails and rolls it back, however late it arrives),
// and the client sends it again with a new id; if the id was there, a read
// through the Raft log says whether it is the write's row, and the write
// returns its recorded result ([Result].Recovered). Only when that cannot
// be learned within Options.ResolveTimeout does the write fail with
// [ErrOutcomeUnknown]. Connection refused, 503 "leader not found", "not
// leader" and a follower that cannot connect to the leader mean "not
// applied" without resolution; the client re-sends the same request
// (same id), so a misjudged one would show as a duplicate id — the
// failover tests count those (none). Rows older than Options.Retention
// (10 min) are pruned, at most once a minute per client, in the same
// request as a write; a request older than the pruning horizon is refused
// by the trigger, so clocks of clients must agree to well within the
// retention.
//
// What this costs and shows: two more statements per write request; the
// table and its trigger are in the schema (sqlite_master); the SQL
// functions changes(), total_changes() and last_insert_rowid() inside a
// request also see the bookkeeping row (they are of little use on rqlite
// anyway, whose one writing connection is shared by every client). VACUUM
// and PRAGMA statements, which cannot run in a transaction, are sent
// alone without bookkeeping and re-sent after a lost response.
//
// rqlite replicates statements, not pages: each node runs the SQL again.
// rqlite v8.36 rewrites random(), randomblob(N) with a literal N and the
// 'now' of date(), time(), datetime(), julianday(), unixepoch(),
// strftime() and timediff() into literals before a write enters the log
// (now to 6 decimals of a Julian day, about 86 ms); CURRENT_TIMESTAMP,
// CURRENT_DATE, CURRENT_TIME and random() in an ORDER BY are not, and are
// evaluated by each node.
//
// # Errors
//
// An error rqlite reports for a statement or a request is an [*Error];
// the write it belongs to was not applied. rqlite passes SQLite's message
// text only, so [DecodeError] recovers the extended result code from the
// message where one code alone produces it ("NOT NULL constraint failed:"
// is SQLITE_CONSTRAINT_NOTNULL, "no such table:" SQLITE_ERROR); "UNIQUE
// constraint failed" maps to the primary SQLITE_CONSTRAINT (SQLite uses it
// for both the _UNIQUE and _PRIMARYKEY codes), and a trigger's RAISE text
// to nothing (ok is false). rqlite's own refusals: "disallowed pragma"
// (journal_mode, wal_checkpoint, wal_autocheckpoint, synchronous), and
// foreign keys are enforced only by nodes started with -fk.
package rqlite
