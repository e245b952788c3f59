package rqlite

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

var (
	failovers     = flag.Int("rqlite.failovers", 2, "leader kills in TestFailoverLedger")
	failoverPhase = flag.Duration("rqlite.phase", 3*time.Second, "length of each phase of TestFailoverLedger")
	figuresFile   = flag.String("rqlite.figures", "", "write TestFailoverLedger's figures as JSON to this file")
)

// Figures are what TestFailoverLedger measured.
type Figures struct {
	Nodes, Writers, Readers int
	Forward                 bool // followers forward requests (else the client follows redirects)
	LeaderKills             int
	FollowerPauses          int
	Seconds                 float64
	Acknowledged            int64 // writes that returned nil
	FailedClean             int64 // writes that returned an error meaning "not applied"
	OutcomeUnknown          int64 // writes that returned ErrOutcomeUnknown
	UnknownApplied          int64 // of those, found applied afterwards
	LostResolvedApplied     int64 // lost responses the client resolved as applied (returned nil)
	LostResolvedNotApplied  int64 // lost responses resolved as not applied (written again)
	VerifiedNotApplied      int64 // errors classified "not applied" that were checked
	Misclassified           int64 // of those, applied (must be 0)
	StrongReads             int64 // reads at level strong
	LinearizableReads       int64 // reads at level linearizable
	StaleReads              int64 // reads older than an acknowledged write (must be 0)
	FirstWriteAfterKill     []float64
	FirstWriteAfterPause    []float64
	Causes                  map[string]int64 // attempts without an answer, by outcome and cause (all clients)
}

// ledger records what each writer was told.
type ledger struct {
	mu      sync.Mutex
	acked   map[[2]int64]bool
	failed  map[[2]int64]error
	unknown map[[2]int64]error
	maxAck  []atomic.Int64 // per writer, highest acknowledged seq
	lastAck atomic.Int64   // unix nanoseconds of the latest acknowledgement
}

