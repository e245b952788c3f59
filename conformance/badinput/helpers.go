package badinput

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// keep is the data every case starts with and must still find afterwards:
// bad input never changes or loses it.
const keep = "CREATE TABLE keep(id INTEGER PRIMARY KEY, v TEXT NOT NULL CHECK (v <> ''));" +
	"INSERT INTO keep(v) VALUES ('one'), ('two'), ('three');"

// keepRows is the content of keep as keepContent reads it.
var keepRows = []string{"1=one", "2=two", "3=three"}

// sentinels are the adapter's own errors, by name.
var sentinels = []struct {
	name string
	err  error
}{
	{"ErrNoRows", adapter.ErrNoRows}, {"ErrTxDone", adapter.ErrTxDone}, {"ErrClosed", adapter.ErrClosed},
	{"ErrUnknownDriver", adapter.ErrUnknownDriver}, {"ErrDriverUnavailable", adapter.ErrDriverUnavailable},
	{"ErrDriverConflict", adapter.ErrDriverConflict}, {"ErrNoStatement", adapter.ErrNoStatement},
	{"ErrMultipleStatements", adapter.ErrMultipleStatements}, {"ErrTxControl", adapter.ErrTxControl},
	{"ErrPragma", adapter.ErrPragma}, {"ErrPerConnection", adapter.ErrPerConnection},
	{"ErrDestination", adapter.ErrDestination}, {"ErrArgument", adapter.ErrArgument},
	{"ErrOptions", adapter.ErrOptions}, {"ErrUnsafeStorage", adapter.ErrUnsafeStorage},
	{"Canceled", context.Canceled}, {"DeadlineExceeded", context.DeadlineExceeded},
	{"refused", errRefused}, {"errBoom", errBoom},
}

// kind names err for comparison: "nil", the name of the adapter sentinel
// it matches, the C name of SQLite's primary code for an *adapter.Error,
// or "untyped: ..." for an error that is neither (always a failure).
func kind(err error) string {
	if err == nil {
		return "nil"
	}
	var lacked *spec.LackedPath
	if errors.As(err, &lacked) {
		return lacked.Answer
	}
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			return s.name
		}
	}
	var se *adapter.Error
	if errors.As(err, &se) {
		return se.Code().String()
	}
	var ec sqlite.ExtendedCode
	if errors.As(err, &ec) {
		return ec.Code().String()
	}
	var c sqlite.Code
	if errors.As(err, &c) {
		return c.String()
	}
	return fmt.Sprintf("untyped %T: %v", err, err)
}

// typed fails unless err is nil or one of the adapter's typed errors.
func typed(err error) error {
	if k := kind(err); len(k) > 7 && k[:7] == "untyped" {
		return spec.Failf("%s", k)
	}
	return nil
}

// keepContent returns the rows of keep as "id=v", in id order.
func keepContent(ctx context.Context, q adapter.Querier) ([]string, error) {
	var rows []struct {
		ID int64  `db:"id"`
		V  string `db:"v"`
	}
	if err := q.All(ctx, &rows, "SELECT id, v FROM keep ORDER BY id"); err != nil {
		return nil, err
	}
	out := []string{}
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%d=%s", r.ID, r.V))
	}
	return out, nil
}

// intact checks, through a new handle on the case's file, that keep holds
// exactly want (keepRows if nil) and that PRAGMA integrity_check is ok.
func intact(ctx context.Context, e *spec.Env, want []string) error {
	if want == nil {
		want = keepRows
	}
	db, err := e.Open(ctx, e.Path, adapter.Options{})
	if err != nil {
		return spec.Failf("reopening to check the data: %v", err)
	}
	defer db.Close()
	got, err := keepContent(ctx, db)
	if err != nil {
		return spec.Failf("reading keep back: %v", err)
	}
	if !slices.Equal(got, want) {
		return spec.Failf("data changed: keep holds %q, want %q", got, want)
	}
	var check []string
	if err := db.All(ctx, &check, "PRAGMA integrity_check"); err != nil {
		return spec.Failf("integrity_check: %v", err)
	}
	if !slices.Equal(check, []string{"ok"}) {
		return spec.Failf("integrity_check: %q", check)
	}
	return nil
}

