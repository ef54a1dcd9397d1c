package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

func TestCurvesErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		curves Curves
		want   string
	}{
		{"no series", Curves{}, "no series"},
		{"empty series", Curves{Series: []Series{{Name: "D"}}}, "no points"},
		{"length mismatch", Curves{Series: []Series{{X: []float64{0, 1}, Y: []float64{1}}}}, "len(X)"},
		{"NaN", Curves{Series: []Series{{Y: []float64{1, math.NaN()}}}}, "not finite"},
		{"log of zero", Curves{LogY: true, Series: []Series{{Y: []float64{1, 0}}}}, "not positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.curves.Plot()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestCurvesManyPointsSmoothedLog(t *testing.T) {
	const n = 20000
	d, g := make([]float64, n), make([]float64, n)
	for i := range n {
		d[i] = 1.4 + 0.3*math.Sin(float64(i)) // Noisy, positive.
		g[i] = 0.7 + 0.2*math.Cos(float64(i)/3)
	}
	p, err := Curves{
		Title: "losses", XLabel: "step", YLabel: "loss", LogY: true, Smooth: 50,
		Series: []Series{{Name: "D", Y: d}, {Name: "G", Y: g}},
	}.Plot()
	if err != nil {
		t.Fatalf("Plot: %v", err)
	}
	if _, ok := p.Y.Scale.(plot.LogScale); !ok {
		t.Errorf("Y scale is %T, want plot.LogScale", p.Y.Scale)
	}
	data, err := PNG(p, 0, 0)
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	decodePNG(t, data)
}

func TestSeriesStylesDistinct(t *testing.T) {
	seen := map[string]int{}
	for i := range 30 { // Several times the palette's 7 colours.
		clr, dashes := seriesStyle(i)
		key := fmt.Sprint(color.NRGBAModel.Convert(clr), dashes)
		if j, ok := seen[key]; ok {
			t.Fatalf("series %d and %d share the style %s", j, i, key)
		}
		seen[key] = i
	}
}

func TestMovingAverage(t *testing.T) {
	in := plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 3}, {X: 2, Y: 6}, {X: 3, Y: 9}, {X: 4, Y: 0}}
	got := movingAverage(in, 3)
	want := []float64{3, 3, 6, 5, 5} // Windows [0,3) [0,3) [1,4) [2,5) [2,5).
	for i, pt := range got {
		if pt.X != in[i].X || math.Abs(pt.Y-want[i]) > 1e-12 {
			t.Errorf("point %d = %v, want (%g, %g)", i, pt, in[i].X, want[i])
		}
	}
	// A window longer than the series averages everything.
	if got := movingAverage(in[:2], 10); got[0].Y != 1.5 || got[1].Y != 1.5 {
		t.Errorf("long window gave %v, want both 1.5", got)
	}
}

func TestDecimateKeepsExtremes(t *testing.T) {
	xys := make(plotter.XYs, 10000)
	for i := range xys {
		xys[i] = plotter.XY{X: float64(i), Y: 1}
	}
	xys[1234].Y = 50 // A spike that must survive.
	xys[8765].Y = -7

	got := decimate(xys, 100)
	if len(got) != 100 {
		t.Fatalf("decimated to %d points, want 100", len(got))
	}
	var sawSpike, sawDip bool
	for i, pt := range got {
		if i > 0 && pt.X < got[i-1].X {
			t.Fatalf("points out of order at %d: %v after %v", i, pt, got[i-1])
		}
		sawSpike = sawSpike || (pt.X == 1234 && pt.Y == 50)
		sawDip = sawDip || (pt.X == 8765 && pt.Y == -7)
	}
	if !sawSpike || !sawDip {
		t.Errorf("decimation lost an extreme: spike kept %v, dip kept %v", sawSpike, sawDip)
	}
	if short := xys[:50]; len(decimate(short, 100)) != 50 {
		t.Error("a short series was decimated")
	}
}
