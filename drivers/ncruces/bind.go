package ncruces

import (
	"database/sql/driver"
	"fmt"

	"github.com/ncruces/go-sqlite3"

	"github.com/anysqlite/anysqlite/adapter"
)

// paramPrefixes are the prefixes a named argument may bind to.
var paramPrefixes = [...]string{":", "@", "$"}

// bindAll binds args to st: positional ones by ordinal, named ones to every
// :name, @name and $name parameter the statement has.
func bindAll(st *sqlite3.Stmt, args []driver.NamedValue) error {
	for _, arg := range args {
		if arg.Name == "" {
			if err := bind(st, arg.Ordinal, arg.Value); err != nil {
				return fmt.Errorf("ncruces: argument %d: %w", arg.Ordinal, err)
			}
			continue
		}
		found := false
		for _, prefix := range paramPrefixes {
			i := st.BindIndex(prefix + arg.Name)
			if i == 0 {
				continue
			}
			found = true
			if err := bind(st, i, arg.Value); err != nil {
				return fmt.Errorf("ncruces: argument %q: %w", arg.Name, err)
			}
		}
		if !found {
			return fmt.Errorf("%w: ncruces: the statement has no parameter :%s, @%s or $%s",
				adapter.ErrArgument, arg.Name, arg.Name, arg.Name)
		}
	}
	return nil
}

// bind binds one value to parameter i (1-based).
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
