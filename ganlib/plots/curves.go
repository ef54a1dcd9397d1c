package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named curve. X may be nil, in which case the points are
// plotted at x = 0, 1, ..., len(Y)-1 (training steps, say).
type Series struct {
	Name string
	X, Y []float64
}

// Curves plots several series against a common X axis, each in its own
// colour, with a legend: training losses, log-likelihood estimates, etc.
type Curves struct {
	Title, XLabel, YLabel string
	Series                []Series

	// LogY draws the Y axis on a log scale; all Y values must then be positive.
	LogY bool

	// Smooth, when greater than 1, replaces each curve by its centred moving
	// average over that many points, and draws the raw curve faintly behind it:
	// GAN losses are noisy from one minibatch to the next.
	Smooth int

	// MaxPoints caps the points drawn per curve (0 means DefaultMaxPoints):
	// longer curves are thinned to the lowest and highest value of each of
	// MaxPoints/2 consecutive buckets, which looks the same at figure
	// resolution and keeps drawing 100k-step histories fast.
	MaxPoints int
}

// DefaultMaxPoints is the number of points per curve Curves draws at most
// when MaxPoints is 0.
const DefaultMaxPoints = 2000

// Plot builds the figure. It returns an error for an empty figure, an empty
// series, mismatched X and Y lengths, NaN or infinite values, or non-positive
// values with LogY.
func (c Curves) Plot() (*plot.Plot, error) {
	if len(c.Series) == 0 {
		return nil, fmt.Errorf("plots: curves %q: no series", c.Title)
	}
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text = c.XLabel
	p.Y.Label.Text = c.YLabel
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	if c.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	for i, s := range c.Series {
		if err := c.addSeries(p, i, s); err != nil {
			return nil, fmt.Errorf("plots: curves %q: series %d (%q): %w", c.Title, i, s.Name, err)
		}
	}
	return p, nil
}

func (c Curves) addSeries(p *plot.Plot, i int, s Series) error {
	xys, err := seriesXYs(s)
	if err != nil {
		return err
	}
	if c.LogY {
		for j, pt := range xys {
			if pt.Y <= 0 {
				return fmt.Errorf("y[%d] = %g is not positive, as a log scale needs", j, pt.Y)
			}
		}
	}
	clr, dashes := seriesStyle(i)

	maxPoints := c.MaxPoints
	if maxPoints <= 0 {
		maxPoints = DefaultMaxPoints
	}
	if c.Smooth > 1 {
		rawStyle := draw.LineStyle{Color: faded(clr), Dashes: dashes, Width: vg.Points(1)}
		if _, err := addChunkedLine(p, decimate(xys, maxPoints), rawStyle); err != nil {
			return err
		}
		xys = movingAverage(xys, c.Smooth)
	}
	style := draw.LineStyle{Color: clr, Dashes: dashes, Width: vg.Points(1.5)}
	line, err := addChunkedLine(p, decimate(xys, maxPoints), style)
	if err != nil {
		return err
	}
	if s.Name != "" {
		p.Legend.Add(s.Name, line)
	}
	return nil
}

// lineChunk is the number of points per polyline addChunkedLine draws.
const lineChunk = 64

// addChunkedLine adds xys to p as a run of short polylines sharing their end
// points, and returns the first for the legend. Rasterising one long, jagged
// polyline (a noisy loss curve) takes time quadratic in its length in
// gonum/plot's image backend: 2000 noisy points take seconds as one line and
// milliseconds as chunks. A dash pattern restarts at each chunk.
func addChunkedLine(p *plot.Plot, xys plotter.XYs, style draw.LineStyle) (*plotter.Line, error) {
	var first *plotter.Line
	for start := 0; start == 0 || start < len(xys)-1; start += lineChunk {
		line, err := plotter.NewLine(xys[start:min(len(xys), start+lineChunk+1)])
		if err != nil {
			return nil, err
		}
		line.LineStyle = style
		p.Add(line)
		if first == nil {
			first = line
		}
	}
	return first, nil
}

// seriesStyle gives series i its colour and dash pattern: past the palette's
// few colours, the dash pattern changes so that every series stays distinct.
func seriesStyle(i int) (color.Color, []vg.Length) {
	return plotutil.Color(i), plotutil.Dashes(i / len(plotutil.DefaultColors))
}

// seriesXYs pairs X and Y, filling in X = 0..n-1 when it is nil, and rejects
// values gonum/plot cannot draw.
func seriesXYs(s Series) (plotter.XYs, error) {
	if len(s.Y) == 0 {
		return nil, fmt.Errorf("no points")
	}
	if s.X != nil && len(s.X) != len(s.Y) {
		return nil, fmt.Errorf("len(X) = %d but len(Y) = %d", len(s.X), len(s.Y))
	}
	xys := make(plotter.XYs, len(s.Y))
	for i, y := range s.Y {
		x := float64(i)
		if s.X != nil {
			x = s.X[i]
		}
		if !isFinite(x) || !isFinite(y) {
			return nil, fmt.Errorf("point %d is (%g, %g), not finite", i, x, y)
		}
		xys[i] = plotter.XY{X: x, Y: y}
	}
	return xys, nil
}

// movingAverage returns the centred moving average of the Y values over window
// points. Near the ends the window slides inward rather than shrinking, so every
// output point averages the same number of values (all of them if there are
// fewer than window).
func movingAverage(xys plotter.XYs, window int) plotter.XYs {
	prefix := make([]float64, len(xys)+1)
	for i, pt := range xys {
		prefix[i+1] = prefix[i] + pt.Y
	}
	half := window / 2
	out := make(plotter.XYs, len(xys))
	for i, pt := range xys {
		lo := max(0, i-half)
		hi := min(len(xys), lo+window)
		lo = max(0, min(lo, hi-window))
		out[i] = plotter.XY{X: pt.X, Y: (prefix[hi] - prefix[lo]) / float64(hi-lo)}
	}
	return out
}

// decimate thins xys to at most maxPoints points (maxPoints >= 2): it splits
// them into maxPoints/2 buckets of consecutive points and keeps, in their
// order, the lowest and the highest of each, so spikes and the noise band
// survive.
func decimate(xys plotter.XYs, maxPoints int) plotter.XYs {
	buckets := max(maxPoints/2, 1)
	if len(xys) <= maxPoints {
		return xys
	}
	out := make(plotter.XYs, 0, 2*buckets)
	for b := range buckets {
		bucket := xys[b*len(xys)/buckets : (b+1)*len(xys)/buckets]
		lo, hi := 0, 0
		for i, pt := range bucket {
			if pt.Y < bucket[lo].Y {
				lo = i
			}
			if pt.Y > bucket[hi].Y {
				hi = i
			}
		}
		out = append(out, bucket[min(lo, hi)], bucket[max(lo, hi)])
	}
	return out
}

// faded returns clr at low opacity, for the raw curve behind a smoothed one.
func faded(clr color.Color) color.Color {
	c := color.NRGBAModel.Convert(clr).(color.NRGBA)
	c.A = 70
	return c
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
