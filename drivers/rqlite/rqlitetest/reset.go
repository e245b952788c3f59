package rqlitetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// requestClient sends the harness's own SQL requests.
var requestClient = &http.Client{Timeout: 30 * time.Second}

// KeepPrefix starts the names of the tables Reset keeps: the bookkeeping
// of package rqlite's client (_anysqlite_requests and its trigger).
const KeepPrefix = "_anysqlite_"

// resetPragmas restore what a test may have changed on the connection
// rqlite writes through, which every later request shares: the settings
// SQLite has by default, and foreign keys as the nodes were started
// (Config.Args with -fk, or not).
var resetPragmas = []string{
	"PRAGMA recursive_triggers = OFF",
	"PRAGMA reverse_unordered_selects = OFF",
	"PRAGMA defer_foreign_keys = OFF",
	"PRAGMA ignore_check_constraints = OFF",
	"PRAGMA legacy_alter_table = OFF",
	"PRAGMA case_sensitive_like = OFF",
	"PRAGMA query_only = OFF",
	"PRAGMA automatic_index = ON",
	"PRAGMA cell_size_check = OFF",
}

// Reset empties the cluster's database for the next test: it drops every
// table, view, trigger and index (in the order that works with virtual
// tables and their shadow tables) except those whose name starts with
// [KeepPrefix] and SQLite's own, empties sqlite_sequence and sqlite_stat1,
// sets user_version and application_id to 0, and restores the settings
// of the connection rqlite writes through. It talks to the first running
// node, which forwards the writes to the leader; while the cluster has no
// leader (an election after a node was killed or overloaded) it tries
// again for up to [resetPatience].
func (c *Cluster) Reset(ctx context.Context) error {
	deadline := time.Now().Add(resetPatience)
	for {
		err := c.reset(ctx)
		if err == nil || !leaderless(err) || time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// resetPatience is how long Reset waits for a cluster to have a leader.
const resetPatience = 20 * time.Second

// leaderless reports whether err says the cluster had no leader to
// take the request (rqlite's 503 "leader not found", a follower's "not
// leader", a node's refused connection).
func leaderless(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "leader not found") || strings.Contains(msg, "not leader") ||
		strings.Contains(msg, "connection refused")
}

func (c *Cluster) reset(ctx context.Context) error {
	node := c.anyRunning()
	if node == nil {
		return fmt.Errorf("rqlitetest: reset: no node is running")
	}
	objects, err := query(ctx, node, "SELECT type, name, coalesce(sql, '') FROM sqlite_schema"+
		" WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '"+strings.ReplaceAll(KeepPrefix, "_", "\\_")+"%' ESCAPE '\\'")
	if err != nil {
		return fmt.Errorf("rqlitetest: reset: %w", err)
	}
	var drops []string
	for _, pass := range []func(typ, sql string) bool{
		func(typ, _ string) bool { return typ == "trigger" || typ == "view" },
		func(typ, sql string) bool {
			return typ == "table" && strings.HasPrefix(strings.ToUpper(sql), "CREATE VIRTUAL")
		},
		func(typ, _ string) bool { return typ == "table" },
	} {
		for _, o := range objects {
			if pass(o[0], o[2]) {
				drops = append(drops, "DROP "+strings.ToUpper(o[0])+" IF EXISTS "+quoteIdent(o[1]))
			}
		}
	}
	drops = append(drops,
		"DROP TABLE IF EXISTS sqlite_stat1", "DROP TABLE IF EXISTS sqlite_stat4",
		"PRAGMA user_version = 0", "PRAGMA application_id = 0")
	// A DROP TABLE deletes the rows first, which foreign keys may refuse.
	if err := execute(ctx, node, false, []string{"PRAGMA foreign_keys = OFF"}); err != nil {
		return fmt.Errorf("rqlitetest: reset: %w", err)
	}
	if err := execute(ctx, node, true, drops); err != nil {
		return fmt.Errorf("rqlitetest: reset: %w", err)
	}
	fk := "PRAGMA foreign_keys = OFF"
	if slices.Contains(c.cfg.Args, "-fk") {
		fk = "PRAGMA foreign_keys = ON"
	}
	if err := execute(ctx, node, false, append([]string{fk}, resetPragmas...)); err != nil {
		return fmt.Errorf("rqlitetest: reset: %w", err)
	}
	return nil
}

// anyRunning returns a running, unpaused node.
func (c *Cluster) anyRunning() *Node {
	for _, n := range c.nodes {
		if n.Running() && !n.Paused() {
			return n
		}
	}
	return nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// sqlResponse is the part of rqlite's /db/query and /db/execute answers
// the harness reads.
type sqlResponse struct {
	Results []struct {
		Values [][]any `json:"values"`
		Error  string  `json:"error"`
	} `json:"results"`
	Error string `json:"error"`
}

// post sends statements to path on node and returns the decoded answer
// or the first error it reports.
func post(ctx context.Context, node *Node, path string, stmts []string) (*sqlResponse, error) {
	body, err := json.Marshal(stmts)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, node.URL()+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := requestClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("POST %s: HTTP %d: %s", path, resp.StatusCode, bytes.TrimSpace(data))
	}
	var r sqlResponse
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("POST %s: %w", path, err)
	}
	if r.Error != "" {
		return nil, fmt.Errorf("POST %s: %s", path, r.Error)
	}
	for i, res := range r.Results {
		if res.Error != "" {
			return nil, fmt.Errorf("%s: %s", stmts[i], res.Error)
		}
	}
	return &r, nil
}

// query runs one query at level strong and returns its rows as text.
func query(ctx context.Context, node *Node, sql string) ([][]string, error) {
	r, err := post(ctx, node, "/db/query?level=strong", []string{sql})
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for _, vals := range r.Results[0].Values {
		row := make([]string, len(vals))
		for i, v := range vals {
			row[i] = fmt.Sprint(v)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// execute runs statements in one request, as one transaction if tx.
func execute(ctx context.Context, node *Node, tx bool, stmts []string) error {
	path := "/db/execute"
	if tx {
		path += "?transaction"
	}
	_, err := post(ctx, node, path, stmts)
	return err
}
