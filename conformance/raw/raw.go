// Package raw probes what each SQLite driver does when used directly through
// database/sql, without the adapter: its defaults, its DSN dialect, the Go
// values it returns and accepts, how it treats several statements in one
// string, argument counts, results, contexts and transaction options. The
// answers fill the second table of the compatibility matrix, beside what
// the adapter does about each difference ([Probe.Adapter]).
//
// The package holds the probe catalogue ([Probes]) and the runner
// ([Observe]) and imports no driver. The drivers come from elsewhere:
//
//   - package conformance/raw/native supplies mattn (cgo) and modernc;
//   - the program conformance/raw/ncrucesprobe supplies ncruces and prints
//     its observations as JSON; [ObserveNcruces] builds and runs it, and
//     [ObserveBinary] runs a copy built earlier (for example for another
//     platform).
//
// ncruces needs a process of its own because both mattn's package and
// github.com/ncruces/go-sqlite3/driver register themselves with
// sql.Register("sqlite3") in their init functions: linking both into one
// binary panics at start-up ("sql: Register called twice for driver
// sqlite3"). The adapter avoids the clash by building on ncruces' root
// package; the raw probes must use the driver package, exactly as an
// application would.
package raw

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"
)

// Driver is a raw driver used through database/sql exactly as its own
// documentation says.
type Driver struct {
	// Name is "mattn", "modernc" or "ncruces".
	Name string
	// Open opens the database file at path with dsnParams, the query
	// parameters in this driver's own DSN dialect ("" = none), building the
	// DSN the way the driver documents (Dialect.DSN).
	Open func(path string, dsnParams string) (*sql.DB, error)
	// OpenDSN opens a data source name written out in full, for probes
	// about the DSN syntax itself.
	OpenDSN func(dsn string) (*sql.DB, error)
	// Dialect says things in this driver's DSN, so that probes can be
	// written once for every driver.
	Dialect Dialect
	// Unavailable is empty when the driver works in this build; otherwise
	// it says why not, for example "requires cgo", and Open fails with an
	// error wrapping ErrUnavailable.
	Unavailable string
}

// Dialect is how a driver's DSN expresses the settings the probes need.
type Dialect struct {
	// DSN builds the data source name for path with params, as the
	// driver documents it (a plain file name followed by ?params, or a
	// file: URI).
	DSN func(path, params string) string
	// Pragma returns the DSN parameter that runs PRAGMA name = value on
	// every new connection, in the driver's documented way, or "" if the
	// driver's DSN cannot set that pragma.
	Pragma func(name, value string) string
	// TxLock returns the DSN parameter that makes Begin start
	// transactions with BEGIN mode ("deferred", "immediate" or
	// "exclusive"), or "" if the driver has none.
	TxLock func(mode string) string
}

// Params joins DSN parameters with "&", skipping empty ones.
func Params(params ...string) string {
	var keep []string
	for _, p := range params {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, "&")
}

// ErrUnavailable is wrapped by the error Driver.Open returns for a driver
// that cannot work in this build.
var ErrUnavailable = errors.New("driver unavailable")

// Probe asks every driver one question.
type Probe struct {
	// Name is CamelCase and unique, e.g. "DefaultBusyTimeout".
	Name string
	// Question is what is asked, in one line, e.g. "PRAGMA busy_timeout on
	// a new connection".
	Question string
	// Adapter is what the adapter does about it, in one line, e.g. "sets
	// 5000 ms on every connection".
	Adapter string
	// Through is set while the adapter does not make the drivers answer
	// alike: what each driver, by name, does through the adapter, in the
	// words of an answer ("refused: ..." for an error). The matrix then
	// lists the pairs it still tells apart, classified by Switch, instead
	// of claiming one behaviour; the adapter checks verify each.
	Through map[string]string
	// Switch says what a difference between two drivers' answers means to
	// a project that moves from one to the other (the matrix's "What
	// changes if I switch"); nil for a probe whose answers differ without
	// being behaviour (the SQLite version).
	Switch Switching
	// Run asks the question of driver d, with dir as a fresh private
	// directory for database files, and returns a short answer that is
	// the same on every run and every machine: no timings, paths or
	// addresses. An error means the probe itself could not run; behaviour
	// under test that is an error is part of the answer instead, as
	// "refused: <message>", and a driver panic as "panics: <value>".
	Run func(ctx context.Context, d Driver, dir string) (answer string, err error)
}

// Observation is one driver's answer to one probe.
type Observation struct {
	Driver string `json:"driver"` // Driver.Name
	Probe  string `json:"probe"`  // Probe.Name
	// Answer is the probe's answer; "error: ..." if the probe failed to
	// run, "unavailable: ..." if the driver does not work in this build.
	Answer string `json:"answer"`
}

// ProbeTimeout bounds one probe run by Observe. A probe still running then
// is abandoned (its goroutine may leak) and reported as an error.
const ProbeTimeout = 2 * time.Minute

// Observe runs every probe on d, each in a fresh temporary directory
// removed afterwards, and returns the answers in [Probes] order. A driver
// that is unavailable in this build answers "unavailable: <reason>" to
// every probe.
func Observe(ctx context.Context, d Driver) []Observation {
	probes := Probes()
	obs := make([]Observation, 0, len(probes))
	for _, p := range probes {
		obs = append(obs, Observation{Driver: d.Name, Probe: p.Name, Answer: observeOne(ctx, d, p)})
	}
	return obs
}

func observeOne(ctx context.Context, d Driver, p Probe) string {
	if d.Unavailable != "" {
		return "unavailable: " + d.Unavailable
	}
	dir, err := os.MkdirTemp("", "rawprobe-*")
	if err != nil {
		return "error: " + err.Error()
	}
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	type result struct {
		answer string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- result{err: fmt.Errorf("panic: %v", v)}
			}
		}()
		a, err := p.Run(ctx, d, dir)
		done <- result{a, err}
	}()
	var r result
	select {
	case r = <-done:
		os.RemoveAll(dir)
	case <-ctx.Done():
		// The probe is stuck; leave it (and its directory) behind.
		return "error: probe did not finish: " + ctx.Err().Error()
	}
	if r.err != nil {
		if errors.Is(r.err, ErrUnavailable) {
			return "unavailable: " + clean(r.err.Error(), dir)
		}
		return "error: " + clean(r.err.Error(), dir)
	}
	return clean(r.answer, dir)
}

var (
	hexAddr = regexp.MustCompile(`0x[0-9a-fA-F]{6,}`)
	spaces  = regexp.MustCompile(`\s+`)
)

// clean makes text stable: no directory, addresses or line breaks.
func clean(s, dir string) string {
	if dir != "" {
		s = strings.ReplaceAll(s, dir, "<dir>")
	}
	s = hexAddr.ReplaceAllString(s, "0x…")
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}