// guard returns an Action that runs do, then checks that its error is
// typed and that keep is intact, and returns do's error for the runner to
// match against WantErr.
func guard(do func(ctx context.Context, e *spec.Env) error) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		err := do(ctx, e)
		if terr := typed(err); terr != nil {
			return nil, terr
		}
		if ierr := intact(ctx, e, nil); ierr != nil {
			return nil, ierr
		}
		return nil, err
	}
}

// kinds returns an Action that runs each attempt, names the error each
// gives with kind, then checks keep is intact, and returns the names by
// attempt.
func kinds(attempts map[string]func(ctx context.Context, e *spec.Env) error) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		out := map[string]string{}
		for _, name := range sortedKeys(attempts) {
			out[name] = kind(attempts[name](ctx, e))
		}
		if err := intact(ctx, e, nil); err != nil {
			return nil, err
		}
		return out, nil
	}
}

// all returns want for every key of attempts: the Want of a kinds case
// where every attempt fails the same way.
func all[F any](attempts map[string]F, want string) map[string]string {
	out := map[string]string{}
	for k := range attempts {
		out[k] = want
	}
	return out
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// runs returns an attempt that runs query with args through DB.Run.
func runs(query string, args ...any) func(context.Context, *spec.Env) error {
	return func(ctx context.Context, e *spec.Env) error {
		_, err := e.DB.Run(ctx, query, args...)
		return err
	}
}

// gets returns an attempt that reads the first row of query with args
// into an adapter.Row through DB.Get.
func gets(query string, args ...any) func(context.Context, *spec.Env) error {
	return func(ctx context.Context, e *spec.Env) error {
		var r adapter.Row
		return e.DB.Get(ctx, &r, query, args...)
	}
}

// alls returns an attempt that reads every row of query with args into
// []adapter.Row through DB.All.
func alls(query string, args ...any) func(context.Context, *spec.Env) error {
	return func(ctx context.Context, e *spec.Env) error {
		var rows []adapter.Row
		return e.DB.All(ctx, &rows, query, args...)
	}
}

// iterates returns an attempt that ranges over DB.Iterate of query with
// args and returns the first error it yields.
func iterates(query string, args ...any) func(context.Context, *spec.Env) error {
	return func(ctx context.Context, e *spec.Env) error {
		return drain(e.DB.Iterate(ctx, query, args...))
	}
}

// execs returns an attempt that runs script through DB.Exec.
func execs(script string) func(context.Context, *spec.Env) error {
	return func(ctx context.Context, e *spec.Env) error { return e.DB.Exec(ctx, script) }
}

// prepares returns an attempt that prepares query (closing the Stmt if
// that works).
func prepares(query string) func(context.Context, *spec.Env) error {
	return func(ctx context.Context, e *spec.Env) error {
		s, err := e.DB.Prepare(ctx, query)
		if err == nil {
			s.Close()
		}
		return err
	}
}

// stmtRuns returns an attempt that prepares query and runs the Stmt with
// args.
func stmtRuns(query string, args ...any) func(context.Context, *spec.Env) error {
	return func(ctx context.Context, e *spec.Env) error {
		s, err := e.DB.Prepare(ctx, query)
		if err != nil {
			return err
		}
		defer s.Close()
		_, err = s.Run(ctx, args...)
		return err
	}
}

// drain ranges over seq and returns its first error.
func drain(seq func(yield func(adapter.Row, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// errRefused stands for "some typed error" in kinds results.
var errRefused = errors.New("refused")

// refused wraps an attempt whose exact error does not matter as long as it
// is a typed one: it reports errRefused for any typed error.
func refused(do func(ctx context.Context, e *spec.Env) error) func(context.Context, *spec.Env) error {
	return func(ctx context.Context, e *spec.Env) error {
		err := do(ctx, e)
		if err != nil && typed(err) == nil {
			return errRefused
		}
		return err
	}
}

// isCode reports whether err is an *adapter.Error with code c.
func isCode(err error, c sqlite.Code) bool {
	var se *adapter.Error
	return errors.As(err, &se) && se.Code() == c
}
