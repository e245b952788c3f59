package stress

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// A worker reads back exactly the settings the parent wrote, and refuses
// arguments it cannot read with exit status 2.
func TestWorkerSpecRoundTrip(t *testing.T) {
	sc := Scenarios([]string{"modernc"})[0]
	for _, r := range sc.roles(CI) {
		want := sc.workerSpec(Config{Size: CI, Seed: 42}, r, "/tmp/x.db")
		want.Touch, want.TouchFiles = 10*time.Millisecond, "db,wal"
		args, err := want.args()
		if err != nil {
			t.Fatal(err)
		}
		got, err := parseWorkerArgs(args, &bytes.Buffer{})
		if err != nil {
			t.Fatalf("%s: %v", r.Role, err)
		}
		if got.Role != want.Role || got.Path != want.Path || got.Pause != want.Pause || got.Touch != want.Touch ||
			strings.Join(got.Checkpoints, ",") != strings.Join(want.Checkpoints, ",") || got.BusyTimeout != want.BusyTimeout ||
			got.TIDBase != want.TIDBase || got.Seed != 42 || got.JunkBytes != CI.JunkBytes || got.MmapSize != want.MmapSize {
			t.Errorf("%s: read back %+v, want %+v", r.Role, got, want)
		}
	}
	for _, args := range [][]string{
		nil,
		{"-spec", `{"role": "writer"}`}, // no db
		{"-spec", `{"role": "writer", "db": "x", "bogus": 1}`}, // a field this build does not know
		{"-spec", `{"role": "writer", "db": "x"}`, "extra"},    // arguments after the flag
		{"-role=writer", "-db=x"},                              // the old flags
		{"-spec", `{"role": "dancer", "db": "x"}`},             // no such role
		{"-spec", `{"role": "checkpointer", "db": "x", "pause_ns": "soon"}`},
	} {
		var stderr bytes.Buffer
		if code := Worker(context.Background(), args, strings.NewReader(""), &bytes.Buffer{}, &stderr); code != 2 {
			t.Errorf("Worker(%q): exit %d, want 2 (%s)", args, code, stderr.String())
		} else if stderr.Len() == 0 {
			t.Errorf("Worker(%q): exit 2 without a word on stderr", args)
		}
	}
}
