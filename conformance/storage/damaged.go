package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// damage is one way a database file can be damaged, and what Open makes of
// it on every driver.
type damage struct {
	name string // CamelCase prefix of the case names
	what string // the damage, for the Docs
	make func(ctx context.Context, e *spec.Env, path string) error

	open    string // Open with defaults: "opened, ..." or the error's code
	check   string // Open with CheckOnOpen: "opened" or the error's code
	inCheck string // text the CheckOnOpen error must hold (quick_check's messages), if any
	moved   bool   // whether OnCorrupt: CorruptQuarantine (with CheckOnOpen) moves the file aside
}

// damages are the damaged files every driver is tried on.
var damages = []damage{
	{
		name: "ZeroLengthFile", what: "a zero-length file (SQLite treats it as an empty database)",
		make: func(ctx context.Context, e *spec.Env, path string) error { return os.WriteFile(path, nil, 0o644) },
		open: "opened, empty, writable", check: "opened",
	},
	{
		name: "TruncatedMidPage", what: "a database of several pages cut in the middle of its third page",
		make: func(ctx context.Context, e *spec.Env, path string) error {
			if err := makeDB(ctx, e, path); err != nil {
				return err
			}
			size, err := pageSize(path)
			if err != nil {
				return err
			}
			return os.Truncate(path, int64(2*size+size/2))
		},
		open: "SQLITE_CORRUPT", check: "SQLITE_CORRUPT", moved: true,
	},
	{
		name: "RandomTablePage", what: "random bytes over page 2, the root of table t",
		make: func(ctx context.Context, e *spec.Env, path string) error {
			if err := makeDB(ctx, e, path); err != nil {
				return err
			}
			return overwritePage(path, 2)
		},
		open: "opened, first read SQLITE_CORRUPT", check: "SQLITE_CORRUPT", inCheck: "page 2", moved: true,
	},
	{
		name: "RandomIndexPage", what: "random bytes over page 3, the root of index t_s",
		make: func(ctx context.Context, e *spec.Env, path string) error {
			if err := makeDB(ctx, e, path); err != nil {
				return err
			}
			return overwritePage(path, 3)
		},
		open: "opened, first read SQLITE_CORRUPT", check: "SQLITE_CORRUPT", inCheck: "page 3", moved: true,
	},
	{
		name: "WrongHeader", what: `a database whose first 16 bytes are not "SQLite format 3\0"`,
		make: func(ctx context.Context, e *spec.Env, path string) error {
			if err := makeDB(ctx, e, path); err != nil {
				return err
			}
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			_, err = f.WriteAt([]byte("Not a database!\x00"), 0)
			return errors.Join(err, f.Close())
		},
		open: "SQLITE_NOTADB", check: "SQLITE_NOTADB", moved: true,
	},
	{
		name: "TextFile", what: "a text file",
		make: func(ctx context.Context, e *spec.Env, path string) error {
			return os.WriteFile(path, []byte(strings.Repeat("This is not a database, it is a text file.\n", 200)), 0o644)
		},
		open: "SQLITE_NOTADB", check: "SQLITE_NOTADB", moved: true,
	},
	{
		name: "Directory", what: "a directory where the database should be",
		make: func(ctx context.Context, e *spec.Env, path string) error { return os.Mkdir(path, 0o755) },
		open: "SQLITE_CANTOPEN", check: "SQLITE_CANTOPEN",
	},
}

