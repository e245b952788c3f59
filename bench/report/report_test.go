package report

import (
	"bytes"
	"encoding/xml"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/anysqlite/anysqlite/bench/workload"
)

func load(t *testing.T) *Set {
	t.Helper()
	f, err := os.Open("testdata/bench.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := NewSet()
	if err := s.Parse(f, "bench.txt"); err != nil {
		t.Fatal(err)
	}
	return s
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestParse(t *testing.T) {
	s := load(t)
	if got := strings.Join(s.Ops, ","); got != "Get,Insert,Concurrent/readers=2" {
		t.Errorf("ops = %s", got)
	}
	if got := strings.Join(s.Drivers, ","); got != "mattn,ncruces" {
		t.Errorf("drivers = %s", got)
	}
	if s.Procs != 2 || s.Count() != 3 || s.Config["cpu"] != "Test CPU @ 1.00GHz" || s.Config["goos"] != "linux" {
		t.Errorf("procs %d, count %d, config %v", s.Procs, s.Count(), s.Config)
	}
	if got := s.Get(Key{"Get", "mattn", "adapter"}, "ns/op"); len(got) != 3 || got[1] != 1100 {
		t.Errorf("Get adapter ns/op = %v", got)
	}
	if got := s.Get(Key{"Concurrent/readers=2", "mattn", "raw"}, "writes/op"); len(got) != 1 || got[0] != 1 {
		t.Errorf("writes/op = %v", got)
	}
	if s.Has(Key{"Other", "", ""}) {
		t.Error("a benchmark outside the suite was kept")
	}
	if err := NewSet().Parse(strings.NewReader("BenchmarkSQL/Get/driver=a/impl=b-2 10 x ns/op\n"), "bad"); err == nil {
		t.Error("a malformed value was accepted")
	}
}

func TestParseName(t *testing.T) {
	k, ok := ParseName("BenchmarkSQL/Concurrent/readers=8/driver=modernc/impl=prepared")
	if !ok || k != (Key{"Concurrent/readers=8", "modernc", "prepared"}) {
		t.Errorf("ParseName = %+v, %v", k, ok)
	}
	for _, bad := range []string{"BenchmarkSQL/Get", "BenchmarkFoo/Get/driver=a/impl=b", "BenchmarkSQL/driver=a/impl=b/x=y"} {
		if k, ok := ParseName(bad); ok && bad != "BenchmarkSQL/driver=a/impl=b/x=y" {
			t.Errorf("ParseName(%q) = %+v, true", bad, k)
		}
	}
	if name, n := splitProcs("BenchmarkSQL/Get-16"); name != "BenchmarkSQL/Get" || n != 16 {
		t.Errorf("splitProcs = %q, %d", name, n)
	}
}

func TestStats(t *testing.T) {
	s := Summarize([]float64{3, 1, 2, 10})
	if s.Median != 2.5 || s.Min != 1 || s.Max != 10 || s.N != 4 || !near(s.Spread(), 7.5/2.5) {
		t.Errorf("Summarize = %+v, spread %v", s, s.Spread())
	}
	r := PairedRatio([]float64{1000, 1100, 900}, []float64{2000, 2000, 2000, 5})
	if !near(r.Median, 0.5) || !near(r.Min, 0.45) || !near(r.Max, 0.55) || r.N != 3 {
		t.Errorf("PairedRatio = %+v", r)
	}
	m := MedianRatio([]float64{2, 4, 6}, []float64{1, 2})
	if !near(m.Median, 4/1.5) || !near(m.Min, 1) || !near(m.Max, 6) {
		t.Errorf("MedianRatio = %+v", m)
	}
	if g := Geomean([]float64{1, 4, 0}); !near(g, 2) {
		t.Errorf("Geomean = %v", g)
	}
	for in, want := range map[float64]string{12: "12.0 ns", 1234: "1.23 µs", 45_600_000: "45.6 ms", 2.5e9: "2.50 s"} {
		if got := formatNs(in); got != want {
			t.Errorf("formatNs(%v) = %q, want %q", in, got, want)
		}
	}
	if got := formatRatio(r); got != "0.50x (0.45–0.55)" {
		t.Errorf("formatRatio = %q", got)
	}
}

func TestCompare(t *testing.T) {
	s := load(t)
	cs := Compare(s, "mattn")
	if len(cs) != 3 {
		t.Fatalf("%d comparisons", len(cs))
	}
	get, insert, conc := cs[0], cs[1], cs[2]
	if !near(get.VsRaw.Median, 0.5) || !near(get.VsPrepared.Median, 1) || !get.Meets() || get.Stretch != nil {
		t.Errorf("Get: %+v", get)
	}
	// Insert: 1.1x and 1.2x raw, one allocation more than raw.
	if !near(insert.VsRaw.Median, 1.15) || insert.MeetsRaw || insert.MeetsPrepared || !insert.MeetsAllocs {
		t.Errorf("Insert: %+v", insert)
	}
	if got := strings.Join(insert.Misses(), ","); got != "raw,prepared" {
		t.Errorf("Insert misses %s", got)
	}
	// No prepared result: that target holds vacuously.
	if !conc.Meets() || conc.VsPrepared.N != 0 {
		t.Errorf("Concurrent: %+v", conc)
	}
	nc := Compare(s, "ncruces")
	if len(nc) != 1 || nc[0].Stretch == nil || *nc[0].Stretch == false || !near(nc[0].DirectVsRaw.Median, 0.2) {
		t.Errorf("ncruces: %+v", nc)
	}
	if !nc[0].MeetsAllocs || !nc[0].MeetsPrepared {
		t.Errorf("ncruces targets: %+v", nc[0])
	}
}

func TestMarkdownAndSVG(t *testing.T) {
	s := load(t)
	res := workload.NewResults("tiny", workload.ParamsFor(0.01), 2)
	res.Drivers = []workload.Driver{{Name: "mattn"}, {Name: "ncruces"}}
	run := func(ms ...int) []workload.Run {
		var rs []workload.Run
		for _, m := range ms {
			rs = append(rs, workload.Run{Phases: []workload.Phase{{Name: "insert", Time: time.Duration(m) * time.Millisecond}, {Name: "query", Time: time.Millisecond}}})
		}
		return rs
	}
	res.Workloads = []workload.Result{
		{Workload: "simple", Driver: "mattn", Runs: run(9, 11)},
		{Workload: "simple", Driver: "ncruces", Runs: run(19, 21)},
	}
	var md bytes.Buffer
	err := Markdown(&md, Input{Bench: s, Workloads: res, Date: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC),
		GoVersion: "go1.26", BenchTime: "100ms", Chart: "bench.svg", Command: "test"})
	if err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, want := range []string{
		"| date | 2026-01-02 03:04 UTC |",
		"GOMAXPROCS 2",
		"3 repetitions (-count), -benchtime 100ms",
		"**Met on 3 of 4 rows** (mattn 2/3, ncruces 1/1).",
		"Missed: mattn Insert (adapter/raw 1.15x, adapter/prepared 1.15x).",
		"Stretch met on 1 of 1 read rows.",
		"![adapter / idiomatic raw database/sql time, per benchmark and driver](bench.svg)",
		"| Get | 1.00 µs ±10% | 2.00 µs ±0% | 1.00 µs ±0% | 0.50x (0.45–0.55) ✓ | 1.00x (0.90–1.10) ✓ | 400 / 900 / 800 | 10 / 30 / 28 ✓ | ✓ |",
		"| Insert | 11.5 µs ±4% | 10.0 µs ±0% | 10.0 µs ±0% | 1.15x (1.10–1.20) ✗ | 1.15x (1.10–1.20) ✗ |",
		"| Get | 1.50 µs | 3.00 µs | 2.00 µs | 600 ns | 0.50x ✓ | 0.75x ✓ | 0.20x | 2.50x ✗ | 400 / 900 / 800 / 48 | 14 / 32 / 32 / 2 ✓ | ✓; stretch ✓; floor ✗ |",
		"| Get | 1.00 µs ±10% | 1.50x (1.36–1.67) | 1.50x |",
		"| Concurrent/readers=2 | 500 ns | 500 ns | – | 1.00x ✓ | – | 10 / 10 / – |",
		"| 11.0 ms (10.0 ms–12.0 ms) | 21.0 ms (20.0 ms–22.0 ms) | 1.91x |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}

	var svg bytes.Buffer
	if err := SVG(&svg, s); err != nil {
		t.Fatal(err)
	}
	// Well-formed XML with one bar per benchmark and driver that has both
	// an adapter and a raw result.
	if err := xml.Unmarshal(svg.Bytes(), new(struct{})); err != nil {
		t.Errorf("SVG is not well-formed: %v", err)
	}
	if n := strings.Count(svg.String(), "<rect x=\"190.0\""); n != 4 {
		t.Errorf("%d bars, want 4", n)
	}
}

// The floor of each driver (floor if it ran, else direct) and the peer
// libraries: their columns, the distance table and the floor targets.
func TestFloors(t *testing.T) {
	f, err := os.Open("testdata/floors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := NewSet()
	if err := s.Parse(f, "floors.txt"); err != nil {
		t.Fatal(err)
	}
	mattn := Compare(s, "mattn")
	if len(mattn) != 3 || mattn[0].Floor != "floor" || !near(mattn[0].VsFloor.Median, 1.2) || mattn[0].MeetsFloor == nil || !*mattn[0].MeetsFloor {
		t.Errorf("mattn Get: %+v", mattn[0])
	}
	if mattn[1].MeetsFloor == nil || *mattn[1].MeetsFloor || mattn[2].MeetsFloor != nil {
		t.Errorf("mattn Insert %v, AllRows100 %v: want a missed target and none", mattn[1].MeetsFloor, mattn[2].MeetsFloor)
	}
	modernc := Compare(s, "modernc")
	get := modernc[0]
	if get.Floor != "direct" || !near(get.VsFloor.Median, 1.25) || strings.Join(get.Peers, ",") != "zombiezen" ||
		!near(get.VsPeer["zombiezen"].Median, 2000.0/2200) || get.MeetsPeers == nil || !*get.MeetsPeers {
		t.Errorf("modernc Get: %+v", get)
	}
	var md bytes.Buffer
	if err := Markdown(&md, Input{Bench: s, Date: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), GoVersion: "go1.26", Command: "test"}); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, want := range []string{
		"in ./bench and ./bench/modernc:",
		"**Floor targets:** on Get, AllStructs100, Insert, the adapter's time ≤ 1.30x a C loop (floor) on mattn, ≤ 1.30x its direct implementation on modernc, " +
			"and ≤ 1.00x the peer library on the same driver (modernc zombiezen). **Met on 3 of 6.** " +
			"Missed: mattn Insert (adapter/floor 1.38x); modernc AllStructs100 (adapter/floor 1.67x); modernc AllStructs100 (adapter/zombiezen 1.11x).",
		"| benchmark | mattn adapter/floor | modernc adapter/direct | modernc adapter/zombiezen |",
		"| Get | 1.20x ✓ | 1.25x ✓ | 0.91x ✓ |",
		"| AllRows100 | – | – | – |",
		"| benchmark | adapter | raw | prepared | direct | zombiezen | adapter/raw | adapter/prepared | direct/raw | adapter/zombiezen | adapter/floor | B/op | allocs/op | targets |",
		"| AllStructs100 | 50.0 µs | 60.0 µs | 55.0 µs | 30.0 µs | 45.0 µs | 0.83x ✓ | 0.91x ✓ | 0.50x | 1.11x ✗ | 1.67x ✗ | 29000 / 35000 / 35000 / 23000 / 24000 |",
		"| Get | 1.20 µs | 2.60 µs | 1.40 µs | 1.00 µs | 0.46x ✓ | 0.86x ✓ | 1.20x ✓ | 400 / 900 / 800 / 0 | 10 / 30 / 28 / 0 ✓ | ✓; floor ✓ |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}
