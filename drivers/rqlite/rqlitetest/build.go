package rqlitetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Version is the rqlite release the tools module pins and Binary builds.
const Version = "v8.36.0"

// rqlitedPackage is the import path of the rqlited command; ldflags sets
// the version rqlited reports (GET /status, -version), as rqlite's release
// builds do.
const (
	rqlitedPackage = "github.com/rqlite/rqlite/v8/cmd/rqlited"
	ldflags        = "-X github.com/rqlite/rqlite/v8/cmd.Version=" + Version
)

// BuildInfo describes the rqlited executable [Binary] returned.
type BuildInfo struct {
	// Path is the executable.
	Path string
	// Built is true when this call compiled it (the cache was cold).
	Built bool
	// Duration is how long the build took, or 0 when Built is false.
	Duration time.Duration
}

// Binary returns an rqlited executable: $ANYSQLITE_RQLITED if set, else the
// cached build for the current tools module and toolchain, building it
// first if needed. Concurrent callers (parallel test binaries) wait for one
// build through a lock file in the cache directory.
func Binary(ctx context.Context) (BuildInfo, error) {
	if p := os.Getenv("ANYSQLITE_RQLITED"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return BuildInfo{}, fmt.Errorf("rqlitetest: $ANYSQLITE_RQLITED: %w", err)
		}
		return BuildInfo{Path: p}, nil
	}
	if !signalsSupported {
		return BuildInfo{}, fmt.Errorf("rqlitetest: clusters need Unix signals, not available on %s: %w", runtime.GOOS, errors.ErrUnsupported)
	}
	mod, err := toolsModule()
	if err != nil {
		return BuildInfo{}, err
	}
	goBin, err := goCommand()
	if err != nil {
		return BuildInfo{}, err
	}
	key, err := cacheKey(ctx, goBin, mod)
	if err != nil {
		return BuildInfo{}, err
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return BuildInfo{}, fmt.Errorf("rqlitetest: no cache directory: %w", err)
	}
	dir := filepath.Join(base, "anysqlite", "rqlited-"+Version+"-"+key)
	exe := filepath.Join(dir, "rqlited")
	if fileExists(exe) {
		return BuildInfo{Path: exe}, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return BuildInfo{}, fmt.Errorf("rqlitetest: %w", err)
	}
	unlock, err := lockFile(filepath.Join(dir, ".lock"))
	if err != nil {
		return BuildInfo{}, fmt.Errorf("rqlitetest: lock build cache: %w", err)
	}
	defer unlock()
	if fileExists(exe) { // another process built it while we waited
		return BuildInfo{Path: exe}, nil
	}
	start := time.Now()
	if err := build(ctx, goBin, mod, exe); err != nil {
		return BuildInfo{}, err
	}
	return BuildInfo{Path: exe, Built: true, Duration: time.Since(start)}, nil
}

// build compiles rqlited into a temporary file next to exe and renames it
// into place, so a half-written executable is never found.
func build(ctx context.Context, goBin, mod, exe string) error {
	tmp := exe + ".tmp"
	cmd := exec.CommandContext(ctx, goBin, "build", "-trimpath", "-ldflags", ldflags, "-o", tmp, rqlitedPackage)
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOWORK=off", "GOFLAGS=-mod=readonly")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("rqlitetest: go build %s in %s: %w\n%s", rqlitedPackage, mod, err, out.Bytes())
	}
	return os.Rename(tmp, exe)
}

// toolsModule finds tools/rqlited: $ANYSQLITE_RQLITED_MODULE, else
// relative to this source file, else above the working directory.
func toolsModule() (string, error) {
	if d := os.Getenv("ANYSQLITE_RQLITED_MODULE"); d != "" {
		return d, nil
	}
	var candidates []string
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		candidates = append(candidates, filepath.Join(filepath.Dir(file), "..", "..", "..", "tools", "rqlited"))
	}
	if wd, err := os.Getwd(); err == nil {
		for d := wd; ; d = filepath.Dir(d) {
			candidates = append(candidates, filepath.Join(d, "tools", "rqlited"))
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	for _, c := range candidates {
		if fileExists(filepath.Join(c, "go.mod")) {
			return filepath.Clean(c), nil
		}
	}
	return "", errors.New("rqlitetest: tools/rqlited module not found (set $ANYSQLITE_RQLITED_MODULE or $ANYSQLITE_RQLITED)")
}

// goCommand finds the go command: on $PATH, else in this toolchain's GOROOT.
func goCommand() (string, error) {
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if fileExists(p) {
		return p, nil
	}
	return "", errors.New("rqlitetest: go command not found; building rqlited needs it (or set $ANYSQLITE_RQLITED)")
}

// cacheKey hashes what decides the executable: the tools module's go.mod
// and go.sum, the toolchain's version, target and C compiler, and the
// link flags.
func cacheKey(ctx context.Context, goBin, mod string) (string, error) {
	h := sha256.New()
	for _, f := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(mod, f))
		if err != nil {
			return "", fmt.Errorf("rqlitetest: %w", err)
		}
		h.Write(b)
	}
	cmd := exec.CommandContext(ctx, goBin, "env", "GOVERSION", "GOOS", "GOARCH", "CC")
	cmd.Dir = mod
	env, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("rqlitetest: go env: %w", err)
	}
	h.Write(bytes.TrimSpace(env))
	h.Write([]byte(ldflags))
	return strings.ToLower(hex.EncodeToString(h.Sum(nil))[:12]), nil
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}
