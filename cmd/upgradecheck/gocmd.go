package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// goCmd runs the go command in a directory. Every run has GOWORK=off (a
// go.work around the copy must not change what is built) and
// GOTOOLCHAIN=local (a version that needs a newer Go fails here instead of
// fetching that Go), plus env.
type goCmd struct {
	dir     string
	env     []string
	verbose io.Writer // receives the output as it comes, if set
}

// output runs go with args and returns its standard output; the error,
// if any, carries the end of its standard error.
func (g goCmd) output(ctx context.Context, args ...string) ([]byte, error) {
	stdout, stderr, err := g.run(ctx, args...)
	if err != nil {
		msg := strings.TrimSpace(lastLines(string(stderr), 20))
		return stdout, fmt.Errorf("go %s: %s (%w)", strings.Join(args, " "), msg, err)
	}
	return stdout, nil
}

// run runs go with args and returns what it wrote to each stream.
func (g goCmd) run(ctx context.Context, args ...string) (stdout, stderr []byte, err error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = g.dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local"), g.env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if g.verbose != nil {
		fmt.Fprintf(g.verbose, "+ (cd %s && go %s)\n", g.dir, strings.Join(args, " "))
		cmd.Stdout, cmd.Stderr = io.MultiWriter(&out, g.verbose), io.MultiWriter(&errb, g.verbose)
	}
	err = cmd.Run()
	return out.Bytes(), errb.Bytes(), err
}

// lastLines returns the last n lines of s, trimmed.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"…"}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// firstLines returns the first n lines of s, trimmed.
func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}
