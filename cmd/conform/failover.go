package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/anysqlite/anysqlite/drivers/rqlite/rqliteconform"
	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

// failover runs the failover ledger through the adapter on rqlite
// clusters (conform failover) and writes its figures as JSON, which the
// matrix shows in its section "rqlite: failover" (-failover FILE).
// Exit status 1 if the ledger broke a rule.
func failover(ctx context.Context, args []string, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("conform failover", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the figures to this .json file (required)")
	kills := fs.Int("kills", 5, "leader kills per run")
	phase := fs.Duration("phase", 4*time.Second, "time between disruptions")
	rqlited := fs.String("rqlited", "", "a prebuilt rqlited v8 (default: $ANYSQLITE_RQLITED, else built from tools/rqlited and cached)")
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	if *out == "" || !strings.HasSuffix(*out, ".json") || fs.NArg() > 0 || *kills < 1 || *phase <= 0 {
		return 2, usageError{"usage: conform failover -o FILE.json [-kills N] [-phase DURATION] [-rqlited PATH]"}
	}
	if *rqlited == "" {
		b, err := rqlitetest.Binary(ctx)
		if err != nil {
			return 1, err
		}
		if b.Built {
			fmt.Fprintf(stderr, "conform: built rqlited %s in %v\n", rqlitetest.Version, b.Duration.Round(time.Second))
		}
		*rqlited = b.Path
	}
	cfg := rqlitetest.FailoverConfig{LeaderKills: *kills, Phase: *phase, Logf: func(format string, args ...any) {
		fmt.Fprintf(stderr, "conform: failover: "+format+"\n", args...)
	}}
	start := func(ctx context.Context) (*rqlitetest.Cluster, error) { return rqliteconform.Start(ctx, *rqlited) }
	res, err := rqliteconform.Failover(ctx, start, cfg)
	if err != nil {
		return 1, err
	}
	res.Command = fmt.Sprintf("conform failover -kills=%d -phase=%v", *kills, *phase)
	res.Platform = runtime.GOOS + "/" + runtime.GOARCH
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return 1, err
	}
	if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
		return 1, err
	}
	if res.Failed() {
		for _, run := range res.Runs {
			if len(run.Violations) > 0 {
				fmt.Fprintf(stderr, "conform: failover (%s): %s\n", run.Mode, strings.Join(run.Violations, "; "))
			}
		}
		return 1, nil
	}
	return 0, nil
}
