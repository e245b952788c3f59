package adapter

import (
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// Environment variables read by [Open]. An explicit [Options] field always
// wins over the environment.
const (
	// EnvDriver selects the driver when Options.Driver is empty:
	// "mattn", "modernc", "ncruces" or "auto".
	EnvDriver = "ANYSQLITE_DRIVER"
	// EnvMmapSize sets the default PRAGMA mmap_size in bytes when
	// Options.MmapSize is zero.
	EnvMmapSize = "ANYSQLITE_MMAP_SIZE"
)

// Default settings, the same on every driver. See [Options] for what each
// zero value means.
const (
	DefaultBusyTimeout = 5 * time.Second
	DefaultCacheSize   = -2000 // KiB, as SQLite: 2 MiB of page cache per connection
	DefaultMmapSize    = 0     // memory-mapped I/O off: see Options.MmapSize
	DefaultStmtCache   = 64    // prepared statements kept per connection
)

// Options configures [Open]. The zero value (or a nil *Options) gives the
// defaults, which are the same on every driver:
//
//	driver         $ANYSQLITE_DRIVER, else auto: the first of mattn, modernc, ncruces that
//	               works and has FTS5 and math functions (see Drivers)
//	busy_timeout   5s
//	foreign_keys   ON
//	journal_mode   WAL (left unchanged when ReadOnly)
//	synchronous    NORMAL in WAL mode, FULL otherwise
//	cache_size     -2000 (2 MiB per connection)
//	mmap_size      0 (off), or $ANYSQLITE_MMAP_SIZE
//	trusted_schema OFF
//	statement cache 64 per connection
//
// Every setting is applied to every connection of the pool when the
// connection is opened, through the same statements on every driver.
type Options struct {
	// Driver names the driver: "mattn", "modernc", "ncruces" or "auto".
	// Empty means $ANYSQLITE_DRIVER, else "auto".
	Driver string

	// ReadOnly opens the database read-only; writes fail with sqlite.READONLY.
	ReadOnly bool

	// BusyTimeout is how long a statement waits for a lock held by another
	// connection before failing with sqlite.BUSY. Zero means
	// DefaultBusyTimeout; a negative value means do not wait.
	BusyTimeout time.Duration

	// JournalMode is DELETE, TRUNCATE, PERSIST, MEMORY or WAL
	// (https://sqlite.org/pragma.html#pragma_journal_mode). Empty means WAL,
	// except for read-only and in-memory databases, where it is left alone,
	// and on network file systems, where it means DELETE (see Storage).
	// OFF is refused: it lets a crash corrupt the database.
	JournalMode string

	// Synchronous is OFF, NORMAL, FULL or EXTRA. Empty means NORMAL in WAL
	// mode (durable against application crashes; the last transactions may
	// roll back after a power loss) and FULL in the rollback-journal modes
	// (in DELETE mode the last transaction may roll back after a power
	// loss), or what Durable asks for.
	Synchronous string

	// Durable makes every transaction whose commit returned nil survive a
	// power loss, not only an application crash: synchronous FULL in WAL
	// mode, which syncs the WAL at every commit, and EXTRA in the
	// rollback-journal modes, which also syncs the directory after
	// deleting the journal (https://sqlite.org/pragma.html#pragma_synchronous).
	// Each commit costs one more fsync (WAL) or one or two (rollback
	// modes). docs/durability.md measures what each setting loses.
	// Durable with an explicit Synchronous other than FULL or EXTRA is an
	// error.
	Durable bool

	// NoForeignKeys turns foreign key enforcement off (PRAGMA
	// foreign_keys = OFF); by default it is on, on every connection.
	NoForeignKeys bool

	// MmapSize is PRAGMA mmap_size in bytes. Zero means $ANYSQLITE_MMAP_SIZE
	// if set, else DefaultMmapSize (0, off); a negative value forces it off
	// whatever the environment says. Memory-mapped I/O is off by default
	// because a process that reads a mapped file another process shrinks
	// (VACUUM, TRUNCATE checkpoint) dies of SIGBUS instead of getting an
	// error.
	MmapSize int64

	// CacheSize is PRAGMA cache_size: pages if positive, KiB if negative.
	// Zero means DefaultCacheSize.
	CacheSize int

	// Pragmas are further per-connection settings such as
	// "temp_store = MEMORY", applied after the ones above on every
	// connection. Each must be a documented pragma with a literal value.
	Pragmas []string

	// MaxOpenConns limits the pool. Zero means no limit for files and 1 for
	// in-memory databases.
	MaxOpenConns int

	// StmtCacheSize is the number of prepared statements kept per
	// connection. Zero means DefaultStmtCache; negative disables the cache.
	StmtCacheSize int

	// AllowUnsafeStorage lets an explicit JournalMode WAL or MmapSize stand
	// on a network file system, where Open otherwise refuses them with
	// ErrUnsafeStorage. Set it only if a single host ever opens the file.
	AllowUnsafeStorage bool

	// FUSEIsNetwork treats a FUSE file system like a network one (no WAL
	// by default, no mmap). FUSE file systems are reported either way.
	FUSEIsNetwork bool

	// DetectFileSystem replaces the file system probe (DetectFileSystem),
	// for tests and for setups the probe cannot see through.
	DetectFileSystem func(dir string) (FileSystem, error)

	// CheckOnOpen runs PRAGMA quick_check when opening, and fails with an
	// error satisfying errors.Is(err, sqlite.CORRUPT) if the file is damaged.
	// quick_check reads the whole file (it skips only index consistency),
	// so it costs time on a large database.
	CheckOnOpen bool

	// OnCorrupt says what Open does with a corrupt file or one that is not
	// a database: CorruptFail (the default) returns the error;
	// CorruptQuarantine renames the file and its -wal, -shm and -journal
	// to NAME.corrupt-TIMESTAMP, never deleting anything, creates a fresh
	// database, and reports it in DB.Storage().Quarantined and to Logger.
	OnCorrupt CorruptAction

	// Logger receives the decisions Open makes about storage and any
	// quarantine, as warnings. Nil means no logging.
	Logger *slog.Logger
}

// settings are Options resolved against defaults and the environment.
type settings struct {
	driver     string
	readOnly   bool
	memory     bool
	busyMS     int64
	journal    string // "" = leave alone
	sync       string
	fk         bool
	remote     bool // the driver is remote (contract.Info.Remote)
	mmap       int64
	cacheSize  int
	pragmas    []pragma
	maxOpen    int
	stmtCache  int
	connConfig contract.ConnConfig
}

var journalModes = []string{"DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL"}

// errJournalOff explains why journal_mode OFF is refused.
var errJournalOff = fmt.Errorf("%w: journal_mode OFF is refused: without a journal, a crash or ROLLBACK in the middle of a transaction corrupts the database, and SQLite's defensive mode (on in the adapter) ignores it", ErrPragma)
var syncModes = []string{"OFF", "NORMAL", "FULL", "EXTRA"}

// resolve validates o and fills in the defaults.
func (o *Options) resolve(memory bool) (settings, error) {
	if o == nil {
		o = &Options{}
	}
	s := settings{readOnly: o.ReadOnly, memory: memory, fk: !o.NoForeignKeys}
	bad := func(format string, args ...any) (settings, error) {
		return settings{}, fmt.Errorf("%w: "+format, append([]any{ErrOptions}, args...)...)
	}

	s.driver = o.Driver
	if s.driver == "" {
		s.driver = os.Getenv(EnvDriver)
	}
	if s.driver == "" {
		s.driver = "auto"
	}

	switch {
	case o.BusyTimeout == 0:
		s.busyMS = DefaultBusyTimeout.Milliseconds()
	case o.BusyTimeout > 0:
		s.busyMS = max(1, o.BusyTimeout.Milliseconds())
	}

	s.journal = strings.ToUpper(o.JournalMode)
	if s.journal == "OFF" {
		return settings{}, fmt.Errorf("%w: %w", ErrOptions, errJournalOff)
	}
	if s.journal != "" && !slices.Contains(journalModes, s.journal) {
		return bad("JournalMode %q is not one of %s", o.JournalMode, strings.Join(journalModes, ", "))
	}
	if s.journal == "" && !o.ReadOnly && !memory {
		s.journal = "WAL"
	}
	if memory && s.journal == "WAL" {
		return bad("JournalMode WAL is impossible for an in-memory database")
	}

	s.sync = strings.ToUpper(o.Synchronous)
	if s.sync != "" && !slices.Contains(syncModes, s.sync) {
		return bad("Synchronous %q is not one of %s", o.Synchronous, strings.Join(syncModes, ", "))
	}
	if o.Durable && s.sync != "" && s.sync != "FULL" && s.sync != "EXTRA" {
		return bad("Durable needs Synchronous FULL or EXTRA, not %s", s.sync)
	}
	if s.sync == "" {
		s.sync = defaultSync(s.journal, o.Durable)
	}

	switch {
	case o.MmapSize > 0:
		s.mmap = o.MmapSize
	case o.MmapSize == 0:
		s.mmap = DefaultMmapSize
		if env := os.Getenv(EnvMmapSize); env != "" {
			n, err := strconv.ParseInt(env, 10, 64)
			if err != nil || n < 0 {
				return bad("$%s=%q is not a byte count", EnvMmapSize, env)
			}
			s.mmap = n
		}
	}

	s.cacheSize = o.CacheSize
	if s.cacheSize == 0 {
		s.cacheSize = DefaultCacheSize
	}

	for _, text := range o.Pragmas {
		p, err := parsePragma(text)
		if err != nil {
			return bad("Pragmas: %v", err)
		}
		if !p.setsConnection() {
			return bad("Pragmas: %q is not a per-connection setting (name = value)", text)
		}
		s.pragmas = append(s.pragmas, p)
	}

	if o.OnCorrupt != CorruptFail && o.OnCorrupt != CorruptQuarantine {
		return bad("OnCorrupt %d is not CorruptFail or CorruptQuarantine", o.OnCorrupt)
	}
	if o.MaxOpenConns < 0 {
		return bad("MaxOpenConns %d is negative", o.MaxOpenConns)
	}
	s.maxOpen = o.MaxOpenConns

	s.stmtCache = o.StmtCacheSize
	switch {
	case s.stmtCache == 0:
		s.stmtCache = DefaultStmtCache
	case s.stmtCache < 0:
		s.stmtCache = 0
	}
	return s, nil
}

// defaultSync is the synchronous setting for a journal mode when Options
// leave it empty.
func defaultSync(journal string, durable bool) string {
	switch {
	case journal == "WAL" && durable:
		return "FULL"
	case journal == "WAL":
		return "NORMAL"
	case durable:
		return "EXTRA"
	}
	return "FULL"
}

// initPragmas returns the statements run on every new connection, in order:
// busy_timeout comes first so that the journal mode change, which needs a
// lock, waits for it instead of failing.
func (s *settings) initPragmas() []pragma {
	onOff := map[bool]string{true: "ON", false: "OFF"}
	ps := []pragma{
		{name: "busy_timeout", value: strconv.FormatInt(s.busyMS, 10)},
		{name: "trusted_schema", value: "OFF"},
		{name: "foreign_keys", value: onOff[s.fk]},
	}
	if s.journal != "" {
		ps = append(ps, pragma{name: "journal_mode", value: s.journal})
	}
	ps = append(ps,
		pragma{name: "synchronous", value: s.sync},
		pragma{name: "cache_size", value: strconv.Itoa(s.cacheSize)},
		pragma{name: "mmap_size", value: strconv.FormatInt(s.mmap, 10)},
	)
	return append(ps, s.pragmas...)
}
