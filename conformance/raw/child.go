package raw

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// NcrucesProbePackage is the import path of the program that observes
// ncruces, relative to the module root.
const NcrucesProbePackage = "./conformance/raw/ncrucesprobe"

// ObserveNcruces observes ncruces' database/sql driver
// (github.com/ncruces/go-sqlite3/driver). It builds the program
// conformance/raw/ncrucesprobe with the go tool (found in $PATH) from the
// module rooted at moduleDir into a temporary directory, runs it and
// decodes the observations it prints.
//
// A child process is needed because ncruces' driver package and mattn's
// both call sql.Register("sqlite3") in init, so they cannot be linked into
// one binary; the calling binary may well link mattn (package
// conformance/raw/native does).
func ObserveNcruces(ctx context.Context, moduleDir string) ([]Observation, error) {
	gotool, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("raw: building the ncruces probe needs the go tool: %w", err)
	}
	tmp, err := os.MkdirTemp("", "ncrucesprobe-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "ncrucesprobe")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.CommandContext(ctx, gotool, "build", "-o", bin, NcrucesProbePackage)
	cmd.Dir = moduleDir
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("raw: go build %s: %w\n%s", NcrucesProbePackage, err, strings.TrimSpace(stderr.String()))
	}
	return ObserveBinary(ctx, bin)
}

// ObserveBinary runs an already built ncrucesprobe program (for instance
// one cross-compiled for another platform and run there through a wrapper)
// and decodes the observations it prints as JSON on stdout.
func ObserveBinary(ctx context.Context, path string) ([]Observation, error) {
	cmd := exec.CommandContext(ctx, path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("raw: %s: %w\n%s", filepath.Base(path), err, strings.TrimSpace(stderr.String()))
	}
	var obs []Observation
	if err := json.Unmarshal(stdout.Bytes(), &obs); err != nil {
		return nil, fmt.Errorf("raw: %s: decoding its output: %w", filepath.Base(path), err)
	}
	return obs, nil
}

// WriteJSON writes observations as the JSON that ObserveBinary reads.
func WriteJSON(w io.Writer, obs []Observation) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(obs)
}
