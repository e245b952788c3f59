package report

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/anysqlite/anysqlite/conformance/spec"
)

// CaseDoc describes one case of the catalogue for readers of the matrix:
// what it proves, what it expects, and where it is written.
type CaseDoc struct {
	Name string `json:"name"`
	Doc  string `json:"doc,omitempty"` // spec.Case.Doc: what the case checks, in one line
	// Want is the expected value or error when it is short (up to
	// maxWant bytes, no pointers), in a Go-like notation; empty otherwise.
	Want string `json:"want,omitempty"`
	// Source is "path/file.go:line" in the module: the case's Name field,
	// or the function that runs it for a generated case.
	Source string `json:"source,omitempty"`
}

// maxWant bounds the expected values shown in the matrix.
const maxWant = 80

// caseDocs describes the cases of a category, without sources.
func caseDocs(cat spec.Category) []CaseDoc {
	docs := make([]CaseDoc, len(cat.Cases))
	for i, c := range cat.Cases {
		docs[i] = CaseDoc{Name: c.Name, Doc: c.Doc, Want: wantText(c)}
	}
	return docs
}

// wantText is a case's expected outcome, if short: "error SQLITE_BUSY",
// "[1, 2]", or "" when it is long or cannot be shown faithfully.
func wantText(c spec.Case) string {
	if c.WantErr != nil {
		if s, ok := c.WantErr.(fmt.Stringer); ok {
			return "error " + s.String()
		}
		return "error " + strconv.Quote(c.WantErr.Error())
	}
	if c.Want == nil {
		return ""
	}
	s, ok := formatValue(reflect.ValueOf(c.Want))
	if !ok || len(s) > maxWant {
		return ""
	}
	return s
}

// formatValue writes v compactly and deterministically: strings quoted,
// maps with sorted keys, structs with their exported fields. ok is false
// for values that have no stable text (pointers, functions, channels,
// unexported fields).
func formatValue(v reflect.Value) (string, bool) {
	if !v.IsValid() {
		return "nil", true
	}
	if v.CanInterface() {
		switch x := v.Interface().(type) {
		case time.Time:
			return x.Format(time.RFC3339Nano), true
		case []byte:
			if x == nil {
				return "[]byte(nil)", true
			}
			return "[]byte(" + strconv.Quote(string(x)) + ")", true
		case fmt.Stringer:
			if v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface {
				return x.String(), true
			}
		}
	}
	switch v.Kind() {
	case reflect.Interface:
		return formatValue(v.Elem())
	case reflect.String:
		return strconv.Quote(v.String()), true
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return fmt.Sprint(v.Interface()), true
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64), true
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return "nil", true
		}
		parts := make([]string, v.Len())
		for i := range parts {
			s, ok := formatValue(v.Index(i))
			if !ok {
				return "", false
			}
			parts[i] = s
		}
		return "[" + strings.Join(parts, ", ") + "]", true
	case reflect.Map:
		parts := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			ks, ok1 := formatValue(k)
			vs, ok2 := formatValue(v.MapIndex(k))
			if !ok1 || !ok2 {
				return "", false
			}
			parts = append(parts, ks+": "+vs)
		}
		sort.Strings(parts)
		return "{" + strings.Join(parts, ", ") + "}", true
	case reflect.Struct:
		t := v.Type()
		var parts []string
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				return "", false
			}
			s, ok := formatValue(v.Field(i))
			if !ok {
				return "", false
			}
			parts = append(parts, t.Field(i).Name+": "+s)
		}
		return "{" + strings.Join(parts, ", ") + "}", true
	}
	return "", false
}

// FindSources fills in the Source of every case of r's categories from the
// catalogue packages under root (the module's directory), so that the
// matrix can link each case to its code. A case is found by its Name field
// (and its Doc, where names repeat); a case whose name is computed is
// linked to the function that runs it, or else to its package.
func (r *Run) FindSources(root string, cats []spec.Category) error {
	root, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	lits, calls, err := nameLiterals(root)
	if err != nil {
		return err
	}
	for i := range r.Categories {
		j := slices.IndexFunc(cats, func(c spec.Category) bool { return c.Name == r.Categories[i].Name })
		if j < 0 {
			continue
		}
		dir := categoryDir(root, cats[j])
		for k := range r.Categories[i].Cases {
			cd := &r.Categories[i].Cases[k]
			var c spec.Case
			if n := slices.IndexFunc(cats[j].Cases, func(c spec.Case) bool { return c.Name == cd.Name }); n >= 0 {
				c = cats[j].Cases[n]
			}
			cd.Source = locate(lits[cd.Name], cd.Doc, dir)
			if cd.Source == "" {
				cd.Source = locate(calls[cd.Name], cd.Doc, dir)
			}
			if cd.Source == "" {
				cd.Source = funcSource(root, c.Action)
			}
			if cd.Source == "" {
				cd.Source = dir
			}
		}
	}
	return nil
}

