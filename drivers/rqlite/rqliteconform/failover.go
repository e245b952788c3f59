package rqliteconform

import (
	"context"
	"errors"
	"fmt"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/drivers/rqlite"
	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

// Results are the failover ledger's figures through the adapter, one run
// per way of reaching the leader.
type Results struct {
	// Server is the rqlited version ("v8.36.0") and the SQLite it links.
	Server string `json:"server"`
	// Command is what measured them, to run again.
	Command string `json:"command"`
	// Platform is GOOS/GOARCH of the machine that ran them.
	Platform string         `json:"platform"`
	Runs     []FailoverRun  `json:"runs"`
	Config   FailoverConfig `json:"config"`
}

// FailoverConfig is the size of the runs, as JSON.
type FailoverConfig struct {
	Writers      int     `json:"writers"`
	Readers      int     `json:"readers"`
	LeaderKills  int     `json:"leader_kills"`
	PhaseSeconds float64 `json:"phase_seconds"`
}

// FailoverRun is one run of the ledger.
type FailoverRun struct {
	// Mode is "redirect" (the client follows a follower's redirect to
	// the leader: the default) or "forward" (followers forward requests,
	// DSN forward=true).
	Mode    string             `json:"mode"`
	Figures rqlitetest.Figures `json:"figures"`
	// Violations lists the ledger rules the run broke (none when it
	// passed).
	Violations []string `json:"violations"`
}

// Failed reports whether a run broke a rule of the ledger.
func (r *Results) Failed() bool {
	for _, run := range r.Runs {
		if len(run.Violations) > 0 {
			return true
		}
	}
	return false
}

// Failover runs the failover ledger (rqlitetest.RunFailover) through the
// adapter with the rqlite driver, each mode on a fresh cluster of 3
// nodes started from start: 4 writers (each its own adapter.DB with every
// node in its DSN) append rows with DB.Run, 2 readers read them at levels
// strong and linearizable with DB.Get, while the leader is killed and
// restarted cfg.LeaderKills times and a follower is paused and resumed.
func Failover(ctx context.Context, start func(context.Context) (*rqlitetest.Cluster, error), cfg rqlitetest.FailoverConfig) (*Results, error) {
	res := &Results{}
	for _, mode := range []string{"redirect", "forward"} {
		run, server, err := failoverRun(ctx, start, mode, cfg)
		if err != nil {
			return nil, fmt.Errorf("failover ledger (%s): %w", mode, err)
		}
		res.Server = server
		res.Runs = append(res.Runs, run)
		f := run.Figures
		res.Config = FailoverConfig{Writers: f.Writers, Readers: f.Readers, LeaderKills: f.LeaderKills, PhaseSeconds: f.PhaseSeconds}
	}
	return res, nil
}

func failoverRun(ctx context.Context, start func(context.Context) (*rqlitetest.Cluster, error), mode string, cfg rqlitetest.FailoverConfig) (FailoverRun, string, error) {
	c, err := start(ctx)
	if err != nil {
		return FailoverRun{}, "", err
	}
	defer c.Close()
	params := ""
	if mode == "forward" {
		params = "forward=true&"
	}
	w := &adapterWorkload{}
	defer w.close()
	open := func(query string) (*adapter.DB, error) {
		db, err := adapter.OpenDriver(ctx, rqlite.Driver{}, c.DSN(query), nil)
		if err == nil {
			w.dbs = append(w.dbs, db)
		}
		return db, err
	}
	if w.admin, err = open(params + "level=strong"); err != nil {
		return FailoverRun{}, "", err
	}
	server := serverVersion(ctx, c)
	cfg.Writers, cfg.Readers = 4, 2
	for i := 0; i < cfg.Writers; i++ {
		db, err := open(params)
		if err != nil {
			return FailoverRun{}, "", err
		}
		w.writers = append(w.writers, db)
	}
	for r := 0; r < cfg.Readers; r++ {
		level := "strong"
		if r%2 == 1 {
			level = "linearizable"
		}
		db, err := open(params + "level=" + level)
		if err != nil {
			return FailoverRun{}, "", err
		}
		w.readers, w.levels = append(w.readers, db), append(w.levels, level)
	}
	f, err := rqlitetest.RunFailover(ctx, c, w, cfg)
	if err != nil {
		return FailoverRun{}, "", err
	}
	v := f.Violations()
	if v == nil {
		v = []string{}
	}
	return FailoverRun{Mode: mode, Figures: f, Violations: v}, server, nil
}

// serverVersion names the cluster's rqlited and SQLite versions.
func serverVersion(ctx context.Context, c *rqlitetest.Cluster) string {
	cl, err := rqlite.Open(ctx, c.DSN(""), nil)
	if err != nil {
		return ""
	}
	defer cl.Close()
	st, err := cl.Status(ctx)
	if err != nil {
		return ""
	}
	return "rqlite " + st.Version + ", SQLite " + st.SQLiteVersion
}

// adapterWorkload is the ledger through the adapter: one DB per writer
// and per reader.
type adapterWorkload struct {
	admin            *adapter.DB
	writers, readers []*adapter.DB
	levels           []string
	dbs              []*adapter.DB
}

func (w *adapterWorkload) close() {
	for _, db := range w.dbs {
		db.Close()
	}
}

func (w *adapterWorkload) Setup(ctx context.Context) error {
	return w.admin.Exec(ctx, "CREATE TABLE ledger(id INTEGER PRIMARY KEY, w INTEGER NOT NULL, seq INTEGER NOT NULL)")
}

func (w *adapterWorkload) Write(ctx context.Context, writer, seq int64) error {
	_, err := w.writers[writer].Run(ctx, "INSERT INTO ledger(w, seq) VALUES(?, ?)", writer, seq)
	return err
}

func (w *adapterWorkload) Read(ctx context.Context, r int, writer int64) (int64, error) {
	var n int64
	err := w.readers[r].Get(ctx, &n, "SELECT coalesce(max(seq), 0) FROM ledger WHERE w = ?", writer)
	return n, err
}

func (w *adapterWorkload) Level(r int) string { return w.levels[r] }

func (w *adapterWorkload) Count(ctx context.Context) (map[[2]int64]int64, error) {
	var rows []struct{ W, Seq, N int64 }
	if err := w.admin.All(ctx, &rows, "SELECT w, seq, count(*) AS n FROM ledger GROUP BY w, seq"); err != nil {
		return nil, err
	}
	present := make(map[[2]int64]int64, len(rows))
	for _, r := range rows {
		present[[2]int64{r.W, r.Seq}] = r.N
	}
	return present, nil
}

func (w *adapterWorkload) Unknown(err error) bool { return errors.Is(err, adapter.ErrOutcomeUnknown) }
