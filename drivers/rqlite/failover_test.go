package rqlite

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

var (
	failovers     = flag.Int("rqlite.failovers", 2, "leader kills in TestFailoverLedger")
	failoverPhase = flag.Duration("rqlite.phase", 3*time.Second, "length of each phase of TestFailoverLedger")
	figuresFile   = flag.String("rqlite.figures", "", "write TestFailoverLedger's figures as JSON to this file")
)

// TestFailoverLedger writes and reads on a 3-node cluster while the leader
// is killed (SIGKILL) and restarted and while a follower is paused
// (SIGSTOP, as if partitioned), with package rqlitetest's ledger: every
// acknowledged write must be present exactly once, no write that failed
// with a "not applied" error may be present, and no strong or
// linearizable read may be older than a write acknowledged before it
// started. Every write that failed as "not applied" is also checked
// (Options.verifyNotApplied).
//
// It runs twice: with the client following redirects to the leader, and
// with followers forwarding requests to the leader (Options.Forward).
func TestFailoverLedger(t *testing.T) {
	for _, mode := range []string{"redirect", "forward"} {
		t.Run(mode, func(t *testing.T) { runLedger(t, mode == "forward") })
	}
}

func runLedger(t *testing.T, forward bool) {
	cl := rqlitetest.New(t, rqlitetest.Config{})
	params := ""
	if forward {
		params = "forward=true&"
	}
	cfg := rqlitetest.FailoverConfig{LeaderKills: *failovers, Phase: *failoverPhase, Logf: t.Logf}
	cfg.Writers, cfg.Readers = 4, 2
	w := &clientWorkload{admin: clientOf(t, cl, params+"level=strong", false)}
	for i := 0; i < cfg.Writers; i++ {
		w.writers = append(w.writers, clientOf(t, cl, params, true))
	}
	for r := 0; r < cfg.Readers; r++ {
		level := Strong
		if r%2 == 1 {
			level = Linearizable
		}
		w.readers = append(w.readers, clientOf(t, cl, params+"level="+string(level), false))
	}
	f, err := rqlitetest.RunFailover(context.Background(), cl, w, cfg)
	if err != nil {
		t.Fatal(err)
	}
	w.addStats(&f)
	for _, v := range f.Violations() {
		t.Error(v)
	}
	out, _ := json.MarshalIndent(f, "", "  ")
	t.Logf("figures:\n%s", out)
	if *figuresFile != "" {
		name := *figuresFile
		if forward {
			name = strings.TrimSuffix(name, ".json") + "-forward.json"
		}
		if err := os.WriteFile(name, out, 0o644); err != nil {
			t.Error(err)
		}
	}
}

func clientOf(t *testing.T, cl *rqlitetest.Cluster, params string, verify bool) *Client {
	t.Helper()
	c, err := Open(context.Background(), cl.DSN(params), &Options{verifyNotApplied: verify})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// clientWorkload is the ledger on package rqlite's client: one client per
// writer and per reader.
type clientWorkload struct {
	admin            *Client
	writers, readers []*Client
}

func (w *clientWorkload) Setup(ctx context.Context) error {
	_, err := w.admin.Exec(ctx, "CREATE TABLE ledger(id INTEGER PRIMARY KEY, w INTEGER NOT NULL, seq INTEGER NOT NULL)")
	return err
}

func (w *clientWorkload) Write(ctx context.Context, writer, seq int64) error {
	_, err := w.writers[writer].Exec(ctx, "INSERT INTO ledger(w, seq) VALUES(?, ?)", writer, seq)
	return err
}

func (w *clientWorkload) Read(ctx context.Context, r int, writer int64) (int64, error) {
	rows, err := w.readers[r].Query(ctx, "SELECT coalesce(max(seq), 0) FROM ledger WHERE w = ?", writer)
	if err != nil {
		return 0, err
	}
	return rows.Values[0][0].(int64), nil
}

func (w *clientWorkload) Level(r int) string { return string(w.readers[r].Level()) }

func (w *clientWorkload) Count(ctx context.Context) (map[[2]int64]int64, error) {
	rows, err := w.admin.Query(ctx, "SELECT w, seq, count(*) FROM ledger GROUP BY w, seq")
	if err != nil {
		return nil, err
	}
	present := map[[2]int64]int64{}
	for _, r := range rows.Values {
		present[[2]int64{r[0].(int64), r[1].(int64)}] = r[2].(int64)
	}
	return present, nil
}

func (w *clientWorkload) Unknown(err error) bool { return errors.Is(err, ErrOutcomeUnknown) }

// addStats adds the clients' own counters to f.
func (w *clientWorkload) addStats(f *rqlitetest.Figures) {
	f.Causes = map[string]int64{}
	for _, c := range w.readers {
		for k, v := range c.Stats().Causes {
			f.Causes["read, "+k] += v
		}
	}
	for _, c := range w.writers {
		s := c.Stats()
		for k, v := range s.Causes {
			f.Causes["write, "+k] += v
		}
		f.LostResolvedApplied += s.ResolvedApplied
		f.LostResolvedNotApplied += s.ResolvedNotApplied
		f.VerifiedNotApplied += s.Verified
		f.Misclassified += s.Misclassified
	}
}
