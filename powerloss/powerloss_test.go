package powerloss

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/anysqlite/anysqlite/crashfs"

	_ "github.com/anysqlite/anysqlite/drivers/all"
)

// TestMain makes the test binary a child of a run when a run starts it
// as one (SelfCommand).
func TestMain(m *testing.M) {
	if os.Getenv(EnvChild) != "" {
		os.Exit(Child(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestRunMatchesDocumentation makes a few power cuts of every driver in
// the combinations where SQLite promises durability, and checks the whole
// pipeline: calibration, cuts, reopens by every driver, the table.
func TestRunMatchesDocumentation(t *testing.T) {
	dir := t.TempDir()
	if err := crashfs.Supported(dir); err != nil {
		t.Skipf("unsupported here: %v", err)
	}
	res, err := Run(context.Background(), Config{Journals: []string{"DELETE", "WAL"}, Syncs: []string{"FULL"}, Cuts: 4, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if res.Unsupported != "" {
		t.Fatalf("unsupported: %s", res.Unsupported)
	}
	for _, f := range res.Failures {
		t.Errorf("failure: %s", f)
	}
	if len(res.Rows) != 2*len(Available()) {
		t.Fatalf("%d rows, want %d", len(res.Rows), 2*len(Available()))
	}
	for _, row := range res.Rows {
		if row.Cuts != 4 || row.Ops == 0 || row.Acked == 0 {
			t.Errorf("%s: %d cuts, %d operations, %d acknowledged", row.Combination, row.Cuts, row.Ops, row.Acked)
		}
		if len(row.Worse) > 0 {
			t.Errorf("%s: worse than documented: %v: %v", row.Combination, row.Worse, row.Examples)
		}
	}
	md := string(res.Markdown())
	for _, want := range []string{"# Durability under power loss", "## The table", "| mattn |", "## What the defaults lose"} {
		if !strings.Contains(md, want) && (want != "| mattn |" || slices.Contains(res.Drivers, "mattn")) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
}
