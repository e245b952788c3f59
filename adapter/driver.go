package adapter

import (
	"context"
	"database/sql/driver"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Driver is the contract between the adapter and one SQLite driver. The
// packages under drivers/ implement it and call [Register] from their init
// function; applications never call it directly.
//
// The adapter does everything that can be done driver-independently itself
// (connection set-up, pragmas, statement cache, value conversion, statement
// splitting, transactions, error mapping), so a Driver only opens
// connections and decodes its own errors. A connection returned by
// OpenConn must follow these rules, which the conformance suite checks:
//
//   - It implements [driver.ConnPrepareContext], and its statements implement
//     [driver.StmtExecContext] and [driver.StmtQueryContext]. PrepareContext
//     compiles the first statement immediately (syntax errors surface there).
//   - Statements accept int64, float64, string, []byte and nil only (the
//     adapter converts everything else before binding); a non-nil empty
//     []byte binds an empty BLOB, a nil []byte never reaches the driver.
//     Named values bind to :name, @name and $name parameters.
//   - Rows return int64, float64, string, []byte or nil, decided by the
//     storage class of each value alone: never time.Time or bool because of a
//     declared column type, and an empty BLOB is a non-nil []byte{}.
//   - Interrupt ends the running statement, including while it waits for a
//     lock under busy_timeout, and never turns a completed statement or
//     commit into an error (see [Conn]).
//   - No pragma is set beyond what the driver needs to work; the adapter sets
//     busy_timeout, foreign_keys, journal_mode and the rest on every
//     connection itself.
type Driver interface {
	// Info describes the driver. The adapter completes it (SQLite version,
	// compile options, probed features) from a live connection.
	Info() DriverInfo

	// OpenConn opens a new connection as described by cfg. The connection
	// must implement [Conn]. ctx bounds the opening only.
	OpenConn(ctx context.Context, cfg ConnConfig) (driver.Conn, error)

	// DecodeError reports the SQLite extended result code and the message
	// (sqlite3_errmsg, without decoration) carried by err, if err is an error
	// of this driver. ok is false for any other error.
	DecodeError(err error) (code ExtendedErrorCode, msg string, ok bool)
}

// Conn is what a connection returned by [Driver.OpenConn] must implement
// besides [driver.ConnPrepareContext]: the two things the adapter needs of
// SQLite that database/sql/driver has no names for. The adapter never
// passes a cancellable context to a connection's statements; it ends them
// itself with Interrupt when the caller's context ends, and so decides in
// one place, the same for every driver, what a call that was interrupted
// returns.
type Conn interface {
	driver.Conn
	driver.ConnPrepareContext

	// Interrupt makes the statement running on the connection, including
	// a wait for a lock under busy_timeout, stop as soon as it can with
	// SQLITE_INTERRUPT, as sqlite3_interrupt does
	// (https://sqlite.org/c3ref/interrupt.html). It is called from another
	// goroutine while a statement of the connection runs, never
	// concurrently with Close. Like sqlite3_interrupt it may be lost when it
	// arrives before the statement starts; the adapter repeats it until the
	// statement returns.
	//
	// An interrupt must never make a statement that completed report an
	// error: if SQLite finished the statement (or a COMMIT), the call
	// succeeds. A commit that starts while the connection is interrupted
	// must fail and roll back instead (a commit hook that refuses it), so
	// that an error from a call always means nothing was committed.
	Interrupt()

	// InTransaction reports whether the connection is inside a
	// transaction: sqlite3_get_autocommit returns 0
	// (https://sqlite.org/c3ref/get_autocommit.html).
	InTransaction() bool
}

// ConnConfig tells a [Driver] which database to open and how.
type ConnConfig struct {
	// Path is an absolute, cleaned file system path, or ":memory:" for a
	// private in-memory database. It is never a URI: a driver that needs one
	// builds it (and escapes ?, # and %).
	Path string
	// ReadOnly opens the database read-only (SQLITE_OPEN_READONLY).
	ReadOnly bool
	// NoCreate fails if the file does not exist instead of creating it
	// (SQLITE_OPEN_READWRITE without SQLITE_OPEN_CREATE).
	NoCreate bool
	// DBConfig lists sqlite3_db_config options
	// (https://sqlite.org/c3ref/db_config.html) to set before the
	// connection is returned. The adapter only asks for options the
	// driver's Info reports as supported (FeatureDefensive,
	// FeatureDQSControl); a driver that cannot honour one fails OpenConn
	// with an error wrapping errors.ErrUnsupported rather than ignore it.
	DBConfig map[DBConfigOp]bool
}

// URI returns the SQLite URI filename (https://sqlite.org/uri.html) that
// opens exactly c.Path in c's mode, for a driver that opens databases by
// URI with SQLITE_OPEN_URI: "file:", the path with '%', '?' and '#'
// percent-escaped (SQLite decodes %HH in the path and would otherwise end
// it at '?' or '#'), then "?mode=" and rwc, rw (c.NoCreate) or ro
// (c.ReadOnly). Append further parameters with "&".
//
// ":memory:" gives "file::memory:", a private in-memory database. On
// Windows the path is written with forward slashes, and a drive letter
// gets a leading slash: C:\x\y.db becomes file:/C:/x/y.db. A path that
// starts with two slashes (a Windows UNC path) gets an empty authority,
// "file://" + "//server/share/y.db", so the server is not taken for one.
func (c ConnConfig) URI() string { return uriFilename(c, runtime.GOOS == "windows") }

// uriFilename is [ConnConfig.URI] with the operating system as a
// parameter, so both kinds of path can be tested anywhere.
func uriFilename(c ConnConfig, windows bool) string {
	path := c.Path
	if windows && path != ":memory:" {
		path = strings.ReplaceAll(path, `\`, "/")
		if len(path) >= 2 && path[1] == ':' && isASCIILetter(path[0]) {
			path = "/" + path // C:/x/y.db: SQLite's Windows VFS drops the slash
		}
	}
	mode := "rwc"
	switch {
	case c.ReadOnly:
		mode = "ro"
	case c.NoCreate:
		mode = "rw"
	}
	prefix := "file:"
	if strings.HasPrefix(path, "//") {
		prefix = "file://" // an empty authority: the path keeps both slashes
	}
	return prefix + escapeURIPath(path) + "?mode=" + mode
}

func isASCIILetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// escapeURIPath percent-escapes the characters that end or escape the
// path part of an SQLite URI filename.
func escapeURIPath(path string) string {
	if !strings.ContainsAny(path, "%?#") {
		return path
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '%', '?', '#':
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Serializer is implemented by a [Driver] that supports sqlite3_serialize
// and sqlite3_deserialize (https://sqlite.org/c3ref/serialize.html).
// conn is a connection returned by the driver's OpenConn.
type Serializer interface {
	Serialize(conn driver.Conn, schema string) ([]byte, error)
	// Deserialize replaces the schema's database with a copy of data; the
	// result is a resizable in-memory database owned by the connection.
	Deserialize(conn driver.Conn, schema string, data []byte) error
}

// RowIDResetter is implemented by a [Driver] that can reset a connection's
// last insert rowid (sqlite3_set_last_insert_rowid(db, 0),
// https://sqlite.org/c3ref/set_last_insert_rowid.html). The adapter does
// so before each INSERT or REPLACE, so that [Result.LastInsertRowID] is
// 0 when the statement inserted no rowid row (an upsert that updated, a
// WITHOUT ROWID table) instead of a rowid from an earlier statement.
type RowIDResetter interface {
	ResetLastInsertRowID(conn driver.Conn) error
}

// DBConfigOp names a boolean sqlite3_db_config option.
type DBConfigOp int

// The sqlite3_db_config options the adapter sets. The values are SQLite's
// SQLITE_DBCONFIG_* constants.
const (
	DBConfigEnableLoadExtension DBConfigOp = 1005 // SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION
	DBConfigDefensive           DBConfigOp = 1010 // SQLITE_DBCONFIG_DEFENSIVE
	DBConfigDQSDML              DBConfigOp = 1013 // SQLITE_DBCONFIG_DQS_DML
	DBConfigDQSDDL              DBConfigOp = 1014 // SQLITE_DBCONFIG_DQS_DDL
	DBConfigTrustedSchema       DBConfigOp = 1017 // SQLITE_DBCONFIG_TRUSTED_SCHEMA
)

var registry struct {
	sync.RWMutex
	drivers map[string]Driver
}

// Register makes a driver available under d.Info().Name. Driver packages
// call it from init; it panics if the name is empty or already taken.
func Register(d Driver) {
	name := d.Info().Name
	if name == "" || name == "auto" || strings.ContainsAny(name, ", ") {
		panic(fmt.Sprintf("adapter: Register: invalid driver name %q", name))
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.drivers == nil {
		registry.drivers = map[string]Driver{}
	}
	if _, dup := registry.drivers[name]; dup {
		panic("adapter: Register called twice for driver " + name)
	}
	registry.drivers[name] = d
}

// Priority is the order in which Open picks a driver when none is named
// (Options.Driver and $ANYSQLITE_DRIVER empty, or "auto"): the C library
// through cgo first, as the reference implementation, then the two pure-Go
// builds. A driver that is linked but unavailable (mattn without cgo) is
// passed over, and so is one that reports FTS5 or the math functions
// unsupported (mattn built without -tags 'sqlite_fts5
// sqlite_math_functions') while another available driver has both.
var Priority = []string{"mattn", "modernc", "ncruces"}

// Drivers returns the names of the registered drivers in [Priority] order,
// followed by any others in alphabetical order. It includes drivers that are
// linked but unavailable; [Lookup] tells them apart.
func Drivers() []string {
	registry.RLock()
	defer registry.RUnlock()
	names := make([]string, 0, len(registry.drivers))
	for name := range registry.drivers {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		pi, pj := slices.Index(Priority, names[i]), slices.Index(Priority, names[j])
		if pi < 0 {
			pi = len(Priority)
		}
		if pj < 0 {
			pj = len(Priority)
		}
		if pi != pj {
			return pi < pj
		}
		return names[i] < names[j]
	})
	return names
}

// Lookup returns the registered driver called name. The error wraps
// [ErrUnknownDriver] and lists the drivers that are linked in.
func Lookup(name string) (Driver, error) {
	registry.RLock()
	d, ok := registry.drivers[name]
	registry.RUnlock()
	if !ok {
		return nil, fmt.Errorf("%w %q: linked drivers are %s (import github.com/anysqlite/anysqlite/drivers/all to link every driver)",
			ErrUnknownDriver, name, describeDrivers())
	}
	return d, nil
}

func describeDrivers() string {
	names := Drivers()
	if len(names) == 0 {
		return "none"
	}
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = name
		if d, err := Lookup(name); err == nil {
			if why := d.Info().Unavailable; why != "" {
				parts[i] += " (unavailable: " + why + ")"
			}
		}
	}
	return strings.Join(parts, ", ")
}