// literal is a composite literal with a string Name field.
type literal struct {
	pos string // path:line of the Name field, relative to the module
	dir string // its package directory, relative
	doc string // its Doc field, if a string literal
}

// nameLiterals indexes, by name, the composite literals with a literal
// Name field in the catalogue packages (the directories under
// root/conformance), and the calls whose first argument is a string
// literal (the second one, if a string, taken as the doc): cases made by
// helpers such as match("MatchTerm", "a bare term ...", ...).
func nameLiterals(root string) (lits, calls map[string][]literal, err error) {
	lits, calls = map[string][]literal{}, map[string][]literal{}
	fset := token.NewFileSet()
	err = filepath.WalkDir(filepath.Join(root, "conformance"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && len(call.Args) > 0 {
				if name, ok := stringLit(call.Args[0]); ok {
					l := literal{pos: fmt.Sprintf("%s:%d", rel, fset.Position(call.Pos()).Line), dir: pathDir(rel)}
					if len(call.Args) > 1 {
						l.doc, _ = stringLit(call.Args[1])
					}
					calls[name] = append(calls[name], l)
				}
				return true
			}
			cl, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			var l literal
			name := ""
			for _, e := range cl.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, ok := kv.Key.(*ast.Ident)
				if !ok {
					continue
				}
				s, ok := stringLit(kv.Value)
				switch {
				case ok && key.Name == "Name":
					name = s
					l.pos = fmt.Sprintf("%s:%d", rel, fset.Position(kv.Pos()).Line)
				case ok && key.Name == "Doc":
					l.doc = s
				}
			}
			if name != "" {
				l.dir = pathDir(rel)
				lits[name] = append(lits[name], l)
			}
			return true
		})
		return nil
	})
	return lits, calls, err
}

func stringLit(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}

func pathDir(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return "."
}

// locate picks the literal of a case among those with its name: the only
// one, or the one with its Doc, or the one in its category's directory.
func locate(cands []literal, doc, dir string) string {
	for _, keep := range []func(literal) bool{
		func(literal) bool { return true },
		func(l literal) bool { return l.doc == doc },
		func(l literal) bool { return l.doc == doc && l.dir == dir },
		func(l literal) bool { return l.dir == dir },
	} {
		var found []literal
		for _, l := range cands {
			if keep(l) {
				found = append(found, l)
			}
		}
		if len(found) == 1 {
			return found[0].pos
		}
	}
	return ""
}

// funcSource is "path:line" of fn's code, relative to root, or "" if fn
// is nil or its file lies outside root.
func funcSource(root string, fn any) string {
	v := reflect.ValueOf(fn)
	if !v.IsValid() || v.Kind() != reflect.Func || v.IsNil() {
		return ""
	}
	f := runtime.FuncForPC(v.Pointer())
	if f == nil {
		return ""
	}
	file, line := f.FileLine(v.Pointer())
	rel, ok := moduleRelative(root, file)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s:%d", rel, line)
}

// moduleRelative turns a compiled-in file name (absolute, or module-path
// based under -trimpath) into a path relative to the module.
func moduleRelative(root, file string) (string, bool) {
	file = filepath.ToSlash(file)
	for _, prefix := range []string{filepath.ToSlash(root) + "/", modulePath + "/"} {
		if rel, ok := strings.CutPrefix(file, prefix); ok {
			return rel, true
		}
	}
	return "", false
}

// modulePath is this module's path, the prefix of file names under -trimpath.
const modulePath = "github.com/anysqlite/anysqlite"

// categoryDir is the package directory that most of a category's action
// functions come from ("" if none is known).
func categoryDir(root string, cat spec.Category) string {
	count := map[string]int{}
	best := ""
	for _, c := range cat.Cases {
		src := funcSource(root, c.Action)
		if src == "" {
			continue
		}
		d := pathDir(src[:strings.LastIndexByte(src, ':')])
		count[d]++
		if count[d] > count[best] || count[d] == count[best] && d < best {
			best = d
		}
	}
	return best
}
