package adapter

import (
	"context"
	"database/sql"
	"slices"
	"sort"
	"strings"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// probeInfo connects (which applies every setting and so reports a bad
// file or setting now), reads the schema (which reports a file that is not
// a database), and completes the driver's static Info from the live
// library once per process.
func probeInfo(ctx context.Context, db *DB) (DriverInfo, error) {
	var n int64
	if err := db.sqldb.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		return DriverInfo{}, err
	}
	static := db.drv.Info()
	if v, ok := probed.Load(static.Name); ok {
		return v.(DriverInfo), nil
	}
	info := static.Clone()
	if err := db.sqldb.QueryRowContext(ctx, "SELECT sqlite_version(), sqlite_source_id()").
		Scan(&info.SQLiteVersion, &info.SourceID); err != nil {
		return DriverInfo{}, err
	}
	var err error
	if info.CompileOpts, err = column(ctx, db.sqldb, "PRAGMA compile_options"); err != nil {
		return DriverInfo{}, err
	}
	sort.Strings(info.CompileOpts)
	modules, err := column(ctx, db.sqldb, "SELECT DISTINCT name FROM pragma_module_list")
	if err != nil {
		return DriverInfo{}, err
	}
	functions, err := column(ctx, db.sqldb, "SELECT DISTINCT name FROM pragma_function_list")
	if err != nil {
		return DriverInfo{}, err
	}
	has := func(list []string, name string) bool {
		for _, s := range list {
			if strings.EqualFold(s, name) {
				return true
			}
		}
		return false
	}
	probe := func(f Feature, ok bool, why string) {
		if s, said := static.Features[f]; said && !s.OK && s.Reason != "" {
			return // the driver knows it lacks f (a remote engine's heap limit is the server's)
		}
		if ok {
			info.Features[f] = Support{OK: true}
			return
		}
		if s := info.Features[f]; s.Reason != "" {
			why = s.Reason
		}
		info.Features[f] = Support{Reason: why}
	}
	probe(FeatureFTS5, has(modules, "fts5"), "the fts5 module is not compiled in")
	probe(FeatureRTree, has(modules, "rtree"), "the rtree module is not compiled in")
	probe(FeatureJSON, has(functions, "json"), "JSON functions are not compiled in")
	probe(FeatureMath, has(functions, "sqrt"), "built without SQLITE_ENABLE_MATH_FUNCTIONS")
	probe(FeatureBackup, !info.Remote, "VACUUM INTO writes a file on the engine's machine, not this one")
	probe(FeatureLocalFile, !info.Remote, "the database is not a file of this machine (a remote engine)")
	tx, known := info.Features[FeatureTransactions]
	probe(FeatureTransactions, !known || tx.OK, "")
	probe(FeatureHeapLimit, !slices.Contains(info.CompileOpts, "DEFAULT_MEMSTATUS=0"),
		"built with SQLITE_DEFAULT_MEMSTATUS=0: SQLite does not track memory, so PRAGMA hard_heap_limit is accepted and not enforced")
	_, canSerialize := db.drv.(contract.Serializer)
	probe(FeatureSerialize, canSerialize, "the driver does not expose sqlite3_serialize")
	for _, f := range []Feature{FeatureDefensive, FeatureDQSControl} {
		probe(f, info.Features[f].OK, "the driver does not expose sqlite3_db_config")
	}
	probed.Store(info.Name, info)
	return info.Clone(), nil
}

// column returns the first column of every row of query, as text.
func column(ctx context.Context, db *sql.DB, query string) ([]string, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
