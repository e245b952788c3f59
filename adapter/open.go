package adapter

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/jmoiron/sqlx"
)

// DB is a database opened through one of the drivers. It is safe for
// concurrent use; it holds a pool of connections, each configured
// identically (see [Options]).
type DB struct {
	queries
	sqldb    *sql.DB
	sqlxdb   *sqlx.DB
	drv      contract.Driver
	info     DriverInfo
	conn     *connector
	path     string
	settings settings
	release  func()
	maxIdle  int
	storage  Storage
	closed   atomic.Bool
	classes  classCache
}

// Open opens the SQLite database at path, creating it if it does not exist
// (unless opts.ReadOnly), through the driver chosen by opts.Driver, else
// $ANYSQLITE_DRIVER, else the first available driver in [Drivers] order
// that has FTS5 and the math functions ([DB.Driver] tells which).
// A nil opts means the defaults. path ":memory:" (or "") opens a private
// in-memory database, served by a single connection.
//
// Open connects once before returning, so a bad path, a file that is not a
// database or an impossible setting is reported here rather than by the
// first query.
//
// An error about the file (it is a directory, its file system is
// read-only, this process may not create the journal beside it) names the
// path and the reason, and unwraps to the operating system's error (for
// example errors.Is(err, syscall.EROFS)); its SQLite code stays what
// SQLite reported.
func Open(ctx context.Context, path string, opts *Options) (*DB, error) {
	o, err := prepareOpen(path, opts)
	if err != nil {
		return nil, err
	}
	d, err := chooseDriver(o.s.driver)
	if err != nil {
		return nil, err
	}
	return o.open(ctx, d)
}

// OpenDriver is [Open] with the driver given as a value rather than by
// name: opts.Driver and $ANYSQLITE_DRIVER are ignored, and d need not be
// registered.
func OpenDriver(ctx context.Context, d contract.Driver, path string, opts *Options) (*DB, error) {
	if d == nil {
		return nil, fmt.Errorf("%w: OpenDriver with a nil driver", ErrOptions)
	}
	if why := d.Info().Unavailable; why != "" {
		return nil, fmt.Errorf("%w: %s: %s (%w)", ErrDriverUnavailable, d.Info().Name, why, errors.ErrUnsupported)
	}
	o, err := prepareOpen(path, opts)
	if err != nil {
		return nil, err
	}
	return o.open(ctx, d)
}

// opening is an Open under way: the resolved settings and what is known of
// the storage.
type opening struct {
	path   string
	s      settings
	st     Storage
	opts   *Options
	memory bool
}

// prepareOpen resolves opts for path.
func prepareOpen(path string, opts *Options) (*opening, error) {
	memory := path == "" || path == ":memory:"
	s, err := opts.resolve(memory)
	if err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &Options{}
	}
	o := &opening{path: path, s: s, opts: opts, memory: memory,
		st: Storage{Path: ":memory:", FileSystem: FileSystem{Type: "memory"}}}
	o.s.connConfig = contract.ConnConfig{Path: ":memory:", ReadOnly: s.readOnly}
	return o, nil
}

// locate checks path, makes it absolute and records the file system and
// the storage decisions.
func (o *opening) locate(path string) error {
	if strings.IndexByte(path, 0) >= 0 {
		return newError(sqlite.ExtendedCode(sqlite.CANTOPEN), "the path contains a NUL byte", "", "", nil)
	}
	if os.IsPathSeparator(path[len(path)-1]) {
		return isDirError(path, " ends with a separator, so it names a directory")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("adapter: Open %q: %w", path, err)
	}
	dir := filepath.Dir(abs)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return newError(sqlite.ExtendedCode(sqlite.CANTOPEN), "directory "+dir+" does not exist", "", "", err)
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return isDirError(abs, " is a directory")
	}
	o.s.connConfig.Path, o.st.Path = abs, abs
	detect := DetectFileSystem
	if o.opts.DetectFileSystem != nil {
		detect = o.opts.DetectFileSystem
	}
	if o.st.FileSystem, err = detect(dir); err != nil {
		o.st.Decisions = append(o.st.Decisions, "file system not detected ("+err.Error()+"): treated as local")
	}
	decisions, err := storageDecisions(&o.s, o.st.FileSystem, o.opts)
	if err != nil {
		return err
	}
	o.st.Decisions = append(o.st.Decisions, decisions...)
	return nil
}

