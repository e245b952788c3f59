package rqlite

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestExecResults checks RowsAffected and LastInsertID for each kind of
// statement, including those for which rqlite reports stale values.
func TestExecResults(t *testing.T) {
	c := open(t, "")
	tb := table(t)
	type res struct{ changes, rowid int64 }
	steps := []struct {
		sql  string
		args []any
		want res
	}{
		{"CREATE TABLE " + tb + "(id INTEGER PRIMARY KEY, v TEXT UNIQUE)", nil, res{0, 0}},
		{"INSERT INTO " + tb + "(v) VALUES(?)", []any{"a"}, res{1, 1}},
		{"INSERT INTO " + tb + "(id, v) VALUES(10, 'b'), (11, 'c')", nil, res{2, 11}},
		{"UPDATE " + tb + " SET v = v || '!' WHERE id >= 10", nil, res{2, 0}},
		{"INSERT OR IGNORE INTO " + tb + "(v) VALUES('a')", nil, res{0, 0}},
		{"INSERT INTO " + tb + "(v) VALUES('a') ON CONFLICT(v) DO UPDATE SET v = 'a'", nil, res{1, 0}},
		{"CREATE TABLE " + tb + "_w(k PRIMARY KEY) WITHOUT ROWID", nil, res{0, 0}},
		{"INSERT INTO " + tb + "_w VALUES(1)", nil, res{1, 0}},
		{"DELETE FROM " + tb + " WHERE id = 1", nil, res{1, 0}},
		{"CREATE INDEX " + tb + "_i ON " + tb + "(v)", nil, res{0, 0}},
		{"REPLACE INTO " + tb + "(id, v) VALUES(20, 'z')", nil, res{1, 20}},
	}
	for _, s := range steps {
		r := mustExec(t, c, s.sql, s.args...)
		if got := (res{r.RowsAffected, r.LastInsertID}); got != s.want || r.Recovered {
			t.Errorf("%s: %+v, want %+v", s.sql, r, s.want)
		}
	}
}

// TestBatch checks that a batch applies all or nothing and reports the
// failing statement by its index in the batch.
func TestBatch(t *testing.T) {
	ctx := context.Background()
	c := open(t, "")
	tb := table(t)
	mustExec(t, c, "CREATE TABLE "+tb+"(id INTEGER PRIMARY KEY, v UNIQUE)")
	_, err := c.Batch(ctx,
		Statement{SQL: "INSERT INTO " + tb + "(v) VALUES(?)", Args: []any{"a"}},
		Statement{SQL: "INSERT INTO " + tb + "(v) VALUES(?)", Args: []any{"b"}},
		Statement{SQL: "INSERT INTO " + tb + "(v) VALUES(?)", Args: []any{"a"}},
	)
	var e *Error
	if !errors.As(err, &e) || e.Statement != 2 || e.Code != codeConstraint {
		t.Fatalf("failing batch: %v", err)
	}
	if n := count(t, c, tb); n != 0 {
		t.Fatalf("%d rows after a failed batch", n)
	}
	res, err := c.Batch(ctx,
		Statement{SQL: "INSERT INTO " + tb + "(v) VALUES(?)", Args: []any{"a"}},
		Statement{SQL: "UPDATE " + tb + " SET v = 'c' WHERE v = 'zz'"},
		Statement{SQL: "INSERT INTO " + tb + "(id, v) VALUES(?, ?)", Args: []any{int64(7), "b"}},
		Statement{SQL: "SELECT * FROM " + tb},
	)
	if err != nil {
		t.Fatal(err)
	}
	want := []Result{{RowsAffected: 1, LastInsertID: 1}, {}, {RowsAffected: 1, LastInsertID: 7}, {}}
	if !reflect.DeepEqual(res, want) {
		t.Errorf("results %+v, want %+v", res, want)
	}
	if _, err := c.Batch(ctx, Statement{SQL: "INSERT INTO " + tb + "(v) VALUES(1)"}, Statement{SQL: "COMMIT"}); !errors.Is(err, ErrTxControl) {
		t.Errorf("COMMIT in a batch: %v", err)
	}
	// A script in one Exec is one atomic request too.
	_, err = c.Exec(ctx, "INSERT INTO "+tb+"(v) VALUES('s1'); INSERT INTO "+tb+"(v) VALUES('a')")
	if err == nil || count(t, c, tb) != 2 {
		t.Errorf("failing script: %v, %d rows", err, count(t, c, tb))
	}
}

