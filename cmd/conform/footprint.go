package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/anysqlite/anysqlite/conformance/report"
)

// footprint measures what each driver costs a minimal program (`conform
// footprint`): it builds examples/hello/DRIVER cold (an empty GOCACHE per
// build, so the standard library and the driver compile from scratch;
// modules already downloaded), plainly and, where the tags change the
// driver's files, with -tags; runs each binary; and writes the sizes,
// times and reported features as JSON. A Go hello world without SQLite,
// built the same way, is the baseline.
func footprint(ctx context.Context, args []string, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("conform footprint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the JSON results to this file (default: standard output)")
	tags := fs.String("tags", "sqlite_fts5 sqlite_math_functions", "the build tags of the tagged builds")
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	if fs.NArg() > 0 {
		return 2, usageError{"conform footprint: unexpected arguments: " + strings.Join(fs.Args(), " ")}
	}
	root, err := moduleRoot()
	if err != nil {
		return 1, err
	}
	tagList := strings.Fields(*tags)
	goVersion, err := goOutput(ctx, root, "env", "GOVERSION")
	if err != nil {
		return 1, err
	}
	fp := report.Footprint{
		Command:   "conform footprint -tags '" + strings.Join(tagList, " ") + "'",
		Machine:   fmt.Sprintf("%s/%s, %d CPUs", runtime.GOOS, runtime.GOARCH, runtime.NumCPU()),
		GoVersion: goMinorVersion(goVersion),
		Method: "go build with default flags and an empty GOCACHE per build (the standard library and the driver " +
			"compile from scratch; modules already downloaded), one build at a time, CGO_ENABLED=" + cgoSetting(),
	}
	dir, err := os.MkdirTemp("", "footprint-")
	if err != nil {
		return 1, err
	}
	defer os.RemoveAll(dir)

	base := filepath.Join(dir, "baseline")
	if err := writeBaseline(base); err != nil {
		return 1, err
	}
	fmt.Fprintln(stderr, "conform footprint: building a Go hello world (baseline)")
	if fp.Baseline, err = coldBuild(ctx, base, ".", nil, dir); err != nil {
		return 1, err
	}
	drivers, err := filepath.Glob(filepath.Join(root, "examples", "hello", "*", "main.go"))
	if err != nil {
		return 1, err
	}
	for _, main := range drivers {
		name := filepath.Base(filepath.Dir(main))
		pkg := "./examples/hello/" + name
		d := report.DriverBuilds{Driver: name}
		variants := [][]string{nil}
		if changed, err := tagsChangeFiles(ctx, root, pkg, tagList); err != nil {
			return 1, err
		} else if changed {
			variants = append(variants, tagList)
		}
		for _, t := range variants {
			fmt.Fprintf(stderr, "conform footprint: building %s cold (tags %q)\n", pkg, strings.Join(t, " "))
			b, err := coldBuild(ctx, root, pkg, t, dir)
			if err != nil {
				return 1, err
			}
			d.Builds = append(d.Builds, b)
		}
		fp.Drivers = append(fp.Drivers, d)
	}
	js, err := json.MarshalIndent(fp, "", "  ")
	if err != nil {
		return 1, err
	}
	js = append(js, '\n')
	if *out == "" {
		_, err = os.Stdout.Write(js)
		return 0, err
	}
	return 0, os.WriteFile(*out, js, 0o644)
}

// writeBaseline writes a module with a Go hello world into dir.
func writeBaseline(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module hello\n\ngo 1.26\n"), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"), 0o644)
}

// coldBuild builds pkg in dir with tags and an empty build cache, runs the
// binary and reads what it prints (a hello program's driver, SQLite
// version and features).
func coldBuild(ctx context.Context, dir, pkg string, tags []string, tmp string) (report.Build, error) {
	b := report.Build{Package: pkg, Tags: tags, Cgo: cgoSetting() == "1"}
	cache, err := os.MkdirTemp(tmp, "gocache-")
	if err != nil {
		return b, err
	}
	defer os.RemoveAll(cache)
	bin := filepath.Join(tmp, "hello"+exeSuffix())
	args := []string{"build", "-o", bin}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, " "))
	}
	cmd := exec.CommandContext(ctx, "go", append(args, pkg)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOCACHE="+cache, "GOFLAGS=-mod=mod", "GOWORK=off")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return b, fmt.Errorf("go %s: %w\n%s", strings.Join(cmd.Args[1:], " "), err, out.String())
	}
	b.WallSeconds = round1(time.Since(start).Seconds())
	b.CPUSeconds = round1((cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds())
	fi, err := os.Stat(bin)
	if err != nil {
		return b, err
	}
	b.Bytes = fi.Size()
	printed, err := exec.CommandContext(ctx, bin).Output()
	if err != nil {
		return b, fmt.Errorf("running %s: %w", pkg, err)
	}
	os.Remove(bin)
	lines := strings.Split(strings.TrimSpace(string(printed)), "\n")
	if len(lines) > 1 { // a hello program: "driver version", then "feature ok" or "feature no: reason"
		_, b.SQLite, _ = strings.Cut(lines[0], " ")
		b.Features = map[string]string{}
		for _, l := range lines[1:] {
			name, state, _ := strings.Cut(l, " ")
			b.Features[name] = strings.TrimPrefix(state, "no: ")
		}
	}
	return b, nil
}

// tagsChangeFiles reports whether building pkg with tags compiles other
// files than without (for mattn's sqlite_fts5; modernc and ncruces have no
// such tags).
func tagsChangeFiles(ctx context.Context, root, pkg string, tags []string) (bool, error) {
	if len(tags) == 0 {
		return false, nil
	}
	list := func(t []string) (string, error) {
		args := []string{"list", "-deps", "-f", "{{.ImportPath}} {{.GoFiles}} {{.CgoFiles}}"}
		if len(t) > 0 {
			args = append(args, "-tags", strings.Join(t, " "))
		}
		return goOutput(ctx, root, append(args, pkg)...)
	}
	plain, err := list(nil)
	if err != nil {
		return false, err
	}
	tagged, err := list(tags)
	return plain != tagged, err
}

// goOutput runs the go command in dir and returns its trimmed output.
func goOutput(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

// cgoSetting is CGO_ENABLED as the go command will see it.
func cgoSetting() string {
	if v := os.Getenv("CGO_ENABLED"); v != "" {
		return v
	}
	out, err := exec.Command("go", "env", "CGO_ENABLED").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }

// goMinorVersion shortens "go1.26.8" to "go1.26", as the matrix does.
func goMinorVersion(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}
