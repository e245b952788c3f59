package storage

import (
	"context"
	"os"
	"path/filepath"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// osEnforced is what the read-only cases return: the checks hold whether
// or not the operating system enforces the file mode (it does not for
// root, who may write a 0444 file; adapter/readonly_test.go runs the same
// situations as an unprivileged user).
const osEnforced = "clear error or correct data, as the file mode allows"

// readOnlyCases: a read-only file or directory gives SQLITE_READONLY (or
// SQLITE_CANTOPEN) or working reads, never a panic, a wrong answer or a
// changed file.
var readOnlyCases = []spec.Case{
	{
		Name: "ReadOnlyFileWithReadOnlyOption",
		Doc:  "a 0444 database opened with ReadOnly reads every row, refuses a write with SQLITE_READONLY, and keeps its bytes",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			path := filepath.Join(e.Dir, "ro.db")
			if err := makeDB(ctx, e, path); err != nil {
				return nil, err
			}
			if err := os.Chmod(path, 0o444); err != nil {
				return nil, err
			}
			before, err := sums(path)
			if err != nil {
				return nil, err
			}
			db, err := e.Open(ctx, path, adapter.Options{ReadOnly: true})
			if err != nil {
				return nil, err
			}
			if err := count(ctx, db, rows); err != nil {
				return nil, err
			}
			_, werr := db.Run(ctx, "DELETE FROM t")
			if err := db.Close(); err != nil {
				return nil, err
			}
			return []string{"reads all rows", "write " + kind(werr)}, unchanged(path, before)
		},
		Want: []string{"reads all rows", "write SQLITE_READONLY"},
	},
	{
		Name: "ReadOnlyFileReadWrite",
		Doc:  "a 0444 database opened read-write: where the OS enforces the mode, SQLITE_READONLY at Open or at the first write and the bytes kept; where it does not (root), the write goes through",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for _, mode := range []string{"DELETE", "WAL"} {
				path := filepath.Join(e.Dir, mode+".db")
				if err := makeDBIn(ctx, e, path, mode); err != nil {
					return nil, err
				}
				if err := os.Chmod(path, 0o444); err != nil {
					return nil, err
				}
				enforced := !writable(path)
				before, err := sums(path)
				if err != nil {
					return nil, err
				}
				if err := readWrite(ctx, e, path, enforced, before); err != nil {
					out[mode] = err.Error()
					continue
				}
				out[mode] = osEnforced
			}
			return out, nil
		},
		Want: map[string]string{"DELETE": osEnforced, "WAL": osEnforced},
	},
	{
		Name: "ReadOnlyDirectory",
		Doc:  "a database in a 0555 directory, WAL or not, opened read-write and ReadOnly: SQLITE_READONLY or SQLITE_CANTOPEN (SQLite cannot create the -wal, -shm or -journal) or correct reads, and the file's bytes kept",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			out := map[string]string{}
			for _, mode := range []string{"DELETE", "WAL"} {
				dir := filepath.Join(e.Dir, "ro-"+mode)
				if err := os.Mkdir(dir, 0o755); err != nil {
					return nil, err
				}
				path := filepath.Join(dir, "x.db")
				if err := makeDBIn(ctx, e, path, mode); err != nil {
					return nil, err
				}
				if err := os.Chmod(dir, 0o555); err != nil {
					return nil, err
				}
				e.Defer(func() { os.Chmod(dir, 0o755) })
				enforced := !creatable(dir)
				before, err := sums(path)
				if err != nil {
					return nil, err
				}
				// ReadOnly first: a read-write Open that the OS allows may
				// switch the file to WAL.
				out[mode+" ReadOnly"] = readOnlyDirOpen(ctx, e, path, true, before)
				out[mode+" read-write"] = readOnlyDirOpen(ctx, e, path, false, map[bool]map[string]string{true: before}[enforced])
			}
			return out, nil
		},
		Want: map[string]string{"DELETE read-write": osEnforced, "DELETE ReadOnly": osEnforced,
			"WAL read-write": osEnforced, "WAL ReadOnly": osEnforced},
	},
	{
		Name: "ReadOnlyOpenOfMissingFile",
		Doc:  "Open with ReadOnly of a file that does not exist is SQLITE_CANTOPEN and creates nothing",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			path := filepath.Join(e.Dir, "absent.db")
			outcome, _ := openOutcome(ctx, e, path, adapter.Options{ReadOnly: true})
			for _, suffix := range companions {
				if _, err := os.Stat(path + suffix); err == nil {
					return nil, spec.Failf("%s was created", filepath.Base(path+suffix))
				}
			}
			return outcome, nil
		},
		Want: "SQLITE_CANTOPEN",
	},
}

// writable reports whether this process may write path, whatever its mode
// says (root may).
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// creatable reports whether this process may create a file in dir,
// whatever its mode says (root may).
func creatable(dir string) bool {
	f, err := os.CreateTemp(dir, "probe-")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// switchTo opens path with the case's driver in journal mode and closes
// it, leaving it in that mode.
func switchTo(ctx context.Context, e *spec.Env, path, mode string) error {
	db, err := e.Open(ctx, path, adapter.Options{JournalMode: mode})
	if err != nil {
		return err
	}
	return db.Close()
}

// readWrite opens a 0444 database read-write and tries a write.
func readWrite(ctx context.Context, e *spec.Env, path string, enforced bool, before map[string]string) error {
	db, err := e.Open(ctx, path, adapter.Options{})
	if err != nil {
		if !enforced {
			return spec.Failf("Open failed though the file is writable here: %v", err)
		}
		if k := kind(err); k != "SQLITE_READONLY" {
			return spec.Failf("Open: %s, want SQLITE_READONLY", k)
		}
		return unchanged(path, before)
	}
	defer db.Close()
	if err := count(ctx, db, rows); err != nil {
		return err
	}
	_, err = db.Run(ctx, "INSERT INTO t(s) VALUES ('new')")
	switch {
	case !enforced && err != nil:
		return spec.Failf("write failed though the file is writable here: %v", err)
	case !enforced:
		return count(ctx, db, rows+1)
	case kind(err) != "SQLITE_READONLY":
		return spec.Failf("write: %s, want SQLITE_READONLY", kind(err))
	}
	if err := db.Close(); err != nil {
		return err
	}
	return unchanged(path, before)
}

// readOnlyDirOpen opens a database in a read-only directory and reads it;
// then, if before is not nil, checks the file kept its bytes.
func readOnlyDirOpen(ctx context.Context, e *spec.Env, path string, readOnly bool, before map[string]string) string {
	db, err := e.Open(ctx, path, adapter.Options{ReadOnly: readOnly})
	if err != nil {
		if k := kind(err); k != "SQLITE_READONLY" && k != "SQLITE_CANTOPEN" {
			return "Open: " + k
		}
	} else {
		err := count(ctx, db, rows)
		db.Close()
		if err != nil {
			return "read: " + err.Error()
		}
	}
	if err := unchanged(path, before); err != nil {
		return err.Error()
	}
	return osEnforced
}
