package conformance_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/anysqlite/anysqlite/conformance"
)

// A case is in the catalogue only if its package's Categories reaches it:
// a table of cases declared in a catalogue file but never added to its
// package's list compiles and never runs. This reads the catalogue
// packages' source (every package under conformance/ with a Categories
// function), finds each table — a variable of type []spec.Case or a
// function returning one — and follows references from Categories; every
// table must be reached, and every catalogue package must be listed in
// conformance.Categories. Tables whose cases have literal names are then
// looked up in conformance.Categories() by name, which catches a table
// that is referenced but dropped on the way.
func TestEveryCaseTableIsListed(t *testing.T) {
	pkgs, err := parseCatalogue(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 10 {
		t.Fatalf("found %d catalogue packages under conformance/, want the 10 or more conformance.Categories lists", len(pkgs))
	}
	listed, err := listedPackages("catalog.go")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, cat := range conformance.Categories() {
		for _, c := range cat.Cases {
			names[c.Name] = true
		}
	}
	tables := 0
	for _, p := range pkgs {
		if !slices.Contains(listed, p.name) {
			t.Errorf("package %s has Categories but conformance.Categories (catalog.go) does not list it: its cases never run", p.name)
		}
		reached := p.reachable("Categories", "init", "_")
		for _, tab := range p.tables() {
			tables++
			if !reached[tab.name] {
				t.Errorf("%s: case table %s is not reached from %s.Categories: its cases never run", tab.pos, tab.name, p.name)
				continue
			}
			for _, n := range tab.caseNames {
				if !names[n] {
					t.Errorf("%s: case %s of table %s is not in conformance.Categories()", tab.pos, n, tab.name)
				}
			}
		}
	}
	t.Logf("%d case tables in %d catalogue packages", tables, len(pkgs))
	if tables < 20 {
		t.Errorf("found %d case tables, fewer than the catalogue has: the source scan is broken", tables)
	}
}

// The scan finds what it must: a table nothing references, one referenced
// only by an orphan, a reached one.
func TestCaseTableScan(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	os.Mkdir(dir, 0o755)
	src := `package demo

import (
	"slices"

	"github.com/anysqlite/anysqlite/conformance/spec"
)

func Categories() []spec.Category {
	return []spec.Category{{Name: "Demo", Cases: slices.Concat(listed, more())}}
}

var listed = []spec.Case{{Name: "Listed"}}

func more() []spec.Case { return append(helper(), spec.Case{Name: "More"}) }

func helper() []spec.Case { return nil }

var forgotten = []spec.Case{{Name: "Forgotten"}}

var alsoForgotten = append(forgotten, spec.Case{Name: "Also"})

func forgottenFunc() []spec.Case { return alsoForgotten }
`
	if err := os.WriteFile(filepath.Join(dir, "demo.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	pkgs, err := parseCatalogue(filepath.Dir(dir))
	if err != nil || len(pkgs) != 1 {
		t.Fatalf("parse: %v, %d packages", err, len(pkgs))
	}
	reached := pkgs[0].reachable("Categories", "init", "_")
	var orphans, found []string
	for _, tab := range pkgs[0].tables() {
		found = append(found, tab.name)
		if !reached[tab.name] {
			orphans = append(orphans, tab.name)
		}
	}
	slices.Sort(found)
	slices.Sort(orphans)
	if want := []string{"alsoForgotten", "forgotten", "forgottenFunc", "helper", "listed", "more"}; !slices.Equal(found, want) {
		t.Errorf("tables %v, want %v", found, want)
	}
	if want := []string{"alsoForgotten", "forgotten", "forgottenFunc"}; !slices.Equal(orphans, want) {
		t.Errorf("orphans %v, want %v", orphans, want)
	}
}

// catalogue is one catalogue package's top-level declarations.
type catalogue struct {
	name  string
	fset  *token.FileSet
	decls map[string]*topDecl // by name; a method is "Type.Method"
}

// topDecl is a top-level function, method, variable or type.
type topDecl struct {
	name  string
	pos   token.Pos
	body  []ast.Node // what its references are read from
	table bool       // a []spec.Case variable or a function returning []spec.Case
	value ast.Expr   // a variable's value, for the table test
	recv  string     // a method's receiver type
}

// caseTable is a table of cases as the source declares it.
type caseTable struct {
	name      string
	pos       string
	caseNames []string // the literal Name fields of its spec.Case literals
}

// parseCatalogue parses the packages under root (conformance/) that have
// a Categories function, without their tests.
func parseCatalogue(root string) ([]*catalogue, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var out []*catalogue
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		files, err := filepath.Glob(filepath.Join(root, e.Name(), "*.go"))
		if err != nil {
			return nil, err
		}
		fset := token.NewFileSet()
		var c *catalogue
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return nil, err
			}
			if c == nil {
				c = &catalogue{name: f.Name.Name, fset: fset, decls: map[string]*topDecl{}}
			}
			c.add(f)
		}
		if c == nil {
			continue
		}
		if d := c.decls["Categories"]; d != nil && d.recv == "" {
			c.markTables()
			out = append(out, c)
		}
	}
	return out, nil
}