// open locates the file, claims it for d and opens the pool, moving a
// corrupt file aside first if the options say so. A remote driver's
// database is no file: the path goes to it as it is. An error about a
// local file says what the storage explains of it (fsfault.go).
func (o *opening) open(ctx context.Context, d contract.Driver) (db *DB, err error) {
	if d.Info().Remote {
		return o.openRemote(ctx, d)
	}
	defer func() {
		if err != nil {
			err = (&storageExplainer{cfg: o.s.connConfig}).explain(err)
		}
	}()
	if !o.memory {
		if err := o.locate(o.path); err != nil {
			return nil, err
		}
	}
	release := func() {}
	if !o.memory {
		// Claim the file before any connection touches it, the preflight's
		// included: a second SQLite copy must not even open it.
		if release, err = claimFile(o.s.connConfig.Path, d.Info().Name); err != nil {
			return nil, err
		}
	}
	db, err = o.openOrQuarantine(ctx, d)
	if err != nil {
		release()
		return nil, err
	}
	db.release = release
	o.st.MmapSize = o.s.mmap
	if mode, err := db.pragmaValue(ctx, "journal_mode"); err == nil {
		o.st.JournalMode, _ = mode.(string)
	}
	db.storage = o.st
	for _, dec := range o.st.Decisions {
		if o.opts.Logger != nil {
			o.opts.Logger.Warn("anysqlite: "+dec, "path", o.st.Path)
		}
	}
	return db, nil
}

// openRemote opens the pool of a remote driver: the path is the driver's
// to interpret, and the engine owns its settings.
func (o *opening) openRemote(ctx context.Context, d contract.Driver) (*DB, error) {
	if o.memory {
		return nil, fmt.Errorf("%w: driver %s serves remote databases: give Open its address, not %q", ErrOptions, d.Info().Name, o.path)
	}
	o.s.connConfig.Path = o.path
	o.s.remote = true
	db, err := openWith(ctx, d, o.s)
	if err != nil {
		return nil, err
	}
	db.storage = Storage{Path: o.path, FileSystem: FileSystem{Type: "remote"},
		Decisions: []string{"remote engine " + d.Info().Name + ": no local file checks, the engine owns its settings"}}
	return db, nil
}

// openOrQuarantine opens the pool; with OnCorrupt: CorruptQuarantine, a
// corrupt file is renamed aside and a new database opened in its place.
func (o *opening) openOrQuarantine(ctx context.Context, d contract.Driver) (*DB, error) {
	db, err := openChecked(ctx, d, o.s, o.opts)
	if err == nil || o.opts.OnCorrupt != CorruptQuarantine || o.memory || o.s.readOnly ||
		!(errors.Is(err, sqlite.CORRUPT) || errors.Is(err, sqlite.NOTADB)) {
		return db, err
	}
	q, qerr := quarantine(o.s.connConfig.Path, err, time.Now())
	if qerr != nil {
		return nil, errors.Join(err, qerr)
	}
	if o.opts.Logger != nil {
		o.opts.Logger.Error("anysqlite: corrupt database moved aside; a new empty database was created",
			"path", o.st.Path, "reason", q.Reason, "moved", q.Moved)
	}
	o.st.Quarantined = q
	return openChecked(ctx, d, o.s, o.opts)
}

// isDirError is Open's refusal of a path that names a directory: the
// same on every driver (SQLite reports SQLITE_CANTOPEN or
// SQLITE_CANTOPEN_ISDIR, or an I/O error for ReadOnly, without the path),
// with the path and EISDIR.
func isDirError(path, why string) *Error {
	e := newError(sqlite.CANTOPEN_ISDIR, path+why+", not a database file (EISDIR)", "", "", nil)
	e.sys = &fs.PathError{Op: "open", Path: path, Err: syscall.EISDIR}
	return e
}

// chooseDriver resolves a driver name, or "auto", to a driver that can work
// in this build. "auto" takes the first available driver in [Drivers]
// order that has FTS5 and the math functions, so that a plain build
// (mattn without its sqlite_fts5 and sqlite_math_functions tags) does not
// silently get the one driver without FTS5 and math functions; only when
// no available driver has them all does it take the first available one.
func chooseDriver(name string) (contract.Driver, error) {
	if name != "auto" {
		d, err := Lookup(name)
		if err != nil {
			return nil, err
		}
		if why := d.Info().Unavailable; why != "" {
			return nil, fmt.Errorf("%w: %s: %s (%w)", ErrDriverUnavailable, name, why, errors.ErrUnsupported)
		}
		return d, nil
	}
	var infos []DriverInfo
	for _, name := range Drivers() {
		d, _ := Lookup(name)
		infos = append(infos, d.Info())
	}
	i, err := autoChoice(infos)
	if err != nil {
		return nil, err
	}
	return Lookup(infos[i].Name)
}

// autoFeatures are the features automatic driver choice prefers: a driver
// whose [Driver.Info] reports one of them unsupported is passed over while
// another available driver has them all.
var autoFeatures = [...]Feature{FeatureFTS5, FeatureMath}

// autoChoice picks, from drivers' static infos in [Drivers] order, the
// one "auto" means (see chooseDriver), or says why there is none and
// which import would give one.
func autoChoice(infos []DriverInfo) (int, error) {
	first := -1
	for i, info := range infos {
		if info.Unavailable != "" {
			continue
		}
		if first < 0 {
			first = i
		}
		lacks := false
		for _, f := range autoFeatures {
			if s, ok := info.Features[f]; ok && !s.OK {
				lacks = true // a feature missing from the static map is probed later
			}
		}
		if !lacks {
			return i, nil
		}
	}
	if first >= 0 {
		return first, nil
	}
	if len(infos) == 0 {
		return -1, fmt.Errorf("%w: no driver is linked into this binary: add import _ %q (or one of drivers/mattn, drivers/modernc, drivers/ncruces)",
			ErrDriverUnavailable, "github.com/anysqlite/anysqlite/drivers/all")
	}
	var linked []string
	for _, info := range infos {
		linked = append(linked, info.Name+" (unavailable: "+info.Unavailable+")")
	}
	return -1, fmt.Errorf("%w: no usable driver is linked: %s; add import _ %q (or drivers/modernc, drivers/ncruces), whose drivers need no cgo",
		ErrDriverUnavailable, strings.Join(linked, ", "), "github.com/anysqlite/anysqlite/drivers/all")
}

