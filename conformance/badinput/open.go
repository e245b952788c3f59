package badinput

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// openCases: Open reports an unknown driver, a path it cannot use and
// invalid options with a typed error, creates no file when it fails, and
// takes a path literally.
var openCases = []spec.Case{
	{
		Name: "UnknownDriver",
		Doc:  "Open with a driver name that is not registered is ErrUnknownDriver (the message lists the linked drivers) and creates no file",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for _, name := range []string{"nope", "sqlite3", "MATTN", " modernc", "ncruces\x00"} {
				path := filepath.Join(e.Dir, "unknown.db")
				db, err := adapter.Open(ctx, path, &adapter.Options{Driver: name})
				if err == nil {
					db.Close()
				}
				if err != nil && !strings.Contains(err.Error(), e.Driver.Name) {
					return nil, spec.Failf("error for %q does not list the linked drivers: %v", name, err)
				}
				if _, serr := os.Stat(path); serr == nil {
					return nil, spec.Failf("Open with driver %q created %s", name, path)
				}
				out[name] = kind(err)
			}
			return out, nil
		},
		Want: map[string]string{"nope": "ErrUnknownDriver", "sqlite3": "ErrUnknownDriver", "MATTN": "ErrUnknownDriver",
			" modernc": "ErrUnknownDriver", "ncruces\x00": "ErrUnknownDriver"},
	},
	{
		Name:     "BadPaths",
		Doc:      "a directory, a file under a missing directory or under a regular file, and a name too long for the file system are SQLITE_CANTOPEN, creating nothing",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			notDir := filepath.Join(e.Dir, "plain")
			if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
				return nil, err
			}
			out := map[string]string{}
			for name, path := range map[string]string{
				"directory":         e.Dir,
				"missing directory": filepath.Join(e.Dir, "missing", "x.db"),
				"under a file":      filepath.Join(notDir, "x.db"),
				"name too long":     filepath.Join(e.Dir, strings.Repeat("n", 300)+".db"),
				"path too long":     filepath.Join(e.Dir, strings.Repeat(strings.Repeat("d", 200)+"/", 25)+"x.db"),
			} {
				db, err := e.Open(ctx, path, adapter.Options{})
				if err == nil {
					db.Close()
				}
				out[name] = kind(err)
			}
			ents, err := os.ReadDir(e.Dir)
			if err != nil {
				return nil, err
			}
			for _, ent := range ents {
				if n := ent.Name(); n != "plain" && !strings.HasPrefix(n, "case.db") {
					return nil, spec.Failf("a failed Open left %s behind", n)
				}
			}
			return out, nil
		},
		Want: map[string]string{"directory": "SQLITE_CANTOPEN", "missing directory": "SQLITE_CANTOPEN",
			"under a file": "SQLITE_CANTOPEN", "name too long": "SQLITE_CANTOPEN", "path too long": "SQLITE_CANTOPEN"},
	},
	{
		Name:     "TrailingSeparator",
		Doc:      `a path ending in a separator ("x.db/") names a directory: Open fails with SQLITE_CANTOPEN rather than create the file x.db`,
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			path := filepath.Join(e.Dir, "x.db") + string(filepath.Separator)
			db, err := e.Open(ctx, path, adapter.Options{})
			if err == nil {
				db.Close()
			}
			_, serr := os.Stat(filepath.Join(e.Dir, "x.db"))
			return []string{kind(err), "x.db exists: " + fmt.Sprint(serr == nil)}, nil
		},
		Want: []string{"SQLITE_CANTOPEN", "x.db exists: false"},
	},
	{
		Name:     "LongPathThatTheSystemAccepts",
		Doc:      "a 1000-byte path made of short names, which Linux accepts, either opens that very file or fails with SQLITE_CANTOPEN, the same on every driver",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			dir := e.Dir
			for len(dir) < 1000 {
				dir = filepath.Join(dir, strings.Repeat("d", 60))
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, err
			}
			path := filepath.Join(dir, "x.db")
			db, err := e.Open(ctx, path, adapter.Options{})
			if isCode(err, sqlite.CANTOPEN) {
				return "opened or SQLITE_CANTOPEN", nil
			}
			if err != nil {
				return kind(err), nil
			}
			defer db.Close()
			if err := db.Exec(ctx, "CREATE TABLE t(x); INSERT INTO t VALUES (1)"); err != nil {
				return nil, err
			}
			if _, err := os.Stat(path); err != nil {
				return nil, spec.Failf("opened, but not at %s: %v", path, err)
			}
			return "opened or SQLITE_CANTOPEN", nil
		},
		Want: "opened or SQLITE_CANTOPEN",
	},
	{
		Name:     "PathTakenLiterally",
		Doc:      "a path with ?, #, %, spaces, quotes or that looks like a URI or :memory: opens a file of exactly that name, not a URI with parameters",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		NotOn:    map[string]string{"windows": `file names cannot contain ?, " or : on Windows (PathTakenLiterallyWindowsNames checks the others)`},
		Action:   literalNames("a?mode=ro.db", "b#frag.db", "c%41%00.db", "d e 'f\" .db", "file:g.db?mode=memory", ":memory:x", "h?vfs=memdb&cache=shared"),
		Want:     7,
	},
	{
		Name:     "PathTakenLiterallyWindowsNames",
		Doc:      "a path with #, %, &, =, spaces or quotes that Windows allows opens a file of exactly that name, not a URI with parameters",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action:   literalNames("b#frag.db", "c%41%00.db", "d e 'f .db", "file%3Ag.db&mode=memory", "%3Amemory%3A", "h&vfs=memdb&cache=shared.db"),
		Want:     6,
	},
	{
		Name:     "PathWithNULByte",
		Doc:      "a path with a NUL byte is refused with a typed error, and no file is created under the part before the NUL",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			path := filepath.Join(e.Dir, "nul.db\x00.evil")
			db, err := e.Open(ctx, path, adapter.Options{})
			if err == nil {
				db.Close()
			}
			ents, rerr := os.ReadDir(e.Dir)
			if rerr != nil {
				return nil, rerr
			}
			for _, ent := range ents {
				if strings.HasPrefix(ent.Name(), "nul.db") {
					return nil, spec.Failf("Open(%q) = %v, and it created %q", path, err, ent.Name())
				}
			}
			if err == nil {
				return nil, spec.Failf("Open(%q) succeeded", path)
			}
			return nil, typed(err)
		},
		Want: nil,
	},
	{
		Name:     "EmptyPathIsMemory",
		Doc:      `Open("") and Open(":memory:") are private in-memory databases: no file, Path ":memory:", and two of them do not share tables`,
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			a, err := e.Open(ctx, "", adapter.Options{})
			if err != nil {
				return nil, err
			}
			b, err := e.Open(ctx, ":memory:", adapter.Options{})
			if err != nil {
				return nil, err
			}
			if err := a.Exec(ctx, "CREATE TABLE only_in_a(x)"); err != nil {
				return nil, err
			}
			_, err = b.Run(ctx, "INSERT INTO only_in_a VALUES (1)")
			st := a.Storage()
			return []string{a.Path(), b.Path(), st.Path, st.JournalMode, kind(err)}, nil
		},
		Want: []string{":memory:", ":memory:", ":memory:", "memory", "SQLITE_ERROR"},
	},
	{
		Name:     "InvalidOptions",
		Doc:      "invalid JournalMode, Synchronous, MaxOpenConns, Pragmas, OnCorrupt, and WAL in memory are ErrOptions, and no file is created",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for _, name := range sortedKeys(invalidOptions) {
				o := invalidOptions[name]
				path := filepath.Join(e.Dir, "options.db")
				if name == "WAL in memory" {
					path = ":memory:"
				}
				db, err := e.Open(ctx, path, o)
				if err == nil {
					db.Close()
				}
				out[name] = kind(err)
				if _, serr := os.Stat(path); !errors.Is(serr, os.ErrNotExist) {
					os.Remove(path)
					out[name] += " and created the file"
				}
			}
			return out, nil
		},
		Want: all(invalidOptions, "ErrOptions"),
	},
}

