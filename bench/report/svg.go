package report

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"math"
)

// driverColors are the bar colours of the chart, by driver; other drivers
// get fallbackColor.
var driverColors = map[string]string{"mattn": "#4e79a7", "modernc": "#f28e2b", "ncruces": "#59a14f"}

const fallbackColor = "#9c755f"

// Chart layout, in SVG user units.
const (
	chartWidth  = 760.0
	labelWidth  = 190.0 // benchmark names, left of the plot
	plotLeft    = labelWidth
	plotRight   = chartWidth - 70 // room for the value labels
	barHeight   = 11.0
	barGap      = 3.0
	groupGap    = 10.0
	chartTop    = 56.0 // title and legend above
	axisHeight  = 30.0 // tick labels below
	chartMaxCap = 3.0  // ratios beyond this are clipped (and labelled)
)

// SVG writes a horizontal bar chart of the adapter's time over idiomatic
// raw database/sql time for every benchmark (rows) and driver (bars), with
// the range over the repetitions as whiskers and a line at 1.00x.
func SVG(w io.Writer, s *Set) error {
	type bar struct {
		driver string
		ratio  Stat
	}
	type group struct {
		op   string
		bars []bar
	}
	var groups []group
	xmax := 1.5
	for _, op := range s.Ops {
		g := group{op: op}
		for _, d := range s.Drivers {
			r := PairedRatio(s.Get(Key{op, d, implAdapter}, unitTime), s.Get(Key{op, d, implRaw}, unitTime))
			if r.N == 0 {
				continue
			}
			g.bars = append(g.bars, bar{d, r})
			xmax = math.Max(xmax, math.Min(r.Max, chartMaxCap))
		}
		if len(g.bars) > 0 {
			groups = append(groups, g)
		}
	}
	xmax = math.Ceil(xmax*4) / 4
	x := func(v float64) float64 { return plotLeft + (plotRight-plotLeft)*math.Min(v, xmax)/xmax }

	height := chartTop + axisHeight + 10
	for _, g := range groups {
		height += float64(len(g.bars))*(barHeight+barGap) + groupGap
	}
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="11">`+"\n",
		chartWidth, height, chartWidth, height)
	p(`<rect width="100%%" height="100%%" fill="#fff"/>` + "\n")
	p(`<text x="%.0f" y="18" font-size="14" font-weight="bold">adapter time / idiomatic raw database/sql time (lower is better)</text>`+"\n", 10.0)
	// Legend.
	lx := 10.0
	for _, d := range s.Drivers {
		p(`<rect x="%.0f" y="30" width="12" height="12" fill="%s"/><text x="%.0f" y="40">%s</text>`+"\n",
			lx, color(d), lx+16, html.EscapeString(d))
		lx += 30 + 7*float64(len(d))
	}
	p(`<text x="%.0f" y="40" fill="#555">whiskers: fastest–slowest repetition</text>`+"\n", lx+10)

	plotBottom := height - axisHeight
	// Grid and axis.
	for v := 0.0; v <= xmax+1e-9; v += 0.25 {
		stroke, dash := "#ddd", ""
		if math.Abs(v-1) < 1e-9 {
			stroke, dash = "#c00", ` stroke-dasharray="4 3"`
		}
		p(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="%s"%s/>`+"\n", x(v), chartTop-4, x(v), plotBottom, stroke, dash)
		if math.Mod(v, 0.5) < 1e-9 || math.Abs(v-1) < 1e-9 {
			p(`<text x="%.1f" y="%.0f" text-anchor="middle">%.2fx</text>`+"\n", x(v), plotBottom+14, v)
		}
	}
	p(`<text x="%.1f" y="%.0f" text-anchor="middle" fill="#c00">raw database/sql</text>`+"\n", x(1), plotBottom+26)

	y := chartTop
	for _, g := range groups {
		gh := float64(len(g.bars))*(barHeight+barGap) - barGap
		p(`<text x="%.0f" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`+"\n",
			labelWidth-8, y+gh/2, html.EscapeString(g.op))
		for _, br := range g.bars {
			r := br.ratio
			p(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.0f" fill="%s"><title>%s %s: %s</title></rect>`+"\n",
				plotLeft, y, x(r.Median)-plotLeft, barHeight, color(br.driver),
				html.EscapeString(g.op), html.EscapeString(br.driver), formatRatio(r))
			if r.N > 1 {
				cy := y + barHeight/2
				p(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333"/>`, x(r.Min), cy, x(r.Max), cy)
				p(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333"/>`, x(r.Min), cy-3, x(r.Min), cy+3)
				p(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333"/>`+"\n", x(r.Max), cy-3, x(r.Max), cy+3)
			}
			label := fmt.Sprintf("%.2fx", r.Median)
			if r.Median > xmax {
				label += " ▶"
			}
			p(`<text x="%.1f" y="%.1f" dominant-baseline="middle">%s</text>`+"\n",
				math.Max(x(r.Median), x(math.Min(r.Max, xmax)))+4, y+barHeight/2, label)
			y += barHeight + barGap
		}
		y += groupGap - barGap
	}
	p("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}

func color(driver string) string {
	if c, ok := driverColors[driver]; ok {
		return c
	}
	return fallbackColor
}