// TestReturning reads RETURNING rows through the write path.
func TestReturning(t *testing.T) {
	c := open(t, "")
	tb := table(t)
	mustExec(t, c, "CREATE TABLE "+tb+"(id INTEGER PRIMARY KEY, v INTEGER)")
	rows := mustQuery(t, c, "INSERT INTO "+tb+"(v) VALUES(?), (?) RETURNING id, v * 2 AS w", int64(5), int64(6))
	if !reflect.DeepEqual(rows.Columns, []string{"id", "w"}) || !reflect.DeepEqual(rows.Values, [][]any{{int64(1), int64(10)}, {int64(2), int64(12)}}) {
		t.Errorf("RETURNING: %q %#v", rows.Columns, rows.Values)
	}
	rows = mustQuery(t, c, "UPDATE "+tb+" SET v = 0 WHERE id = 99")
	if len(rows.Values) != 0 {
		t.Errorf("UPDATE without RETURNING gave rows %#v", rows.Values)
	}
}

// TestRedirect gives the client only followers: writes and consistent
// reads find the leader through rqlite's redirects.
func TestRedirect(t *testing.T) {
	cl := sharedCluster(t)
	leader, err := cl.Leader(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var followers []string
	for i, u := range cl.URLs() {
		if i != leader {
			followers = append(followers, u)
		}
	}
	c, err := Open(context.Background(), strings.Join(followers, ","), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tb := table(t)
	mustExec(t, c, "CREATE TABLE "+tb+"(v)")
	mustExec(t, c, "INSERT INTO "+tb+" VALUES(1)")
	if n := count(t, c, tb); n != 1 {
		t.Errorf("%d rows", n)
	}
	if s := c.Stats(); s.Redirects == 0 {
		t.Errorf("no redirect followed: %+v", s)
	}
}

// TestLevels reads at every consistency level after a write.
func TestLevels(t *testing.T) {
	w := open(t, "")
	tb := table(t)
	mustExec(t, w, "CREATE TABLE "+tb+"(v)")
	mustExec(t, w, "INSERT INTO "+tb+" VALUES(1)")
	for _, l := range []Level{Weak, Linearizable, Strong, Auto, None} {
		c := open(t, "level="+string(l))
		if c.Level() != l {
			t.Errorf("Level() = %q, want %q", c.Level(), l)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			n := count(t, c, tb)
			if n == 1 {
				break
			}
			if l != None || time.Now().After(deadline) {
				t.Errorf("level %s: %d rows", l, n)
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if _, err := Open(context.Background(), "http://x?level=eventual", nil); err == nil {
		t.Error("unknown level accepted")
	}
}

// TestQueryCancel checks that a context deadline ends a long query
// promptly, on the client and (through db_timeout) on the server.
func TestQueryCancel(t *testing.T) {
	c := open(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Query(ctx, "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM s) SELECT count(*) FROM s")
	if err == nil {
		t.Fatal("endless query returned")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cancelled query took %v", d)
	}
	if !errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "timeout") {
		t.Errorf("error %v does not say the deadline passed", err)
	}
	// The server is free again.
	qctx, qcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer qcancel()
	if _, err := c.Query(qctx, "SELECT 1"); err != nil {
		t.Errorf("after cancel: %v", err)
	}
}

// TestWriteCancel cancels writes at random points: each either succeeded
// (its row is there) or failed with the context's error (it is not).
func TestWriteCancel(t *testing.T) {
	c := open(t, "")
	tb := table(t)
	mustExec(t, c, "CREATE TABLE "+tb+"(id INTEGER PRIMARY KEY)")
	var ok, cancelled []int64
	for i := int64(1); i <= 40; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%8)*time.Millisecond)
		_, err := c.Exec(ctx, "INSERT INTO "+tb+"(id) VALUES(?)", i)
		cancel()
		switch {
		case err == nil:
			ok = append(ok, i)
		case errors.Is(err, context.DeadlineExceeded):
			cancelled = append(cancelled, i)
		default:
			t.Fatalf("write %d: %v", i, err)
		}
	}
	for _, id := range ok {
		if !present(t, c, tb, id) {
			t.Errorf("acknowledged write %d missing", id)
		}
	}
	for _, id := range cancelled {
		if present(t, c, tb, id) {
			t.Errorf("write %d failed with the context's error but was applied", id)
		}
	}
	t.Logf("%d applied, %d cancelled; %+v", len(ok), len(cancelled), c.Stats())
}

// TestExpiredRequest sends a write stamped before the bookkeeping
// horizon, as a request delayed beyond Retention would be: the cluster
// refuses it.
func TestExpiredRequest(t *testing.T) {
	ctx := context.Background()
	c := open(t, "retention=1s")
	tb := table(t)
	mustExec(t, c, "CREATE TABLE "+tb+"(v)")
	c.lastPrune.Store(0) // the next write prunes: horizon = now - 1 s
	mustExec(t, c, "INSERT INTO "+tb+" VALUES(1)")
	id := newRequestID()
	id.at -= 5000
	texts := []stmtText{scanSQL("INSERT")}
	req, lay := c.bookkept(id, []Statement{{SQL: "INSERT INTO " + tb + " VALUES(2)"}}, texts)
	body, err := encodeRequest(req)
	if err != nil {
		t.Fatal(err)
	}
	a := c.send(ctx, execEndpoint(true), body)
	if a.outcome != answered {
		t.Fatal(a.err)
	}
	_, _, err = c.writeResults(ctx, a.resp, id, lay, texts)
	if err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("stale request: %v", err)
	}
	if n := count(t, c, tb); n != 1 {
		t.Errorf("%d rows, want 1", n)
	}
	rows := mustQuery(t, c, "SELECT count(*) FROM "+bookTable+" WHERE at < ?", time.Now().Add(-2*time.Second).UnixMilli())
	if rows.Values[0][0] != int64(0) {
		t.Errorf("prune left %v old rows", rows.Values[0][0])
	}
}

func count(t *testing.T, c *Client, tb string) int64 {
	t.Helper()
	return mustQuery(t, c, "SELECT count(*) FROM "+tb).Values[0][0].(int64)
}

func present(t *testing.T, c *Client, tb string, id int64) bool {
	t.Helper()
	return mustQuery(t, c, "SELECT count(*) FROM "+tb+" WHERE id = ?", id).Values[0][0].(int64) == 1
}

// TestStatus reads the server's versions.
func TestStatus(t *testing.T) {
	c := open(t, "")
	info, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.Version != "v8.36.0" || info.SQLiteVersion != "3.46.1" || info.Leader == "" || len(info.CompileOptions) == 0 {
		t.Errorf("%+v", info)
	}
	hasFTS5 := false
	for _, o := range info.CompileOptions {
		hasFTS5 = hasFTS5 || o == "ENABLE_FTS5"
	}
	if !hasFTS5 {
		t.Error("no ENABLE_FTS5")
	}
}

// TestPragmaVacuum runs the statements sent without a transaction.
func TestPragmaVacuum(t *testing.T) {
	c := open(t, "")
	mustExec(t, c, "PRAGMA user_version = 7")
	if rows := mustQuery(t, c, "PRAGMA user_version"); !reflect.DeepEqual(rows.Values, [][]any{{int64(7)}}) {
		t.Errorf("user_version: %#v", rows.Values)
	}
	mustExec(t, c, "VACUUM")
	mustExec(t, c, "CREATE TABLE "+table(t)+"(a)") // a bookkept write: the table exists
	rows := mustQuery(t, c, "PRAGMA table_info("+bookTable+")")
	if len(rows.Values) != 6 || rows.Columns[1] != "name" {
		t.Errorf("table_info: %q %#v", rows.Columns, rows.Values)
	}
}
