package adapter

import (
	"errors"
	"testing"
)

// Durable picks the synchronous setting that keeps every acknowledged
// commit through a power loss (docs/durability.md measures it): FULL in
// WAL mode, EXTRA in the rollback modes, also where the storage decision
// turns WAL into DELETE.
func TestDurableSynchronous(t *testing.T) {
	for _, c := range []struct {
		opts Options
		want string
	}{
		{Options{}, "NORMAL"},
		{Options{Durable: true}, "FULL"},
		{Options{Durable: true, JournalMode: "DELETE"}, "EXTRA"},
		{Options{Durable: true, JournalMode: "TRUNCATE"}, "EXTRA"},
		{Options{Durable: true, Synchronous: "EXTRA"}, "EXTRA"},
		{Options{JournalMode: "DELETE"}, "FULL"},
	} {
		s, err := c.opts.resolve(false)
		if err != nil {
			t.Fatalf("%+v: %v", c.opts, err)
		}
		if s.sync != c.want {
			t.Errorf("%+v: synchronous %s, want %s", c.opts, s.sync, c.want)
		}
	}
	for _, sync := range []string{"OFF", "normal"} {
		if _, err := (&Options{Durable: true, Synchronous: sync}).resolve(false); !errors.Is(err, ErrOptions) {
			t.Errorf("Durable with Synchronous %s: %v, want ErrOptions", sync, err)
		}
	}
	o := &Options{Durable: true}
	s, err := o.resolve(false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := storageDecisions(&s, FileSystem{Type: "nfs", Network: true}, o); err != nil {
		t.Fatal(err)
	}
	if s.journal != "DELETE" || s.sync != "EXTRA" {
		t.Errorf("Durable on NFS: journal %s synchronous %s, want DELETE EXTRA", s.journal, s.sync)
	}
}
