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

// FloorTargets are the most the adapter's time may be over its floor's, by
// driver (issue 16), on the operations of FloorOps: mattn against a C loop
// on its own SQLite build, ncruces against its direct API, modernc against
// its transpiled SQLite called directly.
var FloorTargets = map[string]float64{"mattn": 1.3, "ncruces": 1.15, "modernc": 1.3}

// FloorOps are the operations the floor and peer targets apply to: a point
// read, a page of 100 rows into structs, one insert.
var FloorOps = []string{"Get", "AllStructs100", "Insert"}

// TargetPeer is the most the adapter's time may be over a peer library's
// on the same SQLite build (zombiezen.com/go/sqlite on modernc's), on the
// operations of FloorOps.
const TargetPeer = 1.00

// Implementation names, as in package bench/suite.
const (
	implAdapter  = "adapter"
	implRaw      = "raw"
	implPrepared = "prepared"
	implDirect   = "direct"
	implFloor    = "floor"
)

// knownImpls are the implementations of the suite, in its order; any
// other is a peer library, listed after direct and before floor.
var knownImpls = []string{implAdapter, implRaw, implPrepared, implDirect, implFloor}

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

	// Floor is the implementation that is the driver's floor: floor (a C
	// loop) if it ran, else direct, else "".
	Floor string
	// VsFloor is the adapter's time over the floor's: the distance to
	// the floor.
	VsFloor Stat
	// FloorTarget is the most VsFloor may be (FloorTargets), 0 where no
	// target applies; MeetsFloor is set where one does.
	FloorTarget float64
	MeetsFloor  *bool
	// Peers are the peer libraries that ran, VsPeer the adapter's time
	// over each one's, and MeetsPeers whether it is at most TargetPeer
	// for all of them, set on FloorOps.
	Peers      []string
	VsPeer     map[string]Stat
	MeetsPeers *bool

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
		c := Comparison{Op: op, Driver: driver, Time: map[string]Stat{}, Bytes: map[string]Stat{}, Allocs: map[string]Stat{},
			VsPeer: map[string]Stat{}}
		for _, impl := range implOrder(s.Impls) {
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
		c.compareFloor(s, k(implAdapter))
		cs = append(cs, c)
	}
	return cs
}

// implOrder returns impls in the suite's order: knownImpls, with the
// peers (the others, in the order given) before floor.
func implOrder(impls []string) []string {
	out := slices.Clone(knownImpls[:4])
	for _, impl := range impls {
		if !slices.Contains(knownImpls, impl) {
			out = append(out, impl)
		}
	}
	return append(out, implFloor)
}

// isPeer reports whether impl is a peer library rather than one of the
// suite's implementations.
func isPeer(impl string) bool { return !slices.Contains(knownImpls, impl) }

// compareFloor sets c's floor and peer comparisons; adapter is the key of
// its adapter result.
func (c *Comparison) compareFloor(s *Set, adapter Key) {
	adapterTime := s.Get(adapter, unitTime)
	targeted := slices.Contains(FloorOps, c.Op)
	for _, impl := range c.Impls {
		k := Key{c.Op, c.Driver, impl}
		switch {
		case impl == implFloor || impl == implDirect && c.Floor == "":
			c.Floor = impl
			c.VsFloor = PairedRatio(adapterTime, s.Get(k, unitTime))
		case isPeer(impl):
			c.Peers = append(c.Peers, impl)
			c.VsPeer[impl] = PairedRatio(adapterTime, s.Get(k, unitTime))
		}
	}
	if t, ok := FloorTargets[c.Driver]; ok && targeted && c.VsFloor.N > 0 {
		c.FloorTarget = t
		ok := c.VsFloor.Median <= t
		c.MeetsFloor = &ok
	}
	if targeted && len(c.Peers) > 0 {
		ok := true
		for _, p := range c.Peers {
			ok = ok && c.VsPeer[p].N > 0 && c.VsPeer[p].Median <= TargetPeer
		}
		c.MeetsPeers = &ok
	}
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
