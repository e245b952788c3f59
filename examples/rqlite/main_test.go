package main

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

// TestRun runs the example against a 3-node cluster, twice: the second run
// finds the table and adds two more rows.
func TestRun(t *testing.T) {
	c, err := rqlitetest.Start(context.Background(), rqlitetest.Config{})
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("no rqlite cluster on this system: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i, want := range []string{
		"inserted rows 1 and 2\ntheir balance: 2000 cents\nTransaction is unsupported: true\n",
		"inserted rows 3 and 4\ntheir balance: 2000 cents\nTransaction is unsupported: true\n",
	} {
		var out bytes.Buffer
		if err := run(t.Context(), &out, c.DSN("")); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
		if out.String() != want {
			t.Errorf("run %d printed\n%s\nwant\n%s", i+1, out.String(), want)
		}
	}
}
