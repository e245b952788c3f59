package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance"
	"github.com/anysqlite/anysqlite/drivers/rqlite/rqliteconform"
	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

// engine is what a remote driver's cases run against, started for the
// run: its Opener, the driver as a live connection describes it, and how
// to stop it.
type engine struct {
	opener conformance.Opener
	info   adapter.DriverInfo
	stop   func()
}

// startEngine starts the engine the remote driver name needs (rqlite: a
// 3-node cluster on loopback ports, with rqlited built and cached, or
// given with -rqlited), or returns why it cannot be started here.
func startEngine(ctx context.Context, name, rqlited string, stderr io.Writer) (*engine, error) {
	if name != "rqlite" {
		return nil, fmt.Errorf("conform does not know how to start an engine for the remote driver %s", name)
	}
	if rqlited == "" {
		b, err := rqlitetest.Binary(ctx)
		if err != nil {
			return nil, err
		}
		if b.Built {
			fmt.Fprintf(stderr, "conform: built rqlited %s in %v (cached in %s)\n", rqlitetest.Version, b.Duration.Round(time.Second), b.Path)
		}
		rqlited = b.Path
	}
	start := time.Now()
	c, err := rqliteconform.Start(ctx, rqlited)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stderr, "conform: rqlite: 3 nodes ready in %v\n", time.Since(start).Round(time.Millisecond))
	e := &engine{opener: rqliteconform.Opener(c), stop: func() { c.Close() }}
	db, err := e.opener.Open(ctx, "describe", adapter.Options{})
	if err != nil {
		e.stop()
		return nil, err
	}
	e.info = db.Driver()
	if err := db.Close(); err != nil {
		e.stop()
		return nil, err
	}
	return e, nil
}

// unavailableEngine is the reason a remote driver's column gives when its
// engine cannot be started.
// Only the first line of err is kept (a failed build's output follows).
func unavailableEngine(name string, err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	if errors.Is(err, errors.ErrUnsupported) {
		return fmt.Sprintf("no %s cluster can run here: %s", name, msg)
	}
	return fmt.Sprintf("no %s cluster could be started for the run: %s", name, msg)
}
