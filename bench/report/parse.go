// Package report turns benchmark results into docs/bench.md and
// docs/bench.svg: the output of `go test -bench` on packages bench,
// bench/ncruces and bench/modernc (benchmarks named
// OPERATION/driver=NAME/impl=IMPL, as
// package bench/suite names them), run with -count repetitions, and the
// workload results of cmd/sqlbench.
//
// It parses the standard benchmark line format
// (https://go.googlesource.com/proposal/+/master/design/14313-benchmark-format.md)
// itself, to stay free of dependencies beyond the standard library.
package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Key identifies one benchmark of the suite.
type Key struct {
	Op     string // operation: "Get", "Concurrent/readers=4"
	Driver string // "mattn", "modernc", "ncruces"
	Impl   string // "adapter", "raw", "prepared", "direct"
}

// Set is the parsed output of one or more `go test -bench` runs.
type Set struct {
	// Config holds the key: value lines (goos, goarch, cpu, pkg); a key
	// seen with several values keeps them joined by ", ".
	Config map[string]string
	// Procs is the GOMAXPROCS suffix of the benchmark names (0 if none).
	Procs int
	// Ops, Drivers and Impls are in the order first seen.
	Ops, Drivers, Impls []string
	// Values holds each benchmark's values by unit ("ns/op", "B/op",
	// "allocs/op", ...), one per repetition, in the order run.
	Values map[Key]map[string][]float64
}

// NewSet returns an empty Set.
func NewSet() *Set {
	return &Set{Config: map[string]string{}, Values: map[Key]map[string][]float64{}}
}

// Get returns the values of k in unit.
func (s *Set) Get(k Key, unit string) []float64 { return s.Values[k][unit] }

// Has reports whether benchmark k was seen.
func (s *Set) Has(k Key) bool { return s.Values[k] != nil }

// Count is the largest number of repetitions of any benchmark.
func (s *Set) Count() int {
	n := 0
	for _, units := range s.Values {
		n = max(n, len(units["ns/op"]))
	}
	return n
}

// Parse reads `go test -bench` output from r into s. Lines that are
// neither configuration nor results of a suite benchmark (PASS, ok, log
// output, other benchmarks) are skipped; a malformed result line of a
// suite benchmark is an error.
func (s *Set) Parse(r io.Reader, name string) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if err := s.parseLine(text); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	return sc.Err()
}

func (s *Set) parseLine(line string) error {
	if !strings.HasPrefix(line, "Benchmark") {
		// Configuration: a lower-case key, a colon, a value.
		key, val, ok := strings.Cut(line, ":")
		if ok && key != "" && !strings.ContainsAny(key, " \t") && strings.ToLower(key[:1]) == key[:1] {
			val = strings.TrimSpace(val)
			if old, seen := s.Config[key]; seen && old != val && !strings.Contains(", "+old+", ", ", "+val+", ") {
				val = old + ", " + val
			}
			s.Config[key] = val
		}
		return nil
	}
	f := strings.Fields(line)
	if len(f) < 4 || len(f)%2 != 0 {
		return nil // a name printed alone, before log output, or not a result
	}
	if _, err := strconv.Atoi(f[1]); err != nil {
		return nil
	}
	name, procs := splitProcs(f[0])
	k, ok := ParseName(name)
	if !ok {
		return nil
	}
	if procs > 0 {
		s.Procs = procs
	}
	units := s.Values[k]
	if units == nil {
		units = map[string][]float64{}
		s.Values[k] = units
		addOnce(&s.Ops, k.Op)
		addOnce(&s.Drivers, k.Driver)
		addOnce(&s.Impls, k.Impl)
	}
	for i := 2; i < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return fmt.Errorf("benchmark %s: value %q: %w", f[0], f[i], err)
		}
		units[f[i+1]] = append(units[f[i+1]], v)
	}
	return nil
}

func addOnce(list *[]string, s string) {
	for _, x := range *list {
		if x == s {
			return
		}
	}
	*list = append(*list, s)
}

// splitProcs splits the -GOMAXPROCS suffix off a benchmark name.
func splitProcs(name string) (string, int) {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return name, 0
	}
	n, err := strconv.Atoi(name[i+1:])
	if err != nil || n <= 0 {
		return name, 0
	}
	return name[:i], n
}

// ParseName reads a suite benchmark name without its -GOMAXPROCS suffix,
// BenchmarkSQL/OPERATION/driver=NAME/impl=IMPL, where OPERATION may have
// several parts. ok is false for any other name.
func ParseName(name string) (k Key, ok bool) {
	parts := strings.Split(name, "/")
	if len(parts) < 4 || parts[0] != "BenchmarkSQL" {
		return Key{}, false
	}
	var op []string
	for _, p := range parts[1:] {
		switch {
		case strings.HasPrefix(p, "driver="):
			k.Driver = strings.TrimPrefix(p, "driver=")
		case strings.HasPrefix(p, "impl="):
			k.Impl = strings.TrimPrefix(p, "impl=")
		default:
			op = append(op, p)
		}
	}
	k.Op = strings.Join(op, "/")
	return k, k.Op != "" && k.Driver != "" && k.Impl != ""
}
