package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeProxy writes a module proxy (GOPROXY=file://...) serving
// example.com/fakedriver at the given versions, each a package whose
// Version function returns the string given, and points the go command
// at it for the rest of the test, with a module cache of its own.
func fakeProxy(t *testing.T, versions map[string]string) {
	t.Helper()
	dir := t.TempDir()
	base := filepath.Join(dir, "example.com", "fakedriver", "@v")
	if err := os.MkdirAll(base, 0o755); err != nil {
		t.Fatal(err)
	}
	var list []string
	for v, body := range versions {
		list = append(list, v)
		mod := "module example.com/fakedriver\n\ngo 1.21\n"
		writeFile(t, filepath.Join(base, v+".mod"), mod)
		writeFile(t, filepath.Join(base, v+".info"), `{"Version":"`+v+`","Time":"2026-01-01T00:00:00Z"}`)
		var zb bytes.Buffer
		zw := zip.NewWriter(&zb)
		for name, content := range map[string]string{"go.mod": mod, "fake.go": "package fakedriver\n\n" + body + "\n"} {
			f, err := zw.Create("example.com/fakedriver@" + v + "/" + name)
			if err != nil {
				t.Fatal(err)
			}
			f.Write([]byte(content))
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(base, v+".zip"), zb.String())
	}
	writeFile(t, filepath.Join(base, "list"), strings.Join(list, "\n")+"\n")
	t.Setenv("GOPROXY", "file://"+filepath.ToSlash(dir))
	t.Setenv("GOSUMDB", "off")
	t.Setenv("GONOSUMDB", "")
	t.Setenv("GOMODCACHE", filepath.Join(t.TempDir(), "modcache"))
	t.Setenv("GOFLAGS", "-modcacherw -buildvcs=false")
	t.Setenv("GOWORK", "off")
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fakeModule writes a module requiring example.com/fakedriver v1.0.0
// with the given test file, and returns its directory.
func fakeModule(t *testing.T, test string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.21\n\nrequire example.com/fakedriver v1.0.0\n")
	writeFile(t, filepath.Join(dir, "app.go"), "package app\n\nimport \"example.com/fakedriver\"\n\nfunc V() string { return fakedriver.Version() }\n")
	writeFile(t, filepath.Join(dir, "app_test.go"), "package app\n\nimport \"testing\"\n\n"+test)
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	writeFile(t, filepath.Join(dir, ".git", "HEAD"), "not copied")
	if _, err := (goCmd{dir: dir}).output(context.Background(), "mod", "download", "example.com/fakedriver"); err != nil {
		t.Fatal(err)
	}
	if _, err := (goCmd{dir: dir}).output(context.Background(), "mod", "tidy"); err != nil {
		t.Fatal(err)
	}
	return dir
}

func check(t *testing.T, root string) Result {
	t.Helper()
	var log bytes.Buffer
	c := &checker{root: root, work: t.TempDir(), log: &log}
	r := c.check(context.Background(), target{Name: "fake", Module: "example.com/fakedriver", Tests: []string{"./..."}})
	t.Logf("%s\n%s", r.headline(), log.String())
	return r
}

const (
	testIsOne   = "func TestIsOne(t *testing.T) {\n\tif V() != \"1\" {\n\t\tt.Errorf(\"got %q\", V())\n\t}\n}\n"
	testAlready = "func TestAlready(t *testing.T) { t.Error(\"broken before\") }\n"
)

// Every verdict, on a real go command and a module proxy on disk.
func TestCheck(t *testing.T) {
	t.Run("current", func(t *testing.T) {
		fakeProxy(t, map[string]string{"v1.0.0": `func Version() string { return "1" }`})
		r := check(t, fakeModule(t, testIsOne))
		if r.Status != StatusCurrent || r.From != "v1.0.0" || r.To != "v1.0.0" {
			t.Errorf("got %+v, want current at v1.0.0", r)
		}
	})
	t.Run("ok", func(t *testing.T) {
		fakeProxy(t, map[string]string{"v1.0.0": `func Version() string { return "1" }`,
			"v1.1.0": `func Version() string { return "1" }`})
		root := fakeModule(t, testIsOne)
		r := check(t, root)
		if r.Status != StatusOK || r.To != "v1.1.0" || len(r.Stages) != 3 {
			t.Errorf("got %+v, want ok at v1.1.0 after go get, build and the tests", r)
		}
		if b, _ := os.ReadFile(filepath.Join(root, "go.mod")); !strings.Contains(string(b), "fakedriver v1.0.0") {
			t.Errorf("the module itself was changed:\n%s", b)
		}
	})
	t.Run("build breaks", func(t *testing.T) {
		fakeProxy(t, map[string]string{"v1.0.0": `func Version() string { return "1" }`,
			"v1.1.0": `func Release() string { return "2" }`})
		r := check(t, fakeModule(t, testIsOne))
		if r.Status != StatusBroke || len(r.Stages) != 3 || r.Stages[1].OK || !strings.Contains(r.Stages[1].Output, "undefined: fakedriver.Version") ||
			r.Stages[2].Skipped == "" {
			t.Errorf("got %+v, want a broken build and the tests not run", r)
		}
	})
	t.Run("a test breaks", func(t *testing.T) {
		fakeProxy(t, map[string]string{"v1.0.0": `func Version() string { return "1" }`,
			"v1.1.0": `func Version() string { return "2" }`})
		r := check(t, fakeModule(t, testIsOne+testAlready))
		if r.Status != StatusBroke {
			t.Fatalf("status %s, want broke", r.Status)
		}
		fs := r.Stages[2].Failures
		if len(fs) != 2 || fs[0].Name != "TestIsOne" || fs[0].Before || !strings.Contains(fs[0].Output, `got "2"`) ||
			fs[1].Name != "TestAlready" || !fs[1].Before {
			t.Errorf("failures %+v: want TestIsOne caused by the upgrade, TestAlready failing before too", fs)
		}
		var b bytes.Buffer
		writeText(&b, []Result{r})
		for _, want := range []string{"BROKE (contract: 2 failed)", "example.com/app TestIsOne\n", `got "2"`, "TestAlready (fails at v1.0.0 too)"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("report lacks %q:\n%s", want, b.String())
			}
		}
	})
	t.Run("failing before", func(t *testing.T) {
		fakeProxy(t, map[string]string{"v1.0.0": `func Version() string { return "1" }`,
			"v1.1.0": `func Version() string { return "1" }`})
		r := check(t, fakeModule(t, testAlready))
		if r.Status != StatusFailing {
			t.Errorf("status %s, want failing (not caused by the upgrade)", r.Status)
		}
	})
	t.Run("no proxy", func(t *testing.T) {
		fakeProxy(t, map[string]string{"v1.0.0": `func Version() string { return "1" }`})
		root := fakeModule(t, testIsOne)
		t.Setenv("GOPROXY", "off")
		r := check(t, root)
		if r.Status != StatusUnchecked || !strings.Contains(r.Error, "newest version") {
			t.Errorf("got %+v, want unchecked", r)
		}
	})
}

// The failures of a test2json stream are its failed leaves, and packages
// that failed without a failed test.
func TestFailures(t *testing.T) {
	stream := `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA/x","Output":"=== RUN   TestA/x\n"}
{"Action":"output","Package":"p","Test":"TestA/x","Output":"    a_test.go:3: boom\n"}
{"Action":"fail","Package":"p","Test":"TestA/x"}
{"Action":"fail","Package":"p","Test":"TestA"}
{"Action":"pass","Package":"p","Test":"TestB"}
{"Action":"fail","Package":"p"}
{"Action":"output","Package":"q","Output":"panic: nil map\n"}
{"Action":"fail","Package":"q"}
not json: fatal error
{"Action":"fail","Test":"mattn/Types/NilIsNull"}
{"Action":"fail"}
`
	got := failures([]byte(stream))
	want := []Failure{{Name: "TestA/x", Package: "p", Output: "    a_test.go:3: boom"}, {Name: "package q", Package: "q", Output: "panic: nil map"},
		{Name: "mattn/Types/NilIsNull"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("failure %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"-driver=nope"}, {"-nope"}, {"extra"}, {"-module", t.TempDir()}} {
		var out, errb bytes.Buffer
		code, err := run(context.Background(), args, &out, &errb)
		if code != 2 || (err == nil && errb.Len() == 0) {
			t.Errorf("upgradecheck %q: exit %d, %v, want 2 with a message", args, code, err)
		}
	}
}
