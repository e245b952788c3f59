package report

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

func TestWantText(t *testing.T) {
	action := func(context.Context, *spec.Env) (any, error) { return nil, nil }
	long := strings.Repeat("x", maxWant)
	for _, tc := range []struct {
		c    spec.Case
		want string
	}{
		{spec.Case{WantErr: sqlite.CONSTRAINT_UNIQUE}, "error SQLITE_CONSTRAINT_UNIQUE"},
		{spec.Case{WantErr: adapter.ErrArgument}, `error "adapter: invalid argument"`},
		{spec.Case{Want: []adapter.Row{{"n": int64(1), "s": "a"}}}, `[{"n": 1, "s": "a"}]`},
		{spec.Case{Want: adapter.Result{Changes: 1}}, "{Changes: 1, LastInsertRowID: 0}"},
		{spec.Case{Want: []any{[]byte{}, nil, 1.5, true}}, `[[]byte(""), nil, 1.5, true]`},
		{spec.Case{Want: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}, "2024-01-02T03:04:05Z"},
		{spec.Case{Want: long}, ""},                        // too long
		{spec.Case{Want: &adapter.Result{}}, ""},           // a pointer has no stable text
		{spec.Case{Want: map[string]any{"f": action}}, ""}, // nor a function
		{spec.Case{Action: action}, ""},
	} {
		if got := wantText(tc.c); got != tc.want {
			t.Errorf("wantText(%#v) = %q, want %q", tc.c.Want, got, tc.want)
		}
	}
}

// Every case of the catalogue links to a line of its package that names
// it or runs it.
func TestFindSources(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	cats := conformance.Categories()
	r := &Run{}
	for _, c := range cats {
		r.Categories = append(r.Categories, Category{Name: c.Name, Title: c.Title, Doc: c.Doc, Cases: caseDocs(c)})
	}
	if err := r.FindSources(root, cats); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, cat := range r.Categories {
		for _, c := range cat.Cases {
			n++
			line, err := sourceLine(root, c.Source)
			if err != nil {
				t.Errorf("%s/%s: source %q: %v", cat.Name, c.Name, c.Source, err)
				continue
			}
			if !strings.Contains(line, `"`+c.Name+`"`) && !strings.Contains(line, "func") && !strings.Contains(line, "Name:") {
				t.Errorf("%s/%s: source %s is %q", cat.Name, c.Name, c.Source, line)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d cases", n)
	}
}

// sourceLine reads the line "file.go:N" names.
func sourceLine(root, source string) (string, error) {
	path, num, ok := strings.Cut(source, ":")
	if !ok {
		return "", errors.New("no line number")
	}
	i, err := strconv.Atoi(num)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		return "", err
	}
	lines := strings.Split(string(b), "\n")
	if i < 1 || i > len(lines) {
		return "", errors.New("no such line")
	}
	return lines[i-1], nil
}

func TestFormatValueDeterministic(t *testing.T) {
	m := map[string]any{"b": int64(2), "a": "x", "c": []int64{1}}
	first, _ := formatValue(reflect.ValueOf(m))
	for range 20 {
		if s, _ := formatValue(reflect.ValueOf(m)); s != first {
			t.Fatalf("map formatting varies: %q, %q", first, s)
		}
	}
	if first != `{"a": "x", "b": 2, "c": [1]}` {
		t.Errorf("got %s", first)
	}
}
