package rqlite

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// faultProxy stands in front of the leader's HTTP API and breaks the first
// request carrying each marker "fault-N" in one of these ways:
type fault int

const (
	// dropResponse forwards the request, waits for the leader's answer
	// (the write is committed) and closes the client's connection
	// instead of answering: the client sees EOF.
	dropResponse fault = iota
	// dropRequest closes the connection without forwarding anything.
	dropRequest
	// delayRequest closes the client's connection at once and forwards
	// the request later, after the client has resolved the outcome and
	// written again: a request delivered late.
	delayRequest
	// refuse answers 503 "leader not found" without forwarding.
	refuse
)

type faultProxy struct {
	t      *testing.T
	target string
	mode   fault
	delay  time.Duration
	srv    *httptest.Server

	mu      sync.Mutex
	faulted map[string]bool
	late    []string // bodies of the answers to delayed requests
	wg      sync.WaitGroup
}

var marker = regexp.MustCompile(`fault-\d+`)

func newFaultProxy(t *testing.T, target string, mode fault) *faultProxy {
	p := &faultProxy{t: t, target: target, mode: mode, delay: 1500 * time.Millisecond, faulted: map[string]bool{}}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(func() { p.wg.Wait(); p.srv.Close() })
	return p
}

func (p *faultProxy) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	m := marker.Find(body)
	p.mu.Lock()
	fire := m != nil && !p.faulted[string(m)]
	if fire {
		p.faulted[string(m)] = true
	}
	p.mu.Unlock()
	if !fire {
		p.forward(w, r, body)
		return
	}
	switch p.mode {
	case dropResponse:
		p.forward(httptest.NewRecorder(), r, body)
		p.hangUp(w)
	case dropRequest:
		p.hangUp(w)
	case delayRequest:
		p.hangUp(w)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			time.Sleep(p.delay)
			rec := httptest.NewRecorder()
			p.forward(rec, r, body)
			p.mu.Lock()
			p.late = append(p.late, rec.Body.String())
			p.mu.Unlock()
		}()
	case refuse:
		http.Error(w, "leader not found", http.StatusServiceUnavailable)
	}
}

func (p *faultProxy) hangUp(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		p.t.Error(err)
		return
	}
	conn.Close()
}

func (p *faultProxy) forward(w http.ResponseWriter, r *http.Request, body []byte) {
	req, _ := http.NewRequest(r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	req.Header = r.Header.Clone()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

// TestLostResponses runs ten writes through each fault and checks that
// every Exec returned nil and applied its row exactly once, and that the
// client resolved each lost response as the fault dictates.
func TestLostResponses(t *testing.T) {
	cl := sharedCluster(t)
	leader, err := cl.Leader(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name                string
		mode                fault
		applied, notApplied int64
		lateFenced          bool
	}{
		{name: "dropResponse", mode: dropResponse, applied: 10},
		{name: "dropRequest", mode: dropRequest, notApplied: 10},
		{name: "delayRequest", mode: delayRequest, notApplied: 10, lateFenced: true},
		{name: "refuse", mode: refuse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newFaultProxy(t, cl.Node(leader).URL(), tc.mode)
			c, err := Open(context.Background(), p.srv.URL+","+cl.DSN(""), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			tb := table(t)
			mustExec(t, c, "CREATE TABLE "+tb+"(id INTEGER PRIMARY KEY, v TEXT)")
			for i := 0; i < 10; i++ {
				c.leader.Store(c.cfg.nodes[0]) // through the proxy
				r, err := c.Exec(context.Background(), "INSERT INTO "+tb+"(v) VALUES(?)", "fault-"+string(rune('0'+i)))
				if err != nil {
					t.Fatalf("write %d: %v", i, err)
				}
				if tc.mode == dropResponse && (!r.Recovered || r.RowsAffected != 1 || r.LastInsertID == 0) {
					t.Errorf("write %d: recovered result %+v", i, r)
				}
			}
			p.wg.Wait()
			rows := mustQuery(t, c, "SELECT v, count(*) FROM "+tb+" GROUP BY v HAVING count(*) <> 1")
			if len(rows.Values) != 0 || count(t, c, tb) != 10 {
				t.Errorf("rows applied other than once: %v; %d rows", rows.Values, count(t, c, tb))
			}
			s := c.Stats()
			if s.ResolvedApplied != tc.applied || s.ResolvedNotApplied != tc.notApplied || s.Unresolved != 0 || s.Misclassified != 0 {
				t.Errorf("stats %+v", s)
			}
			if tc.lateFenced {
				if len(p.late) != 10 {
					t.Fatalf("%d late requests delivered", len(p.late))
				}
				for _, body := range p.late {
					if !strings.Contains(body, "UNIQUE constraint failed: "+bookTable+".id") {
						t.Errorf("late request not fenced: %s", body)
					}
				}
			}
			t.Logf("%+v", s)
		})
	}
}