// journalOffCases: JournalMode OFF is a documented option value.
var journalOffCases = []spec.Case{
	{
		Name: "JournalModeOffOption",
		Doc:  "JournalMode OFF, a documented value, either opens with journal_mode off or is refused at once with ErrOptions (defensive mode forbids it), never a lock error",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for name, path := range map[string]string{"file": filepath.Join(e.Dir, "off.db"), "memory": ":memory:"} {
				db, err := e.Open(ctx, path, adapter.Options{JournalMode: "OFF", BusyTimeout: 100 * time.Millisecond})
				switch {
				case errors.Is(err, adapter.ErrOptions):
					out[name] = "off or ErrOptions"
				case err != nil:
					out[name] = kind(err) + ": " + err.Error()
				default:
					mode, err := db.PragmaValue(ctx, "journal_mode")
					if err != nil {
						return nil, err
					}
					out[name] = fmt.Sprint(mode)
					if mode == "off" {
						out[name] = "off or ErrOptions"
					}
				}
			}
			return out, nil
		},
		Want: map[string]string{"file": "off or ErrOptions", "memory": "off or ErrOptions"},
	},
}

// invalidOptions are Options that Open must refuse.
var invalidOptions = map[string]adapter.Options{
	"JournalMode":              {JournalMode: "wal2"},
	"JournalMode injection":    {JournalMode: "WAL; DROP TABLE keep"},
	"Synchronous":              {Synchronous: "sometimes"},
	"Synchronous number":       {Synchronous: "3"},
	"MaxOpenConns":             {MaxOpenConns: -1},
	"Pragmas unknown":          {Pragmas: []string{"nope = 1"}},
	"Pragmas not a setting":    {Pragmas: []string{"user_version = 5"}},
	"Pragmas query":            {Pragmas: []string{"table_info(keep)"}},
	"Pragmas injection":        {Pragmas: []string{"foreign_keys = ON; DROP TABLE keep"}},
	"Pragmas empty":            {Pragmas: []string{""}},
	"OnCorrupt":                {OnCorrupt: adapter.CorruptAction(9)},
	"WAL in memory":            {JournalMode: "WAL"},
	"JournalMode with NUL":     {JournalMode: "WAL\x00"},
	"Pragmas value expression": {Pragmas: []string{"cache_size = 1+1"}},
}

