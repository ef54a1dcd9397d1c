package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Colours of the paper's Figure 1.
var (
	DataColor          = color.Black
	DiscriminatorColor = color.RGBA{R: 0x1f, G: 0x5f, B: 0xd0, A: 0xff}
	GeneratorColor     = color.RGBA{R: 0x1a, G: 0x9a, B: 0x3a, A: 0xff}
	generatorFill      = color.NRGBA{R: 0x1a, G: 0x9a, B: 0x3a, A: 0x60}
)

// DefaultBins is the number of histogram bins Density uses when Bins is 0.
const DefaultBins = 50

// Density is the 1-D GAN picture of the paper's Figure 1: on a grid of x
// values, the data density p_data (black, dotted), the discriminator D(x)
// (blue, dashed) and the generator's distribution p_g (green: a normalised
// histogram of Samples and/or a density curve PG).
//
// Every field but X is optional; all curves must have len(X) values.
type Density struct {
	Title string

	// X is the grid the curves are evaluated on, in increasing order; the
	// figure's x range is [X[0], X[len(X)-1]], and the histogram's bins span it.
	X []float64

	PData []float64 // p_data(x) on X.
	D     []float64 // D(x) on X.
	PG    []float64 // p_g(x) on X, e.g. a kernel density estimate.

	// Samples are generator outputs x = G(z), drawn as a histogram normalised
	// to a density: samples outside the grid count in the total but are not drawn.
	Samples []float64
	Bins    int // Histogram bins over the grid; 0 means DefaultBins.

	// Z and GZ, when set, draw the mapping x = G(z) as in Figure 1: Z on a
	// horizontal z line below the x axis, rescaled to span the grid, each joined
	// by a segment to GZ on the x axis. They must have equal lengths.
	Z, GZ []float64

	// YMax fixes the top of the y axis; 0 means max(1, highest value) plus room
	// for the legend.
	YMax float64
}

// Plot builds the figure, or returns an error if X is not increasing, a curve
// has the wrong length, or a value is NaN or infinite.
func (d Density) Plot() (*plot.Plot, error) {
	if err := d.validate(); err != nil {
		return nil, fmt.Errorf("plots: density %q: %w", d.Title, err)
	}
	p := plot.New()
	p.Title.Text = d.Title
	p.X.Label.Text = "x"
	p.X.Min, p.X.Max = d.X[0], d.X[len(d.X)-1]
	p.Legend.Top = true

	// The histogram goes first, under the curves.
	top, histThumb, err := d.addGenerator(p)
	if err != nil {
		return nil, fmt.Errorf("plots: density %q: %w", d.Title, err)
	}
	curves := []struct {
		name   string
		ys     []float64
		clr    color.Color
		dashes []vg.Length
	}{
		{"p_data", d.PData, DataColor, []vg.Length{vg.Points(1), vg.Points(3)}},
		{"D(x)", d.D, DiscriminatorColor, []vg.Length{vg.Points(6), vg.Points(3)}},
		{"p_g", d.PG, GeneratorColor, nil},
	}
	for _, c := range curves {
		if c.ys == nil {
			continue
		}
		line, err := plotter.NewLine(gridXYs(d.X, c.ys))
		if err != nil {
			return nil, fmt.Errorf("plots: density %q: %s: %w", d.Title, c.name, err)
		}
		line.Color, line.Dashes, line.Width = c.clr, c.dashes, vg.Points(2)
		p.Add(line)
		p.Legend.Add(c.name, line)
		top = math.Max(top, floats.Max(c.ys))
	}
	if histThumb != nil {
		p.Legend.Add("p_g (samples)", histThumb)
	}

	p.Y.Max = d.YMax
	if p.Y.Max <= 0 {
		// Leave the top fifth of the plot for the legend.
		p.Y.Max = 1.25 * math.Max(1, top)
	}
	p.Y.Min = 0
	if len(d.Z) > 0 {
		d.addZMapping(p)
	}
	return p, nil
}

