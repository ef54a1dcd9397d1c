package plots

import (
	"image/color"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// zLineDepth is how far below the x axis the z line sits, as a fraction of the
// y axis' height above zero.
const zLineDepth = 0.25

// addZMapping extends the y axis below zero and draws the mapping x = G(z)
// there, as in the lower part of the paper's Figure 1.
func (d Density) addZMapping(p *plot.Plot) {
	zLineY := -zLineDepth * p.Y.Max
	p.Y.Min = zLineY * 1.15
	// Negative ticks would suggest negative densities: the band below zero only
	// hosts the z line.
	p.Y.Tick.Marker = nonNegativeTicks{p.Y.Tick.Marker}
	p.Add(zMapping{
		xMin: d.X[0], xMax: d.X[len(d.X)-1],
		zs: rescale(d.Z, d.X[0], d.X[len(d.X)-1]), gzs: d.GZ,
		zLineY: zLineY,
	})
}

// rescale maps the non-empty vs linearly onto [lo, hi]; constant input lands
// in the middle.
func rescale(vs []float64, lo, hi float64) []float64 {
	vMin, vMax := floats.Min(vs), floats.Max(vs)
	out := make([]float64, len(vs))
	for i, v := range vs {
		if vMax == vMin {
			out[i] = (lo + hi) / 2
			continue
		}
		out[i] = lo + (v-vMin)/(vMax-vMin)*(hi-lo)
	}
	return out
}

// zMapping is a plot.Plotter drawing two horizontal domain lines, z below and
// x at y = 0, with a segment from each z to its image G(z).
type zMapping struct {
	xMin, xMax float64
	zs, gzs    []float64 // zs already rescaled to [xMin, xMax].
	zLineY     float64
}

func (m zMapping) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	axisStyle := draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
	mapStyle := draw.LineStyle{Color: color.Gray{Y: 0x60}, Width: vg.Points(0.6)}
	yz, yx := trY(m.zLineY), trY(0)

	c.StrokeLine2(axisStyle, trX(m.xMin), yz, trX(m.xMax), yz)
	c.StrokeLine2(axisStyle, trX(m.xMin), yx, trX(m.xMax), yx)
	for i := range m.zs {
		segment := []vg.Point{{X: trX(m.zs[i]), Y: yz}, {X: trX(m.gzs[i]), Y: yx}}
		c.StrokeLines(mapStyle, c.ClipLinesXY(segment)...)
		// A dot where G(z) lands stands in for an arrow head.
		if end := segment[1]; c.Contains(end) {
			c.FillPolygon(color.Black, dot(end, vg.Points(1.5)))
		}
	}

	label := p.Legend.TextStyle
	label.XAlign, label.YAlign = text.XLeft, text.YBottom
	pad := vg.Points(3)
	c.FillText(label, vg.Point{X: trX(m.xMin) + pad, Y: yz + pad}, "z")
	c.FillText(label, vg.Point{X: trX(m.xMin) + pad, Y: yx + pad}, "x")
}

// dot is a small square around pt.
func dot(pt vg.Point, r vg.Length) []vg.Point {
	return []vg.Point{
		{X: pt.X - r, Y: pt.Y - r}, {X: pt.X + r, Y: pt.Y - r},
		{X: pt.X + r, Y: pt.Y + r}, {X: pt.X - r, Y: pt.Y + r},
	}
}

// nonNegativeTicks asks the wrapped Ticker for ticks from zero up, so they
// fall on round values from 0, and drops any below zero.
type nonNegativeTicks struct{ plot.Ticker }

func (t nonNegativeTicks) Ticks(lo, hi float64) []plot.Tick {
	var kept []plot.Tick
	for _, tick := range t.Ticker.Ticks(max(lo, 0), hi) {
		if tick.Value >= 0 {
			kept = append(kept, tick)
		}
	}
	return kept
}
