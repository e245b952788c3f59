package api

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// bindingCases: the one rule by which arguments bind to parameters (see
// adapter/params.go), the same on every path: DB.Get (the adapter's direct
// path), DB.Iterate (through database/sql's rows), Tx.Get, Stmt.Get and
// DB.SQL's QueryRow. Tx.Get is left out on a driver without transactions
// (spec.IgnoreLackedPaths).
var bindingCases = onEveryPath([]spec.Case{
	{
		Name:   "BindNamedArgumentMatchesNoParameter",
		Doc:    "SELECT :a given sql.Named(\"b\", 1) is ErrArgument naming b on every path (raw mattn binds NULL silently)",
		Action: everyPath("SELECT :a", "b", sql.Named("b", 1)),
		Want:   samePath("ErrArgument"),
	},
	{
		Name:   "BindMapKeyMatchesNoParameter",
		Doc:    "SELECT :a given map{\"b\": 1} is ErrArgument naming b on every path",
		Action: everyPath("SELECT :a", "b", map[string]any{"b": 1}),
		Want:   samePath("ErrArgument"),
	},
	{
		Name:   "BindNamedParameterMissing",
		Doc:    "SELECT :a, :b given only a named a is ErrArgument naming :b on every path",
		Action: everyPath("SELECT :a + :b", ":b", sql.Named("a", 1)),
		Want:   samePath("ErrArgument"),
	},
	{
		Name:   "BindPositionalForNamedParameter",
		Doc:    "an argument without a name binds the parameter at its position, named or not: SELECT :a given 7 is 7 on every path (raw modernc refuses)",
		Action: everyPath("SELECT :a", "", 7),
		Want:   samePath("7"),
	},
	{
		Name:   "BindNamedForUnnamedParameter",
		Doc:    "SELECT ? given sql.Named(\"a\", 1) is ErrArgument on every path (raw drivers give NULL, 1 or an error)",
		Action: everyPath("SELECT ?", "a", sql.Named("a", 1)),
		Want:   samePath("ErrArgument"),
	},
	{
		Name:   "BindMapForUnnamedParameter",
		Doc:    "SELECT ? given map{\"a\": 1} is ErrArgument on every path",
		Action: everyPath("SELECT ?", "a", map[string]any{"a": 1}),
		Want:   samePath("ErrArgument"),
	},
	{
		Name:   "BindTwoArgumentsOneName",
		Doc:    "two arguments named a are ErrArgument on every path",
		Action: everyPath("SELECT :a", "a", sql.Named("a", 1), sql.Named("a", 2)),
		Want:   samePath("ErrArgument"),
	},
	{
		Name:   "BindTooManyPositional",
		Doc:    "SELECT ? given two arguments is ErrArgument on every path",
		Action: everyPath("SELECT ?", "2 arguments", 1, 2),
		Want:   samePath("ErrArgument"),
	},
	{
		Name:   "BindOneNameAllPrefixes",
		Doc:    "a named argument a binds :a, @a and $a alike",
		Action: everyPath("SELECT :a + @a + $a", "", sql.Named("a", 2)),
		Want:   samePath("6"),
	},
	{
		Name:   "BindSharedNamePositionally",
		Doc:    "SELECT :a, $a given positional arguments is ErrArgument naming both (they can only be bound by name)",
		Action: everyPath("SELECT :a + $a", "$a", 1, 2),
		Want:   samePath("ErrArgument"),
	},
	{
		Name:   "BindParameterTwice",
		Doc:    "SELECT :a, ?2 … given a named a and a positional argument at position 1 (which is :a's index) is ErrArgument: :a would get two values",
		Action: everyPath("SELECT :a + ?2", ":a", 1, sql.Named("a", 2)),
		Want:   samePath("ErrArgument"),
	},
	{
		Name:   "BindMapKeyWithPrefix",
		Doc:    "a map key may carry the parameter's prefix: map{\":a\": 5} binds :a",
		Action: everyPath("SELECT :a", "", map[string]any{":a": 5}),
		Want:   samePath("5"),
	},
})

// onEveryPath lets cases compare the answers of the paths the driver has.
func onEveryPath(cases []spec.Case) []spec.Case {
	for i := range cases {
		cases[i].Cmp = append(cases[i].Cmp, spec.IgnoreLackedPaths)
	}
	return cases
}

// bindingPaths are the ways a query is run, by name.
var bindingPaths = []struct {
	name  string
	needs adapter.Feature // a feature the path needs, if any
	get   func(ctx context.Context, db *adapter.DB, query string, args []any) (any, error)
}{
	{"DB.Get", "", func(ctx context.Context, db *adapter.DB, query string, args []any) (v any, err error) {
		err = db.Get(ctx, &v, query, args...)
		return v, err
	}},
	{"DB.Iterate", "", func(ctx context.Context, db *adapter.DB, query string, args []any) (v any, err error) {
		for row, err := range db.Iterate(ctx, query, args...) {
			if err != nil {
				return nil, err
			}
			for _, x := range row {
				v = x
			}
		}
		return v, nil
	}},
	{"Tx.Get", adapter.FeatureTransactions, func(ctx context.Context, db *adapter.DB, query string, args []any) (v any, err error) {
		err = db.Transaction(ctx, func(tx *adapter.Tx) error { return tx.Get(ctx, &v, query, args...) })
		return v, err
	}},
	{"Stmt.Get", "", func(ctx context.Context, db *adapter.DB, query string, args []any) (v any, err error) {
		st, err := db.Prepare(ctx, query)
		if err != nil {
			return nil, err
		}
		defer st.Close()
		err = st.Get(ctx, &v, args...)
		return v, err
	}},
	{"SQL().QueryRow", "", func(ctx context.Context, db *adapter.DB, query string, args []any) (v any, err error) {
		if len(args) == 1 {
			if m, ok := args[0].(map[string]any); ok {
				args = args[:0]
				for k, x := range m {
					args = append(args, sql.Named(strings.TrimLeft(k, ":@$"), x))
				}
			}
		}
		err = db.SQL().QueryRowContext(ctx, query, args...).Scan(&v)
		return v, err
	}},
}

// everyPath runs query with args on every path and reports, per path, the
// value read or "ErrArgument" when the error wraps adapter.ErrArgument and
// its message mentions name.
func everyPath(query, name string, args ...any) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		out := map[string]string{}
		for _, p := range bindingPaths {
			if p.needs != "" {
				if lacked := e.Lacks(p.needs); lacked != "" {
					out[p.name] = lacked
					continue
				}
			}
			v, err := p.get(ctx, e.DB, query, args)
			switch {
			case err == nil:
				out[p.name] = fmt.Sprint(v)
			case errors.Is(err, adapter.ErrArgument) && strings.Contains(err.Error(), name):
				out[p.name] = "ErrArgument"
			default:
				out[p.name] = fmt.Sprintf("error %v", err)
			}
		}
		return out, nil
	}
}

// samePath is the answer s on every path.
func samePath(s string) map[string]string {
	out := map[string]string{}
	for _, p := range bindingPaths {
		out[p.name] = s
	}
	return out
}
