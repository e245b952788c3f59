package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/anysqlite/anysqlite/conformance"
)

// progress receives each case twice: when it starts (empty Status) and
// with its result.
type progress interface {
	update(conformance.Result)
	done()
}

// jsonEvents writes test2json-style events: run, output, pass/fail/skip.
type jsonEvents struct {
	w      io.Writer
	failed bool
}

type event struct {
	Action  string
	Test    string  `json:",omitempty"`
	Elapsed float64 `json:",omitempty"`
	Output  string  `json:",omitempty"`
}

func (j *jsonEvents) emit(e event) {
	b, _ := json.Marshal(e)
	j.w.Write(append(b, '\n'))
}

func (j *jsonEvents) update(r conformance.Result) {
	if r.Status == "" {
		j.emit(event{Action: "run", Test: r.Name()})
		return
	}
	if r.Detail != "" {
		j.emit(event{Action: "output", Test: r.Name(), Output: r.Detail + "\n"})
	}
	j.failed = j.failed || r.Status == conformance.Fail && !r.Known
	j.emit(event{Action: string(r.Status), Test: r.Name(), Elapsed: r.Elapsed.Seconds()})
}

func (j *jsonEvents) done() {
	action := "pass"
	if j.failed {
		action = "fail"
	}
	j.emit(event{Action: action})
}

// textProgress keeps a live line per driver on a terminal, and prints plain
// lines otherwise. Failures are always printed in full.
type textProgress struct {
	w       io.Writer
	live    bool
	verbose bool
	driver  string
	counts  map[conformance.Status]int
}

func newTextProgress(w io.Writer, verbose bool) *textProgress {
	live := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			live = true
		}
	}
	return &textProgress{w: w, live: live, verbose: verbose}
}

func (p *textProgress) update(r conformance.Result) {
	if r.Driver != p.driver {
		p.endDriver()
		p.driver, p.counts = r.Driver, map[conformance.Status]int{}
	}
	if r.Status == "" {
		if p.live {
			fmt.Fprintf(p.w, "\r\033[K%-8s %s  %s/%s", p.driver, p.tally(), r.Category, r.Case)
		}
		return
	}
	p.counts[r.Status]++
	switch {
	case r.Status == conformance.Fail:
		p.clearLine()
		fmt.Fprintf(p.w, "--- FAIL: %s\n    %s\n", r.Name(), strings.ReplaceAll(r.Detail, "\n", "\n    "))
	case p.verbose:
		p.clearLine()
		word := map[conformance.Status]string{conformance.Pass: "PASS", conformance.Unsupported: "UNSUPPORTED"}[r.Status]
		fmt.Fprintf(p.w, "--- %s: %s (%.2fs)", word, r.Name(), r.Elapsed.Seconds())
		if r.Detail != "" {
			fmt.Fprintf(p.w, ": %s", r.Detail)
		}
		if r.Note != "" {
			fmt.Fprintf(p.w, " [%s]", r.Note)
		}
		fmt.Fprintln(p.w)
	}
}

func (p *textProgress) tally() string {
	return fmt.Sprintf("✅%d ❌%d ➖%d", p.counts[conformance.Pass], p.counts[conformance.Fail], p.counts[conformance.Unsupported])
}

func (p *textProgress) clearLine() {
	if p.live {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func (p *textProgress) endDriver() {
	if p.driver == "" {
		return
	}
	p.clearLine()
	fmt.Fprintf(p.w, "%-8s %d passed, %d failed, %d unsupported\n", p.driver,
		p.counts[conformance.Pass], p.counts[conformance.Fail], p.counts[conformance.Unsupported])
}

func (p *textProgress) done() { p.endDriver(); p.driver = "" }
