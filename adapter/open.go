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

	"github.com/jmoiron/sqlx"
)

// DB is a database opened through one of the drivers. It is safe for
// concurrent use; it holds a pool of connections, each configured
// identically (see [Options]).
type DB struct {
	queries
	sqldb    *sql.DB
	sqlxdb   *sqlx.DB
	drv      Driver
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
// $ANYSQLITE_DRIVER, else the first available driver in [Priority] order
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
func Open(ctx context.Context, path string, opts *Options) (db *DB, err error) {
	memory := path == "" || path == ":memory:"
	s, err := opts.resolve(memory)
	if err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &Options{}
	}
	s.connConfig = ConnConfig{Path: ":memory:", ReadOnly: s.readOnly}
	defer func() {
		if err != nil {
			err = (&storageExplainer{cfg: s.connConfig}).explain(err)
		}
	}()
	st := Storage{Path: ":memory:", FileSystem: FileSystem{Type: "memory"}}
	if !memory {
		if strings.IndexByte(path, 0) >= 0 {
			return nil, newError(ExtendedErrorCode(ErrCantOpen), "the path contains a NUL byte", "", "", nil)
		}
		if os.IsPathSeparator(path[len(path)-1]) {
			return nil, isDirError(path, " ends with a separator, so it names a directory")
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, fmt.Errorf("adapter: Open %q: %w", path, err)
		}
		dir := filepath.Dir(abs)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return nil, newError(ExtendedErrorCode(ErrCantOpen), "directory "+dir+" does not exist", "", "", err)
		}
		if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
			return nil, isDirError(abs, " is a directory")
		}
		s.connConfig.Path, st.Path = abs, abs
		detect := DetectFileSystem
		if opts.DetectFileSystem != nil {
			detect = opts.DetectFileSystem
		}
		if st.FileSystem, err = detect(dir); err != nil {
			st.Decisions = append(st.Decisions, "file system not detected ("+err.Error()+"): treated as local")
		}
		decisions, err := storageDecisions(&s, st.FileSystem, opts)
		if err != nil {
			return nil, err
		}
		st.Decisions = append(st.Decisions, decisions...)
	}
	d, err := chooseDriver(s.driver)
	if err != nil {
		return nil, err
	}
	release := func() {}
	if !memory {
		// Claim the file before any connection touches it, the preflight's
		// included: a second SQLite copy must not even open it.
		if release, err = claimFile(s.connConfig.Path, d.Info().Name); err != nil {
			return nil, err
		}
	}
	db, err = openChecked(ctx, d, s, opts)
	if err != nil && opts.OnCorrupt == CorruptQuarantine && !memory && !s.readOnly &&
		(errors.Is(err, ErrCorrupt) || errors.Is(err, ErrNotADB)) {
		q, qerr := quarantine(s.connConfig.Path, err, time.Now())
		if qerr != nil {
			release()
			return nil, errors.Join(err, qerr)
		}
		if opts.Logger != nil {
			opts.Logger.Error("anysqlite: corrupt database moved aside; a new empty database was created",
				"path", st.Path, "reason", q.Reason, "moved", q.Moved)
		}
		st.Quarantined = q
		db, err = openChecked(ctx, d, s, opts)
	}
	if err != nil {
		release()
		return nil, err
	}
	db.release = release
	st.MmapSize = s.mmap
	if mode, err := db.pragmaValue(ctx, "journal_mode"); err == nil {
		st.JournalMode, _ = mode.(string)
	}
	db.storage = st
	for _, dec := range st.Decisions {
		if opts.Logger != nil {
			opts.Logger.Warn("anysqlite: "+dec, "path", st.Path)
		}
	}
	return db, nil
}

// isDirError is Open's refusal of a path that names a directory: the
// same on every driver (SQLite reports SQLITE_CANTOPEN or
// SQLITE_CANTOPEN_ISDIR, or an I/O error for ReadOnly, without the path),
// with the path and EISDIR.
func isDirError(path, why string) *Error {
	e := newError(ErrCantOpenIsDir, path+why+", not a database file (EISDIR)", "", "", nil)
	e.sys = &fs.PathError{Op: "open", Path: path, Err: syscall.EISDIR}
	return e
}

// chooseDriver resolves a driver name, or "auto", to a driver that can work
// in this build. "auto" takes the first available driver in [Priority]
// order that has FTS5 and the math functions, so that a plain build
// (mattn without its sqlite_fts5 and sqlite_math_functions tags) does not
// silently get the one driver without FTS5 and math functions; only when
// no available driver has them all does it take the first available one.
func chooseDriver(name string) (Driver, error) {
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

// autoChoice picks, from drivers' static infos in [Priority] order, the
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
func openChecked(ctx context.Context, d Driver, s settings, opts *Options) (*DB, error) {
	if !s.memory {
		if err := preflight(ctx, d, s, opts.CheckOnOpen); err != nil {
			return nil, decodeErr(ctx, d, err, "")
		}
	}
	return openWith(ctx, d, s)
}

// openWith opens the pool and connects once.
func openWith(ctx context.Context, d Driver, s settings) (*DB, error) {
	static := d.Info()
	s.connConfig.DBConfig = secureDBConfig(static)
	c := &connector{drv: d, cfg: s.connConfig, stmtCache: s.stmtCache, base: s.initPragmas(),
		busy: time.Duration(s.busyMS) * time.Millisecond, file: newFileIdentity(s.connConfig),
		storage: &storageExplainer{cfg: s.connConfig}}
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
func secureDBConfig(info DriverInfo) map[DBConfigOp]bool {
	cfg := map[DBConfigOp]bool{}
	if info.Features[FeatureDefensive].OK {
		cfg[DBConfigDefensive] = true
	}
	if info.Features[FeatureDQSControl].OK {
		cfg[DBConfigDQSDML] = false
		cfg[DBConfigDQSDDL] = false
	}
	return cfg
}

// Driver describes the driver serving this database: module and SQLite
// versions, compile options and features. The result is a copy.
func (db *DB) Driver() DriverInfo { return db.info.clone() }

// Path returns the absolute path of the database file, or ":memory:".
func (db *DB) Path() string { return db.path }

// SQL returns the underlying *sql.DB, for code that needs database/sql.
// Its connections carry every setting and value conversion of the
// adapter. Closing it closes db.
func (db *DB) SQL() *sql.DB { return db.sqldb }

// SQLX returns db as an *sqlx.DB sharing the same pool.
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
