package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// directoryOutcome is what Open of a directory reports on every driver.
const directoryOutcome = "SQLITE_CANTOPEN_ISDIR, EISDIR, names the directory"

// directoryCases: a directory given as the database.
var directoryCases = []spec.Case{
	{
		Name: "DirectoryAsDatabase",
		Doc: "Open of a directory (read-write, ReadOnly, or with a trailing separator) is SQLITE_CANTOPEN_ISDIR, " +
			"names the directory and says it is one (errors.Is(err, syscall.EISDIR)), and creates nothing in it",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			dir := filepath.Join(e.Dir, "data.db")
			if err := os.Mkdir(dir, 0o755); err != nil {
				return nil, err
			}
			out := map[string]string{}
			for name, o := range map[string]struct {
				path     string
				readOnly bool
			}{
				"read-write":         {dir, false},
				"ReadOnly":           {dir, true},
				"trailing separator": {dir + string(filepath.Separator), false},
			} {
				_, err := openOutcome(ctx, e, o.path, adapter.Options{ReadOnly: o.readOnly})
				out[name] = describeDirError(err, dir)
			}
			ents, err := os.ReadDir(dir)
			if err != nil {
				return nil, err
			}
			if len(ents) > 0 {
				return nil, spec.Failf("%s was created in the directory", ents[0].Name())
			}
			return out, nil
		},
		Want: map[string]string{"read-write": directoryOutcome, "ReadOnly": directoryOutcome, "trailing separator": directoryOutcome},
	},
}

// describeDirError names err's extended code and whether it says EISDIR
// and names dir.
func describeDirError(err error, dir string) string {
	var se *adapter.Error
	if !errors.As(err, &se) {
		return kind(err)
	}
	s := se.ExtendedCode().String()
	if errors.Is(err, syscall.EISDIR) {
		s += ", EISDIR"
	}
	if strings.Contains(err.Error(), dir) {
		s += ", names the directory"
	}
	return s
}