// openChecked opens the pool after the preflight has found the file fit.
func openChecked(ctx context.Context, d contract.Driver, s settings, opts *Options) (*DB, error) {
	if !s.memory {
		if err := preflight(ctx, d, s, opts.CheckOnOpen); err != nil {
			return nil, decodeErr(ctx, d, err, "")
		}
	}
	return openWith(ctx, d, s)
}

// openWith opens the pool and connects once.
func openWith(ctx context.Context, d contract.Driver, s settings) (*DB, error) {
	static := d.Info()
	s.connConfig.DBConfig = secureDBConfig(static)
	c := &connector{drv: d, cfg: s.connConfig, stmtCache: s.stmtCache, busy: time.Duration(s.busyMS) * time.Millisecond,
		remote: s.remote}
	if !s.remote {
		c.base = s.initPragmas()
		c.file = newFileIdentity(s.connConfig)
		c.storage = &storageExplainer{cfg: s.connConfig}
	}
	sqldb := sql.OpenDB(c)
	maxIdle := max(4, runtime.GOMAXPROCS(0))
	switch {
	case s.memory:
		sqldb.SetMaxOpenConns(1)
		maxIdle = 1
	case s.maxOpen > 0:
		sqldb.SetMaxOpenConns(s.maxOpen)
		maxIdle = s.maxOpen
	}
	sqldb.SetMaxIdleConns(maxIdle)
	db := &DB{sqldb: sqldb, sqlxdb: sqlx.NewDb(sqldb, "sqlite3"), drv: d, conn: c,
		path: s.connConfig.Path, settings: s, release: func() {}, maxIdle: maxIdle}
	db.queries = queries{db: db, ex: sqldb}
	info, err := probeInfo(ctx, db)
	if err != nil {
		err = db.wrapErr(ctx, err, "")
		sqldb.Close()
		return nil, err
	}
	db.info = info
	return db, nil
}

// secureDBConfig asks for defensive mode and no double-quoted string
// literals wherever the driver can set them.
func secureDBConfig(info DriverInfo) map[contract.DBConfigOp]bool {
	cfg := map[contract.DBConfigOp]bool{}
	if info.Features[FeatureDefensive].OK {
		cfg[contract.DBConfigDefensive] = true
	}
	if info.Features[FeatureDQSControl].OK {
		cfg[contract.DBConfigDQSDML] = false
		cfg[contract.DBConfigDQSDDL] = false
	}
	return cfg
}

// Driver describes the driver serving this database: module and SQLite
// versions, compile options and features. The result is a copy.
func (db *DB) Driver() DriverInfo { return db.info.Clone() }

// Path returns the absolute path of the database file, or ":memory:".
func (db *DB) Path() string { return db.path }

// SQL returns the underlying *sql.DB, for code that needs database/sql.
// Its connections carry every setting and value conversion of the
// adapter, its errors are [*Error] values, and arguments bind by the
// adapter's rule (see [DB.Run]). Unlike the adapter's own API, and like
// the raw drivers, it returns the values of columns declared DATE,
// DATETIME or TIMESTAMP as time.Time, so that code scanning them into
// *time.Time works. As on the adapter's own paths, SQL text with a NUL
// byte is refused, and so is a PRAGMA that would change only the pool
// connection that runs it (ErrPerConnection: use DB.Pragma). Closing it
// closes db.
func (db *DB) SQL() *sql.DB { return db.sqldb }

// SQLX returns db as an *sqlx.DB sharing the same pool, with the
// behaviour of [DB.SQL].
func (db *DB) SQLX() *sqlx.DB { return db.sqlxdb }

// Close closes the database and all its connections. Using db, or a [Stmt]
// prepared on it, afterwards returns [ErrClosed]. Close is idempotent.
//
// Close interrupts the statements running at that moment and stops every
// later step of calls still in flight: each such call returns an error
// with [ErrClosed] as its cause (errors.Is(err, ErrClosed)) and, as with
// any interrupted call, changed nothing; a transaction whose function is
// still running is rolled back when it ends. Close does not wait for
// them. The database file stays claimed by this driver (see
// [ErrDriverConflict]) until the last connection of the pool has closed.
func (db *DB) Close() error {
	if db.closed.Swap(true) {
		return nil
	}
	db.conn.shutdown(db.release)
	return db.sqldb.Close()
}

// probed caches what a driver reports about itself per process: the
// linked SQLite library does not change between databases.
var probed sync.Map // driver name -> DriverInfo
