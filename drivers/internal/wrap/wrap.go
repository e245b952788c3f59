// Package wrap holds what the mattn and modernc drivers share: both wrap
// the database/sql driver of another module, fix up its values, and set
// sqlite3_db_config options on its connection handle themselves. ncruces
// implements its own driver layer and needs none of it.
package wrap

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// dbConfigOps lists the sqlite3_db_config options ApplyDBConfig sets, in
// the order it sets them: every option the adapter defines.
var dbConfigOps = []contract.DBConfigOp{
	contract.DBConfigEnableLoadExtension,
	contract.DBConfigDefensive,
	contract.DBConfigDQSDML,
	contract.DBConfigDQSDDL,
	contract.DBConfigTrustedSchema,
}

// CheckDBConfig fails, with an error wrapping errors.ErrUnsupported, for
// an option ApplyDBConfig cannot set. prefix starts the error message
// ("anysqlite/mattn").
func CheckDBConfig(prefix string, opts map[contract.DBConfigOp]bool) error {
	for op := range opts {
		if !slices.Contains(dbConfigOps, op) {
			return fmt.Errorf("%s: %w: sqlite3_db_config option %d", prefix, errors.ErrUnsupported, op)
		}
	}
	return nil
}

// DBConfigSetter calls sqlite3_db_config(db, op, on, &after) on one
// connection and returns SQLite's result code and after, the option's
// value afterwards.
type DBConfigSetter func(op contract.DBConfigOp, on bool) (rc, after int, err error)

// ApplyDBConfig sets the options in opts with set, in a fixed order, and
// checks that each took effect; an option SQLite refuses or ignores fails
// with an error wrapping errors.ErrUnsupported. Call CheckDBConfig first.
func ApplyDBConfig(prefix string, opts map[contract.DBConfigOp]bool, set DBConfigSetter) error {
	for _, op := range dbConfigOps {
		on, ok := opts[op]
		if !ok {
			continue
		}
		want := 0
		if on {
			want = 1
		}
		rc, after, err := set(op, on)
		switch {
		case err != nil:
			return err
		case rc != 0:
			return fmt.Errorf("%s: %w: sqlite3_db_config(%d, %d) returned %d", prefix, errors.ErrUnsupported, op, want, rc)
		case after != want:
			return fmt.Errorf("%s: %w: sqlite3_db_config(%d, %d) left the option at %d", prefix, errors.ErrUnsupported, op, want, after)
		}
	}
	return nil
}

// NonNilBlobs makes each nil []byte in a row filled by the wrapped
// driver's Next a non-nil []byte{}: both drivers return an empty BLOB as
// a nil slice (a NULL is a nil driver.Value, not a nil []byte).
func NonNilBlobs(dest []driver.Value) {
	for i, v := range dest {
		if b, ok := v.([]byte); ok && b == nil {
			dest[i] = []byte{}
		}
	}
}

// Named converts the positional arguments of the deprecated Stmt.Exec and
// Stmt.Query for the context methods.
func Named(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, v := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return nv
}
