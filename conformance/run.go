package conformance

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anysqlite/anysqlite/adapter"
	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// CaseTimeout bounds one case; a case that hangs fails instead.
const CaseTimeout = 2 * time.Minute

// Run runs every case on d, as subtests Name/Category/Case of t, where
// Name is d.Info().Name. A failing case fails its subtest with the diff;
// an unsupported one is skipped with the driver's reason, so `go test -v`
// shows it. d need not be registered.
func Run(t *testing.T, d contract.Driver) { RunOpener(t, For(d)) }

// RunOpener is Run for databases o opens (a wrapped driver, storm sizes).
func RunOpener(t *testing.T, o Opener) {
	t.Run(o.Name, func(t *testing.T) {
		for _, cat := range Categories() {
			t.Run(cat.Name, func(t *testing.T) {
				for _, c := range cat.Cases {
					t.Run(c.Name, func(t *testing.T) {
						r := RunCase(t.Context(), o, cat, c)
						switch {
						case r.Status == Unsupported && r.Known:
							t.Skip("unsupported: " + r.Detail + "; " + r.Note)
						case r.Status == Fail:
							t.Error(r.Detail)
						case r.Status == Unsupported:
							t.Skip("unsupported: " + r.Detail)
						}
					})
				}
			})
		}
	})
}

// RunAll runs the cases accepted by match (nil: all) on each opener and
// returns the results in catalogue order, calling progress (if not nil)
// before each case with a zero Status and after it with the result.
func RunAll(ctx context.Context, openers []Opener, match func(category, name string) bool, progress func(Result)) []Result {
	var out []Result
	for _, o := range openers {
		for _, cat := range Categories() {
			for _, c := range cat.Cases {
				if match != nil && !match(cat.Name, c.Name) {
					continue
				}
				if progress != nil {
					progress(Result{Driver: o.Name, Category: cat.Name, Case: c.Name})
				}
				r := RunCase(ctx, o, cat, c)
				if progress != nil {
					progress(r)
				}
				out = append(out, r)
			}
		}
	}
	return out
}

// RunCase runs one case on a fresh database in a private directory, and
// applies o.Known to its result: a listed case that fails is reported
// unsupported with the listed reason (what it observed goes to
// Result.Note), and a listed case that passes fails, so that the list
// stays true.
func RunCase(ctx context.Context, o Opener, cat spec.Category, c spec.Case) Result {
	known, isKnown := o.Known[cat.Name+"/"+c.Name]
	if isKnown && known.Skip {
		return Result{Driver: o.Name, Category: cat.Name, Case: c.Name, Status: Unsupported, Known: true,
			Detail: "not run: " + known.Reason}
	}
	r := runCase(ctx, o, cat, c)
	if !isKnown {
		return r
	}
	switch r.Status {
	case Fail:
		r.Status, r.Known = Unsupported, true
		r.Note = strings.TrimPrefix(strings.Join([]string{r.Note, "observed: " + r.Detail}, "; "), "; ")
		r.Detail = known.Reason
	case Pass:
		r.Status, r.Detail = Fail, "listed as a known difference ("+known.Reason+") but passes: remove it from the list"
	}
	return r
}

// runCase runs one case on a fresh database in a private directory.
func runCase(ctx context.Context, o Opener, cat spec.Category, c spec.Case) (r Result) {
	r = Result{Driver: o.Name, Category: cat.Name, Case: c.Name}
	start := time.Now()
	defer func() { r.Elapsed = time.Since(start) }()
	var dir string
	fail := func(format string, args ...any) Result {
		r.Status, r.Detail = Fail, fmt.Sprintf(format, args...)
		if c.Doc != "" {
			r.Detail = c.Doc + ": " + r.Detail
		}
		if dir != "" { // keep details the same from run to run
			r.Detail = strings.ReplaceAll(r.Detail, dir, "$DIR")
		}
		return r
	}
	if (c.Query == "") == (c.Action == nil) {
		return fail("invalid case: set exactly one of Query and Action")
	}
	if why, ok := c.NotOn[runtime.GOOS]; ok {
		r.Status, r.Detail = Unsupported, "not on "+runtime.GOOS+": "+why
		return r
	}
	if c.Unavailable != "" {
		r.Status, r.Detail = Unsupported, c.Unavailable
		return r
	}
	ctx, cancel := context.WithTimeout(ctx, CaseTimeout)
	defer cancel()

	dir, err := os.MkdirTemp("", "conform-")
	if err == nil {
		dir, err = filepath.EvalSymlinks(dir)
	}
	if err != nil {
		return fail("%v", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "case.db")
	if h := o.HeapLimiter; h != nil {
		// A case may lower the process-wide hard_heap_limit (its
		// Options.Pragmas), which PRAGMA cannot lift again.
		defer h.SetHardHeapLimit(h.SetHardHeapLimit(-1))
	}
	db, err := o.Open(ctx, path, c.Options)
	if err != nil {
		return fail("open: %v", err)
	}
	env := spec.NewEnv(db, path, dir, o.Open)
	env.Storm = o.Storm
	env.UsePeers(o.peers())
	defer env.Close()
	defer db.Close()

	for _, f := range append(slices.Clone(cat.Requires), c.Requires...) {
		if s := env.Driver.Features[f]; !s.OK {
			r.Status, r.Detail = Unsupported, string(f)+": "+reasonOr(s.Reason)
			return r
		}
	}
	if c.Setup != "" {
		if err := db.Exec(ctx, c.Setup); err != nil {
			return fail("setup: %v", err)
		}
	}
	got, err := check(ctx, c, env)
	r.Note = strings.Join(env.Notes(), "; ")
	var unsupported *spec.Unsupported
	if errors.As(err, &unsupported) {
		r.Status, r.Detail = Unsupported, strings.ReplaceAll(unsupported.Reason, dir, "$DIR")
		return r
	}
	switch {
	case c.WantErr != nil && err == nil:
		return fail("succeeded, want an error matching %v (got %v)", c.WantErr, got)
	case c.WantErr != nil && !errors.Is(err, c.WantErr):
		return fail("error %v, want one matching %v", err, c.WantErr)
	case c.WantErr == nil && err != nil:
		return fail("%v", err)
	case c.WantErr == nil:
		if diff := cmp.Diff(c.Want, got, c.Cmp...); diff != "" {
			return fail("result differs (-want +got):\n%s", diff)
		}
	}
	r.Status = Pass
	return r
}

// check runs the case's query or action, turning a panic into an error.
func check(ctx context.Context, c spec.Case, env *spec.Env) (got any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, trimStack(debug.Stack()))
		}
	}()
	if c.Action != nil {
		return c.Action(ctx, env)
	}
	var rows []adapter.Row
	err = env.DB.All(ctx, &rows, c.Query, c.Args...)
	return rows, err
}

func reasonOr(s string) string {
	if s == "" {
		return "not supported by the driver"
	}
	return s
}

// trimStack keeps the frames below the panic, enough to find it.
func trimStack(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") && i+2 < len(lines) {
			lines = lines[i+2:]
			break
		}
	}
	if len(lines) > 12 {
		lines = lines[:12]
	}
	return strings.Join(lines, "\n")
}
