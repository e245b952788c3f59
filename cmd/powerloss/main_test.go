package main

import (
	"context"
	"io"
	"testing"

	"github.com/anysqlite/anysqlite/crashfs"
	"github.com/anysqlite/anysqlite/powerloss"
)

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-journal", "MEMORY"},
		{"-sync", "LOUD"},
		{"-modes", "drop-some"},
		{"-size", "huge"},
		{"-keep"},
		{"extra"},
		{"-nosuchflag"},
	} {
		code, err := run(context.Background(), args, io.Discard, io.Discard)
		if code != 2 || err == nil {
			t.Errorf("%q: exit %d, %v; want 2 and a usage error", args, code, err)
		}
	}
}

func TestParse(t *testing.T) {
	o, err := parse([]string{"-driver", "mattn,ncruces", "-journal", "wal", "-sync", "full,extra", "-modes", "drop-all,keep-prefix", "-size", "full"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c := o.cfg
	if len(c.Drivers) != 2 || c.Journals[0] != "WAL" || len(c.Syncs) != 2 || c.Syncs[1] != "EXTRA" ||
		len(c.Modes) != 2 || c.Modes[1] != crashfs.KeepPrefix || c.Cuts != powerloss.FullCuts {
		t.Fatalf("parsed %+v", c)
	}
	if o, _ := parse([]string{"-cuts", "3"}, io.Discard); o.cfg.Cuts != 3 || o.cfg.Journals != nil {
		t.Fatalf("-cuts 3: %+v", o.cfg)
	}
}