// damagedCases returns, for each damage, the cases for Open with
// defaults, with CheckOnOpen and with CorruptQuarantine.
func damagedCases() []spec.Case {
	var out []spec.Case
	for _, d := range damages {
		out = append(out,
			spec.Case{
				Name:   d.name + "Open",
				Doc:    "Open with defaults of " + d.what + ": " + d.open + "; a failed Open leaves the file's bytes alone",
				Action: func(ctx context.Context, e *spec.Env) (any, error) { return openDamaged(ctx, e, d) },
				Want:   d.open,
			},
			spec.Case{
				Name:   d.name + "CheckOnOpen",
				Doc:    "Open with CheckOnOpen of " + d.what + ": " + d.check + ", with quick_check's messages in the error where it ran; the file's bytes are left alone",
				Action: func(ctx context.Context, e *spec.Env) (any, error) { return checkDamaged(ctx, e, d) },
				Want:   checkWant(d),
			},
			spec.Case{
				Name:   d.name + "Quarantine",
				Doc:    "Open with CheckOnOpen and CorruptQuarantine of " + d.what + ": " + quarantineWant(d),
				Action: func(ctx context.Context, e *spec.Env) (any, error) { return quarantineDamaged(ctx, e, d) },
				Want:   quarantineWant(d),
			},
		)
	}
	return out
}

// damagedPath makes d's damaged file in the case's directory.
func damagedPath(ctx context.Context, e *spec.Env, d damage) (string, map[string]string, error) {
	path := filepath.Join(e.Dir, "damaged.db")
	if err := d.make(ctx, e, path); err != nil {
		return "", nil, err
	}
	before, err := sums(path)
	return path, before, err
}

func openDamaged(ctx context.Context, e *spec.Env, d damage) (any, error) {
	path, before, err := damagedPath(ctx, e, d)
	if err != nil {
		return nil, err
	}
	db, err := e.Open(ctx, path, adapter.Options{})
	if err != nil {
		if uerr := unchanged(path, before); uerr != nil {
			return nil, uerr
		}
		return kind(err), nil
	}
	defer db.Close()
	var n int64
	if err := db.Get(ctx, &n, "SELECT count(*) FROM sqlite_schema"); err != nil {
		return nil, err
	}
	if n == 0 {
		if err := db.Exec(ctx, "CREATE TABLE x(y); INSERT INTO x VALUES (1)"); err != nil {
			return "opened, empty, write " + kind(err), nil
		}
		return "opened, empty, writable", nil
	}
	if err := count(ctx, db, rows); err != nil {
		return "opened, first read " + kind(err), nil
	}
	return "opened, all rows read", nil
}

func checkWant(d damage) []string {
	want := []string{d.check}
	if d.inCheck != "" {
		want = append(want, "quick_check's messages in the error")
	}
	if d.check != "opened" {
		want = append(want, "file untouched")
	}
	return want
}

func checkDamaged(ctx context.Context, e *spec.Env, d damage) (any, error) {
	path, before, err := damagedPath(ctx, e, d)
	if err != nil {
		return nil, err
	}
	outcome, err := openOutcome(ctx, e, path, adapter.Options{CheckOnOpen: true})
	got := []string{outcome}
	if err == nil {
		return got, nil
	}
	if d.inCheck != "" {
		if strings.Contains(err.Error(), d.inCheck) {
			got = append(got, "quick_check's messages in the error")
		} else {
			got = append(got, "error without quick_check's messages: "+err.Error())
		}
	}
	if uerr := unchanged(path, before); uerr != nil {
		got = append(got, uerr.Error())
	} else {
		got = append(got, "file untouched")
	}
	return got, nil
}

func quarantineWant(d damage) string {
	switch {
	case d.moved:
		return quarantineOutcome
	case d.check == "opened":
		return "opened, nothing moved"
	}
	return d.check + ", nothing moved"
}

func quarantineDamaged(ctx context.Context, e *spec.Env, d damage) (any, error) {
	path, before, err := damagedPath(ctx, e, d)
	if err != nil {
		return nil, err
	}
	if d.moved {
		return checkQuarantine(ctx, e, path, before, adapter.Options{CheckOnOpen: true})
	}
	outcome, _ := openOutcome(ctx, e, path, adapter.Options{CheckOnOpen: true, OnCorrupt: adapter.CorruptQuarantine})
	if err := nothingMoved(e.Dir); err != nil {
		return nil, spec.Failf("%s: %v", d.what, err)
	}
	return outcome + ", nothing moved", nil
}
