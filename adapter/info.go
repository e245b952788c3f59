package adapter

import contract "github.com/anysqlite/anysqlite/adapter/driver"

// DriverInfo describes the driver behind a [DB]: which Go module, which
// SQLite, built how, and what it can do. [DB.Driver] returns it.
type DriverInfo = contract.Info

// Feature names an optional capability of a driver.
type Feature = contract.Feature

// Support says whether a feature works and, when it does not, why.
type Support = contract.Support

// The features [DriverInfo.Features] reports. Each is probed on a live
// connection, not assumed from the driver's name.
const (
	FeatureFTS5       = contract.FeatureFTS5       // FTS5 full-text search (https://sqlite.org/fts5.html)
	FeatureJSON       = contract.FeatureJSON       // JSON functions (https://sqlite.org/json1.html)
	FeatureRTree      = contract.FeatureRTree      // R*Tree index
	FeatureMath       = contract.FeatureMath       // built-in math functions
	FeatureBackup     = contract.FeatureBackup     // DB.Backup (VACUUM INTO)
	FeatureSerialize  = contract.FeatureSerialize  // DB.Serialize and Deserialize
	FeatureDefensive  = contract.FeatureDefensive  // SQLITE_DBCONFIG_DEFENSIVE can be set
	FeatureDQSControl = contract.FeatureDQSControl // double-quoted string literals can be switched off
	FeatureHeapLimit  = contract.FeatureHeapLimit  // PRAGMA hard_heap_limit / soft_heap_limit are enforced
	// FeatureTransactions is interactive transactions (Transaction); a
	// replicated engine that applies only atomic batches lacks it, and
	// offers [DB.Batch].
	FeatureTransactions = contract.FeatureTransactions
	// FeatureLocalFile is a database file of this machine (WAL, mmap,
	// checkpoints, Backup to a path); remote engines lack it.
	FeatureLocalFile = contract.FeatureLocalFile
)