// literalNames opens each name in the case's directory, writes a table
// and checks the file exists under exactly that name; it returns how many
// files (other than the case's own database) the directory then holds.
func literalNames(names ...string) func(ctx context.Context, e *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		for _, name := range names {
			path := filepath.Join(e.Dir, name)
			db, err := e.Open(ctx, path, adapter.Options{})
			if err != nil {
				return nil, spec.Failf("Open(%q): %v", name, err)
			}
			if db.Path() != path {
				return nil, spec.Failf("Open(%q).Path() = %q", name, db.Path())
			}
			if err := db.Exec(ctx, "CREATE TABLE t(x); INSERT INTO t VALUES (1)"); err != nil {
				return nil, spec.Failf("writing %q: %v", name, err)
			}
			if err := db.Close(); err != nil {
				return nil, err
			}
			fi, err := os.Stat(path)
			if err != nil || fi.Size() == 0 {
				return nil, spec.Failf("%q: file not written: %v", name, err)
			}
		}
		var got []string
		ents, err := os.ReadDir(e.Dir)
		if err != nil {
			return nil, err
		}
		for _, ent := range ents {
			if !strings.HasPrefix(ent.Name(), "case.db") {
				got = append(got, ent.Name())
			}
		}
		return len(got), nil
	}
}