// TestFailoverLedger writes and reads on a 3-node cluster while the leader
// is killed (SIGKILL) and restarted and while a follower is paused
// (SIGSTOP, as if partitioned): every acknowledged write must be present
// exactly once, no write that failed with a "not applied" error may be
// present, and no strong or linearizable read may be older than a write
// acknowledged before it started.
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
	const writers, readers = 4, 2
	ctx := context.Background()
	params := ""
	if forward {
		params = "forward=true&"
	}
	admin := clientOf(t, cl, params+"level=strong", false)
	mustExec(t, admin, "CREATE TABLE ledger(id INTEGER PRIMARY KEY, w INTEGER NOT NULL, seq INTEGER NOT NULL)")

	lg := &ledger{acked: map[[2]int64]bool{}, failed: map[[2]int64]error{}, unknown: map[[2]int64]error{}, maxAck: make([]atomic.Int64, writers)}
	var f Figures
	f.Nodes, f.Writers, f.Readers, f.Forward = cl.Len(), writers, readers, forward
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var clients []*Client
	var readerClients []*Client
	for w := 0; w < writers; w++ {
		c := clientOf(t, cl, params, true)
		clients = append(clients, c)
		wg.Add(1)
		go func() { defer wg.Done(); lg.write(runCtx, c, int64(w)) }()
	}
	for r := 0; r < readers; r++ {
		level, n := Strong, &f.StrongReads
		if r%2 == 1 {
			level, n = Linearizable, &f.LinearizableReads
		}
		c := clientOf(t, cl, params+"level="+string(level), false)
		readerClients = append(readerClients, c)
		wg.Add(1)
		go func() { defer wg.Done(); lg.read(runCtx, t, c, writers, n, &f.StaleReads) }()
	}

	start := time.Now()
	phase := *failoverPhase
	for k := 0; k < *failovers; k++ {
		time.Sleep(phase)
		leader, err := cl.Leader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := cl.Kill(leader); err != nil {
			t.Fatal(err)
		}
		killed := time.Now() // Kill waited for the exit: no answer from it after this

		f.LeaderKills++
		f.FirstWriteAfterKill = append(f.FirstWriteAfterKill, lg.firstAckAfter(killed).Seconds())
		time.Sleep(phase)
		if err := cl.Restart(ctx, leader); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(phase)
	leader, err := cl.Leader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	follower := (leader + 1) % cl.Len()
	if err := cl.Pause(follower); err != nil {
		t.Fatal(err)
	}
	paused := time.Now()
	f.FollowerPauses++
	f.FirstWriteAfterPause = append(f.FirstWriteAfterPause, lg.firstAckAfter(paused).Seconds())
	time.Sleep(phase)
	if err := cl.Resume(follower); err != nil {
		t.Fatal(err)
	}
	time.Sleep(phase)
	stop()
	wg.Wait()
	f.Seconds = time.Since(start).Seconds()

	lg.verify(t, admin, &f)
	f.Causes = map[string]int64{}
	for _, c := range readerClients {
		for k, v := range c.Stats().Causes {
			f.Causes["read, "+k] += v
		}
	}
	for _, c := range clients {
		s := c.Stats()
		for k, v := range s.Causes {
			f.Causes["write, "+k] += v
		}
		f.LostResolvedApplied += s.ResolvedApplied
		f.LostResolvedNotApplied += s.ResolvedNotApplied
		f.VerifiedNotApplied += s.Verified
		f.Misclassified += s.Misclassified
	}
	if f.StaleReads != 0 {
		t.Errorf("%d stale reads", f.StaleReads)
	}
	if f.Misclassified != 0 {
		t.Errorf("%d writes classified \"not applied\" were applied", f.Misclassified)
	}
	if f.Acknowledged == 0 || f.StrongReads == 0 || f.LinearizableReads == 0 {
		t.Errorf("nothing measured: %+v", f)
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

// write appends (w, 1), (w, 2), ... until ctx ends, recording each outcome.
func (lg *ledger) write(ctx context.Context, c *Client, w int64) {
	for seq := int64(1); ctx.Err() == nil; seq++ {
		wctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		_, err := c.Exec(wctx, "INSERT INTO ledger(w, seq) VALUES(?, ?)", w, seq)
		cancel()
		key := [2]int64{w, seq}
		lg.mu.Lock()
		switch {
		case err == nil:
			lg.acked[key] = true
			lg.maxAck[w].Store(seq)
			lg.lastAck.Store(time.Now().UnixNano())
		case errors.Is(err, ErrOutcomeUnknown):
			lg.unknown[key] = err
		default:
			lg.failed[key] = err
		}
		lg.mu.Unlock()
		if err != nil {
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// read checks, writer by writer, that a read returns at least the highest
// seq acknowledged before the read began.
func (lg *ledger) read(ctx context.Context, t *testing.T, c *Client, writers int, reads, stale *int64) {
	for i := 0; ctx.Err() == nil; i++ {
		w := int64(i % writers)
		floor := lg.maxAck[w].Load()
		rctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		rows, err := c.Query(rctx, "SELECT coalesce(max(seq), 0) FROM ledger WHERE w = ?", w)
		cancel()
		if err != nil {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		atomic.AddInt64(reads, 1)
		if got := rows.Values[0][0].(int64); got < floor {
			atomic.AddInt64(stale, 1)
			t.Errorf("%s read of writer %d: max seq %d, but %d was acknowledged before the read", c.Level(), w, got, floor)
		}
	}
}

// firstAckAfter waits for the first acknowledgement after since.
func (lg *ledger) firstAckAfter(since time.Time) time.Duration {
	for {
		if at := lg.lastAck.Load(); at > since.UnixNano() {
			return time.Unix(0, at).Sub(since)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// verify compares the ledger table with what the writers were told.
func (lg *ledger) verify(t *testing.T, c *Client, f *Figures) {
	rows := mustQuery(t, c, "SELECT w, seq, count(*) FROM ledger GROUP BY w, seq")
	present := map[[2]int64]int64{}
	for _, r := range rows.Values {
		present[[2]int64{r[0].(int64), r[1].(int64)}] = r[2].(int64)
	}
	for key, n := range present {
		if n != 1 {
			t.Errorf("write %v applied %d times", key, n)
		}
		if !lg.acked[key] && lg.unknown[key] == nil {
			t.Errorf("write %v is present but its writer got %v", key, lg.failed[key])
		}
	}
	var missing []string
	for key := range lg.acked {
		if present[key] == 0 {
			missing = append(missing, fmt.Sprint(key))
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d acknowledged writes missing: %v", len(missing), missing)
	}
	for key := range lg.unknown {
		if present[key] > 0 {
			f.UnknownApplied++
		}
	}
	f.Acknowledged, f.FailedClean, f.OutcomeUnknown = int64(len(lg.acked)), int64(len(lg.failed)), int64(len(lg.unknown))
	for key, err := range lg.failed {
		t.Logf("write %v failed: %v", key, err)
		break
	}
}