// add records a file's top-level declarations.
func (c *catalogue) add(f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			td := &topDecl{name: d.Name.Name, pos: d.Pos(), body: []ast.Node{d.Type}, table: isCaseSlice(singleResult(d.Type))}
			if d.Body != nil {
				td.body = append(td.body, d.Body)
			}
			if d.Recv != nil && len(d.Recv.List) == 1 {
				td.recv = receiverType(d.Recv.List[0].Type)
				td.name = td.recv + "." + d.Name.Name
			}
			c.decls[td.name] = td
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					c.decls[s.Name.Name] = &topDecl{name: s.Name.Name, pos: s.Pos(), body: []ast.Node{s.Type}}
				case *ast.ValueSpec:
					for i, n := range s.Names {
						td := &topDecl{name: n.Name, pos: n.Pos(), table: isCaseSlice(s.Type)}
						if s.Type != nil {
							td.body = append(td.body, s.Type)
						}
						if i < len(s.Values) {
							td.value = s.Values[i]
							td.body = append(td.body, s.Values[i])
						}
						if n.Name == "_" {
							td.name = "_" + strconv.Itoa(int(n.Pos()))
						}
						c.decls[td.name] = td
					}
				}
			}
		}
	}
}

// markTables finds the variables without a declared type whose value is a
// table: a []spec.Case literal, an append to a table, slices.Concat of
// tables, a call of a table function or another table variable.
func (c *catalogue) markTables() {
	for changed := true; changed; {
		changed = false
		for _, d := range c.decls {
			if !d.table && d.value != nil && c.yieldsTable(d.value) {
				d.table, changed = true, true
			}
		}
	}
}

func (c *catalogue) yieldsTable(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return isCaseSlice(e.Type)
	case *ast.Ident:
		d := c.decls[e.Name]
		return d != nil && d.table && d.recv == ""
	case *ast.CallExpr:
		switch fn := e.Fun.(type) {
		case *ast.Ident:
			if fn.Name == "append" {
				return len(e.Args) > 0 && c.yieldsTable(e.Args[0])
			}
			return c.yieldsTable(fn)
		case *ast.SelectorExpr:
			if x, ok := fn.X.(*ast.Ident); ok && x.Name == "slices" && fn.Sel.Name == "Concat" {
				return slices.ContainsFunc(e.Args, c.yieldsTable)
			}
		}
	}
	return false
}

// reachable returns the declarations reached from roots (and every
// variable named _, which Go initialises whether referenced or not) by
// following identifiers; a reached type reaches its methods.
func (c *catalogue) reachable(roots ...string) map[string]bool {
	seen := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		d := c.decls[name]
		if d == nil || seen[name] {
			return
		}
		seen[name] = true
		for _, n := range d.body {
			ast.Inspect(n, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.Ident:
					visit(n.Name)
				case *ast.SelectorExpr:
					// x.Method where x's type is unknown here: every
					// method of that name is reached.
					for _, m := range c.decls {
						if m.recv != "" && strings.HasSuffix(m.name, "."+n.Sel.Name) {
							visit(m.name)
						}
					}
				}
				return true
			})
		}
		for _, m := range c.decls {
			if m.recv == name {
				visit(m.name)
			}
		}
	}
	for _, r := range roots {
		visit(r)
	}
	for name := range c.decls {
		if strings.HasPrefix(name, "_") {
			visit(name)
		}
	}
	return seen
}

// tables returns the package's case tables, with the literal names of
// their cases.
func (c *catalogue) tables() []caseTable {
	var out []caseTable
	for _, d := range c.decls {
		if !d.table {
			continue
		}
		tab := caseTable{name: d.name, pos: c.fset.Position(d.pos).String()}
		for _, n := range d.body {
			tab.caseNames = append(tab.caseNames, literalCaseNames(n)...)
		}
		out = append(out, tab)
	}
	return out
}

// literalCaseNames returns the Name fields, when string literals, of the
// spec.Case literals in n (written as spec.Case{...} or as the elided
// elements of a []spec.Case{...}).
func literalCaseNames(n ast.Node) []string {
	var names []string
	ast.Inspect(n, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		var elems []ast.Expr
		switch {
		case isCaseSlice(lit.Type):
			for _, e := range lit.Elts {
				if el, ok := e.(*ast.CompositeLit); ok && el.Type == nil {
					elems = append(elems, el)
				}
			}
		case isSpecCase(lit.Type):
			elems = []ast.Expr{lit}
		}
		for _, e := range elems {
			for _, kv := range e.(*ast.CompositeLit).Elts {
				kv, ok := kv.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, _ := kv.Key.(*ast.Ident)
				val, _ := kv.Value.(*ast.BasicLit)
				if key != nil && key.Name == "Name" && val != nil && val.Kind == token.STRING {
					if s, err := strconv.Unquote(val.Value); err == nil {
						names = append(names, s)
					}
				}
			}
		}
		return true
	})
	return names
}

// listedPackages returns the package names whose Categories the file
// (catalog.go) references.
func listedPackages(path string) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return nil, err
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok && s.Sel.Name == "Categories" {
			if x, ok := s.X.(*ast.Ident); ok {
				out = append(out, x.Name)
			}
		}
		return true
	})
	return out, nil
}

func singleResult(ft *ast.FuncType) ast.Expr {
	if ft.Results == nil || len(ft.Results.List) != 1 || len(ft.Results.List[0].Names) > 1 {
		return nil
	}
	return ft.Results.List[0].Type
}

func receiverType(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return receiverType(e.X)
	case *ast.IndexExpr:
		return receiverType(e.X)
	case *ast.Ident:
		return e.Name
	}
	return ""
}

// isCaseSlice reports whether e is the type []spec.Case.
func isCaseSlice(e ast.Expr) bool {
	a, ok := e.(*ast.ArrayType)
	return ok && a.Len == nil && isSpecCase(a.Elt)
}

// isSpecCase reports whether e is the type spec.Case.
func isSpecCase(e ast.Expr) bool {
	s, ok := e.(*ast.SelectorExpr)
	if !ok || s.Sel.Name != "Case" {
		return false
	}
	x, ok := s.X.(*ast.Ident)
	return ok && x.Name == "spec"
}
