package report

import (
	"slices"
	"strings"
)

// The targets of the adapter (issue 6).
const (
	TargetRaw      = 1.00 // adapter time / idiomatic raw database/sql time, at most
	TargetPrepared = 1.05 // adapter time / hand-prepared database/sql time, at most
	TargetAllocs   = 1    // adapter allocs/op - raw allocs/op, at most
	StretchDirect  = 1.2  // raw time / adapter time on the read paths of a driver with a direct API, at least
)

// Implementation names, as in package bench/suite.
const (
	implAdapter  = "adapter"
	implRaw      = "raw"
	implPrepared = "prepared"
	implDirect   = "direct"
)

// Units of the benchmark results.
const (
	unitTime   = "ns/op"
	unitBytes  = "B/op"
	unitAllocs = "allocs/op"
)

// Comparison is one benchmark of one driver: each implementation's
// results and the adapter's ratios to the others.
type Comparison struct {
	Op, Driver string
	Impls      []string        // the implementations that ran, in suite order
	Time       map[string]Stat // ns/op by implementation
	Bytes      map[string]Stat // B/op by implementation
	Allocs     map[string]Stat // allocs/op by implementation

	VsRaw       Stat // adapter / raw time, paired by repetition
	VsPrepared  Stat // adapter / prepared time
	DirectVsRaw Stat // direct / raw time (N 0 without a direct implementation)

	MeetsRaw, MeetsPrepared, MeetsAllocs bool
	// Stretch is whether the adapter is StretchDirect times faster than
	// raw; set only on read paths of drivers with a direct implementation.
	Stretch *bool
}

// Meets reports whether c meets all three targets.
func (c Comparison) Meets() bool { return c.MeetsRaw && c.MeetsPrepared && c.MeetsAllocs }

// Misses lists the targets c misses: "raw", "prepared", "allocs".
func (c Comparison) Misses() []string {
	var m []string
	for _, t := range []struct {
		name string
		ok   bool
	}{{"raw", c.MeetsRaw}, {"prepared", c.MeetsPrepared}, {"allocs", c.MeetsAllocs}} {
		if !t.ok {
			m = append(m, t.name)
		}
	}
	return m
}

// isRead reports whether an operation only reads (the stretch target's
// "read paths"): every operation but the inserts.
func isRead(op string) bool { return !strings.HasPrefix(op, "Insert") }

// Compare returns the comparisons of driver's benchmarks in s that have
// both an adapter and a raw result, in the order of s.Ops.
func Compare(s *Set, driver string) []Comparison {
	var cs []Comparison
	for _, op := range s.Ops {
		k := func(impl string) Key { return Key{op, driver, impl} }
		if !s.Has(k(implAdapter)) || !s.Has(k(implRaw)) {
			continue
		}
		c := Comparison{Op: op, Driver: driver, Time: map[string]Stat{}, Bytes: map[string]Stat{}, Allocs: map[string]Stat{}}
		for _, impl := range []string{implAdapter, implRaw, implPrepared, implDirect} {
			if !s.Has(k(impl)) {
				continue
			}
			c.Impls = append(c.Impls, impl)
			c.Time[impl] = Summarize(s.Get(k(impl), unitTime))
			c.Bytes[impl] = Summarize(s.Get(k(impl), unitBytes))
			c.Allocs[impl] = Summarize(s.Get(k(impl), unitAllocs))
		}
		adapterTime := s.Get(k(implAdapter), unitTime)
		c.VsRaw = PairedRatio(adapterTime, s.Get(k(implRaw), unitTime))
		c.MeetsRaw = c.VsRaw.N > 0 && c.VsRaw.Median <= TargetRaw
		if s.Has(k(implPrepared)) {
			c.VsPrepared = PairedRatio(adapterTime, s.Get(k(implPrepared), unitTime))
			c.MeetsPrepared = c.VsPrepared.N > 0 && c.VsPrepared.Median <= TargetPrepared
		} else {
			c.MeetsPrepared = true // nothing to compare with
		}
		if a, r := c.Allocs[implAdapter], c.Allocs[implRaw]; a.N > 0 && r.N > 0 {
			c.MeetsAllocs = a.Median <= r.Median+TargetAllocs
		}
		if s.Has(k(implDirect)) {
			c.DirectVsRaw = PairedRatio(s.Get(k(implDirect), unitTime), s.Get(k(implRaw), unitTime))
			if isRead(op) && c.VsRaw.N > 0 {
				ok := c.VsRaw.Median > 0 && 1/c.VsRaw.Median >= StretchDirect
				c.Stretch = &ok
			}
		}
		cs = append(cs, c)
	}
	return cs
}

// hasImpl reports whether any comparison ran impl.
func hasImpl(cs []Comparison, impl string) bool {
	return slices.ContainsFunc(cs, func(c Comparison) bool { return slices.Contains(c.Impls, impl) })
}

// geomeanOf returns the geometric mean of f over cs.
func geomeanOf(cs []Comparison, f func(Comparison) Stat) float64 {
	var xs []float64
	for _, c := range cs {
		if s := f(c); s.N > 0 {
			xs = append(xs, s.Median)
		}
	}
	return Geomean(xs)
}
