package report

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/anysqlite/anysqlite/bench/workload"
)

// Stat summarizes repeated measurements: their median and range.
type Stat struct {
	Median, Min, Max float64
	N                int
}

// Summarize returns the median, minimum and maximum of vs (N 0 if empty).
func Summarize(vs []float64) Stat {
	if len(vs) == 0 {
		return Stat{}
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Stat{Median: m, Min: s[0], Max: s[len(s)-1], N: len(s)}
}

// Spread is the largest distance from the median to the minimum or the
// maximum, as a fraction of the median (benchstat's "± x%" before it used
// confidence intervals).
func (s Stat) Spread() float64 {
	if s.N == 0 || s.Median == 0 {
		return 0
	}
	return math.Max(s.Max-s.Median, s.Median-s.Min) / s.Median
}

// PairedRatio returns the statistics of num[i]/den[i]: repetition i of one
// benchmark against repetition i of the other. With -count, go test runs
// the whole suite once per repetition, so the two members of a pair ran
// seconds apart and share whatever else the machine was doing then; the
// ratios vary less than the times. Unpaired values (one side ran more
// often) are left out.
func PairedRatio(num, den []float64) Stat {
	n := min(len(num), len(den))
	rs := make([]float64, 0, n)
	for i := range n {
		if den[i] > 0 {
			rs = append(rs, num[i]/den[i])
		}
	}
	return Summarize(rs)
}

// MedianRatio returns the ratio of the medians of num and den, with the
// range from the smallest to the largest ratio of any two of their values
// (N is the number of such pairs): for results that did not run side by
// side (different test binaries).
func MedianRatio(num, den []float64) Stat {
	a, b := Summarize(num), Summarize(den)
	if a.N == 0 || b.N == 0 || b.Median == 0 || b.Min == 0 {
		return Stat{}
	}
	return Stat{Median: a.Median / b.Median, Min: a.Min / b.Max, Max: a.Max / b.Min, N: a.N * b.N}
}

// Geomean returns the geometric mean of the positive xs (0 if none).
func Geomean(xs []float64) float64 {
	var sum float64
	n := 0
	for _, x := range xs {
		if x > 0 {
			sum += math.Log(x)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return math.Exp(sum / float64(n))
}

// formatNs formats a time in nanoseconds with three significant digits in
// the unit that suits it.
func formatNs(ns float64) string {
	switch {
	case ns < 1e3:
		return sig3(ns) + " ns"
	case ns < 1e6:
		return sig3(ns/1e3) + " µs"
	case ns < 1e9:
		return sig3(ns/1e6) + " ms"
	}
	return sig3(ns/1e9) + " s"
}

// FormatDuration formats d like the report does: "1.23 ms".
func FormatDuration(d time.Duration) string { return formatNs(float64(d)) }

// sig3 formats v (>= 0) with about three significant digits, without an
// exponent.
func sig3(v float64) string {
	switch {
	case v < 10:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case v < 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// formatRatio formats a ratio as "0.97x", and its range when there are
// several repetitions: "0.97x (0.93–1.02)".
func formatRatio(s Stat) string {
	if s.N == 0 {
		return "–"
	}
	r := strconv.FormatFloat(s.Median, 'f', 2, 64) + "x"
	if s.N > 1 {
		r += " (" + strconv.FormatFloat(s.Min, 'f', 2, 64) + "–" + strconv.FormatFloat(s.Max, 'f', 2, 64) + ")"
	}
	return r
}

// formatTime formats a time's median and spread: "12.3 µs ±4%".
func formatTime(s Stat) string {
	if s.N == 0 {
		return "–"
	}
	t := formatNs(s.Median)
	if s.N > 1 {
		t += " ±" + strconv.FormatFloat(100*s.Spread(), 'f', 0, 64) + "%"
	}
	return t
}

// formatCount formats the median of a count (bytes, allocations).
func formatCount(s Stat) string {
	if s.N == 0 {
		return "–"
	}
	return strconv.FormatFloat(s.Median, 'f', 0, 64)
}

// MedianRun returns the run with the median total time (the faster of the
// two middle ones for an even count), or a zero Run if there are none.
func MedianRun(runs []workload.Run) workload.Run {
	if len(runs) == 0 {
		return workload.Run{}
	}
	s := slices.Clone(runs)
	slices.SortStableFunc(s, func(a, b workload.Run) int { return cmp.Compare(a.Total(), b.Total()) })
	return s[(len(s)-1)/2]
}
