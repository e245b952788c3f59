package driver

import (
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sort"
)

// Info describes a driver: which Go module, which SQLite, built how, and
// what it can do. [Driver.Info] returns the static part; the adapter's
// DB.Driver returns it completed from a live connection (SQLite version,
// compile options, probed features).
type Info struct {
	Name          string   // selection name: "mattn", "modernc", "ncruces"
	Module        string   // Go module path, e.g. "github.com/mattn/go-sqlite3"
	ModuleVersion string   // module version linked into this binary, e.g. "v1.14.52"
	Cgo           bool     // whether the driver calls C SQLite through cgo
	SQLiteVersion string   // sqlite_version()
	SourceID      string   // sqlite_source_id()
	CompileOpts   []string // PRAGMA compile_options, sorted
	// Features reports each optional capability. A feature missing from
	// the map is unsupported with no reason given.
	Features map[Feature]Support
	// Unavailable is empty when the driver can open databases in this
	// build; otherwise it says why not (for example "mattn requires cgo:
	// built with CGO_ENABLED=0").
	Unavailable string
	// Remote is set for a driver whose databases are not files of this
	// machine (a server, a cluster). The adapter then passes the path given
	// to Open to the driver unchanged as ConnConfig.Path (a URL, for
	// example), and skips what only makes sense for a local file: the file
	// system checks, the claim on the file, the checks before opening,
	// quarantine, and the per-connection settings (busy_timeout,
	// journal_mode, synchronous, ...), which the engine owns.
	Remote bool
}

// Feature names an optional capability of a driver.
type Feature string

// The features the adapter reports. Each is probed on a live connection,
// not assumed from the driver's name.
const (
	FeatureFTS5       Feature = "fts5"        // FTS5 full-text search (https://sqlite.org/fts5.html)
	FeatureJSON       Feature = "json"        // JSON functions (https://sqlite.org/json1.html)
	FeatureRTree      Feature = "rtree"       // R*Tree index
	FeatureMath       Feature = "math"        // built-in math functions
	FeatureBackup     Feature = "backup"      // DB.Backup (VACUUM INTO)
	FeatureSerialize  Feature = "serialize"   // DB.Serialize and Deserialize
	FeatureDefensive  Feature = "defensive"   // SQLITE_DBCONFIG_DEFENSIVE can be set
	FeatureDQSControl Feature = "dqs-control" // double-quoted string literals can be switched off
	FeatureHeapLimit  Feature = "heap-limit"  // PRAGMA hard_heap_limit / soft_heap_limit are enforced
	// FeatureTransactions is interactive transactions: DB.Transaction and
	// database/sql's Begin, with statements run one by one in between. An
	// engine without them (a replicated cluster that only applies atomic
	// batches) reports it unsupported with the reason; DB.Batch still
	// works.
	FeatureTransactions Feature = "transactions"
	// FeatureLocalFile is a database that is a file of this machine: WAL
	// and journal files, checkpoints, mmap, backups to a path, the
	// storage-safety rules. Unsupported exactly when Info.Remote is set.
	FeatureLocalFile Feature = "local-file"
)

// Support says whether a feature works and, when it does not, why.
type Support struct {
	OK     bool
	Reason string // why not, and how to enable it where that is possible
}

// Supports returns nil if the driver has feature f, and otherwise an error
// wrapping [errors.ErrUnsupported] that names the driver and the reason.
func (d Info) Supports(f Feature) error {
	s, ok := d.Features[f]
	if ok && s.OK {
		return nil
	}
	reason := s.Reason
	if reason == "" {
		reason = "not available"
	}
	return fmt.Errorf("%w: %s: %s: %s", errors.ErrUnsupported, d.Name, f, reason)
}

// FeatureNames returns the features in d.Features, sorted.
func (d Info) FeatureNames() []Feature {
	fs := make([]Feature, 0, len(d.Features))
	for f := range d.Features {
		fs = append(fs, f)
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i] < fs[j] })
	return fs
}

// Clone returns a deep copy of d.
func (d Info) Clone() Info {
	d.CompileOpts = slices.Clone(d.CompileOpts)
	features := make(map[Feature]Support, len(d.Features))
	for f, s := range d.Features {
		features[f] = s
	}
	d.Features = features
	return d
}

// ModuleVersion returns the version of the Go module at path linked into
// the running binary (runtime/debug.ReadBuildInfo), or "(unknown)" where
// the binary carries no build information for it. Driver packages use it
// to fill [Info.ModuleVersion].
func ModuleVersion(path string) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path != path {
				continue
			}
			if m.Replace != nil && m.Replace.Version != "" {
				return m.Replace.Version
			}
			if m.Version != "" {
				return m.Version
			}
		}
	}
	return "(unknown)"
}
