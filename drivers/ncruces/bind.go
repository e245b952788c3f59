package ncruces

import (
	"database/sql/driver"
	"fmt"

	"github.com/ncruces/go-sqlite3"

	"github.com/anysqlite/anysqlite/adapter"
)

// paramPrefixes are the prefixes a named argument may bind to.
// bindAll binds args, which the adapter passes by index only.
func bindAll(st *sqlite3.Stmt, args []driver.NamedValue) error {
	for _, arg := range args {
		if err := bind(st, arg.Ordinal, arg.Value); err != nil {
			return fmt.Errorf("ncruces: argument %d: %w", arg.Ordinal, err)
		}
	}
	return nil
}

func bind(st *sqlite3.Stmt, i int, v driver.Value) error {
	switch v := v.(type) {
	case nil:
		return st.BindNull(i)
	case int64:
		return st.BindInt64(i, v)
	case float64:
		return st.BindFloat(i, v)
	case string:
		return st.BindText(i, v)
	case []byte:
		if v == nil {
			return st.BindNull(i)
		}
		return st.BindBlob(i, v) // a zero-length BLOB when v is empty
	case bool:
		return st.BindBool(i, v)
	}
	return fmt.Errorf("%w: ncruces cannot bind %T", adapter.ErrArgument, v)
}