func (d Density) validate() error {
	if len(d.X) < 2 {
		return fmt.Errorf("grid X has %d points, need at least 2", len(d.X))
	}
	if err := checkFinite("X", d.X); err != nil {
		return err
	}
	for i := 1; i < len(d.X); i++ {
		if d.X[i] <= d.X[i-1] {
			return fmt.Errorf("grid X is not increasing at index %d (%g after %g)", i, d.X[i], d.X[i-1])
		}
	}
	for _, c := range []struct {
		name string
		ys   []float64
	}{{"PData", d.PData}, {"D", d.D}, {"PG", d.PG}} {
		if c.ys != nil && len(c.ys) != len(d.X) {
			return fmt.Errorf("len(%s) = %d but len(X) = %d", c.name, len(c.ys), len(d.X))
		}
		if err := checkFinite(c.name, c.ys); err != nil {
			return err
		}
	}
	if d.Bins < 0 {
		return fmt.Errorf("negative Bins %d", d.Bins)
	}
	if err := checkFinite("Samples", d.Samples); err != nil {
		return err
	}
	if len(d.Z) != len(d.GZ) {
		return fmt.Errorf("len(Z) = %d but len(GZ) = %d", len(d.Z), len(d.GZ))
	}
	if err := checkFinite("Z", d.Z); err != nil {
		return err
	}
	return checkFinite("GZ", d.GZ)
}

// addGenerator draws the histogram of Samples, if any, and returns its
// highest bar and its legend thumbnail (nil without samples).
func (d Density) addGenerator(p *plot.Plot) (float64, plot.Thumbnailer, error) {
	if len(d.Samples) == 0 {
		return 0, nil, nil
	}
	bins := d.Bins
	if bins == 0 {
		bins = DefaultBins
	}
	heights := histogram(d.Samples, d.X[0], d.X[len(d.X)-1], bins)
	// One step-shaped polygon standing on y = 0: plotter.Histogram would draw
	// its bars from the bottom of the plot, through the z line below zero.
	hist, err := plotter.NewPolygon(stepOutline(heights, d.X[0], d.X[len(d.X)-1]))
	if err != nil {
		return 0, nil, fmt.Errorf("histogram: %w", err)
	}
	hist.Color = generatorFill
	hist.LineStyle.Color = GeneratorColor
	hist.LineStyle.Width = vg.Points(0.5)
	p.Add(hist)
	return floats.Max(heights), hist, nil
}

// histogram splits [lo, hi] into n bins and returns their heights as a density
// over all the samples: count / (len(samples) * bin width), so samples outside
// [lo, hi] count in the total but in no bar.
func histogram(samples []float64, lo, hi float64, n int) []float64 {
	width := (hi - lo) / float64(n)
	heights := make([]float64, n)
	weight := 1 / (float64(len(samples)) * width)
	for _, s := range samples {
		if s < lo || s > hi {
			continue
		}
		i := min(int((s-lo)/width), n-1) // s == hi goes in the last bin.
		heights[i] += weight
	}
	return heights
}

// stepOutline is the outline of histogram bars of the given heights, equally
// wide across [lo, hi], standing on y = 0.
func stepOutline(heights []float64, lo, hi float64) plotter.XYs {
	width := (hi - lo) / float64(len(heights))
	outline := plotter.XYs{{X: lo, Y: 0}}
	for i, h := range heights {
		left, right := lo+float64(i)*width, lo+float64(i+1)*width
		outline = append(outline, plotter.XY{X: left, Y: h}, plotter.XY{X: right, Y: h})
	}
	return append(outline, plotter.XY{X: hi, Y: 0})
}

func gridXYs(xs, ys []float64) plotter.XYs {
	xys := make(plotter.XYs, len(xs))
	for i := range xs {
		xys[i] = plotter.XY{X: xs[i], Y: ys[i]}
	}
	return xys
}

func checkFinite(name string, vs []float64) error {
	for i, v := range vs {
		if !isFinite(v) {
			return fmt.Errorf("%s[%d] = %g is not finite", name, i, v)
		}
	}
	return nil
}
