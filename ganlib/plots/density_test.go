package plots

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/plot/plotter"
)

// gaussianGrid returns a grid on [-4, 4] and the N(mu, 1) density on it.
func gaussianGrid(n int, mu float64) (xs, ps []float64) {
	xs, ps = make([]float64, n), make([]float64, n)
	for i := range n {
		xs[i] = -4 + 8*float64(i)/float64(n-1)
		ps[i] = math.Exp(-(xs[i]-mu)*(xs[i]-mu)/2) / math.Sqrt(2*math.Pi)
	}
	return xs, ps
}

func TestDensityWithOnlyPData(t *testing.T) {
	xs, ps := gaussianGrid(101, 0)
	p, err := Density{Title: "p_data only", X: xs, PData: ps}.Plot()
	if err != nil {
		t.Fatalf("Plot with nil D and Samples: %v", err)
	}
	if p.Y.Min != 0 || p.Y.Max < 1 {
		t.Errorf("y range [%g, %g], want [0, >=1]", p.Y.Min, p.Y.Max)
	}
	if p.X.Min != -4 || p.X.Max != 4 {
		t.Errorf("x range [%g, %g], want the grid's [-4, 4]", p.X.Min, p.X.Max)
	}
	data, err := PNG(p, 0, 0)
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	decodePNG(t, data)
}

func TestDensityFullFigure1(t *testing.T) {
	xs, ps := gaussianGrid(201, 0)
	_, pg := gaussianGrid(201, 1)
	ds := make([]float64, len(xs))
	for i := range ds {
		ds[i] = ps[i] / (ps[i] + pg[i]) // The optimal discriminator.
	}
	var samples, zs, gzs []float64
	for i := range 2000 {
		samples = append(samples, 1+math.Sin(float64(i))) // In [0, 2].
	}
	for i := range 15 {
		z := float64(i) / 14
		zs, gzs = append(zs, z), append(gzs, 1+2*(z-0.5))
	}
	p, err := Density{Title: "Figure 1", X: xs, PData: ps, D: ds, PG: pg,
		Samples: samples, Bins: 40, Z: zs, GZ: gzs}.Plot()
	if err != nil {
		t.Fatalf("Plot: %v", err)
	}
	if p.Y.Min >= 0 {
		t.Errorf("y axis starts at %g; the z line needs room below zero", p.Y.Min)
	}
	for _, tick := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if tick.Value < 0 {
			t.Errorf("negative y tick %g under the z line", tick.Value)
		}
	}
	data, err := PNG(p, 0, 0)
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	decodePNG(t, data)
}

func TestDensityYMaxFollowsTallData(t *testing.T) {
	xs := []float64{0, 1, 2}
	p, err := Density{X: xs, PData: []float64{0, 3, 0}}.Plot()
	if err != nil {
		t.Fatalf("Plot: %v", err)
	}
	if p.Y.Max < 3 {
		t.Errorf("y max %g hides the peak at 3", p.Y.Max)
	}
	p, err = Density{X: xs, PData: []float64{0, 3, 0}, YMax: 2}.Plot()
	if err != nil || p.Y.Max != 2 {
		t.Errorf("YMax 2 gave y max %v (err %v)", p.Y.Max, err)
	}
}

func TestDensityErrors(t *testing.T) {
	xs := []float64{0, 1, 2}
	for _, tc := range []struct {
		name    string
		density Density
		want    string
	}{
		{"no grid", Density{}, "at least 2"},
		{"grid not increasing", Density{X: []float64{0, 2, 1}}, "not increasing"},
		{"short PData", Density{X: xs, PData: []float64{1, 2}}, "len(PData)"},
		{"long D", Density{X: xs, D: []float64{1, 2, 3, 4}}, "len(D)"},
		{"NaN sample", Density{X: xs, Samples: []float64{math.NaN()}}, "Samples[0]"},
		{"Z without GZ", Density{X: xs, Z: []float64{0.5}}, "len(Z)"},
		{"negative bins", Density{X: xs, Bins: -1}, "Bins"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.density.Plot()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestHistogramIsADensity(t *testing.T) {
	// Four samples inside [0, 2], four outside: the bars hold half the mass.
	samples := []float64{0, 0.1, 1.5, 2, -1, 3, 5, -0.01}
	heights := histogram(samples, 0, 2, 4)
	if mass := floats.Sum(heights) * 0.5; math.Abs(mass-0.5) > 1e-12 {
		t.Errorf("histogram mass %g, want 0.5", mass)
	}
	// Bin width 0.5, 8 samples: each sample adds 1/(8*0.5) = 0.25.
	want := []float64{0.5, 0, 0, 0.5} // {0, 0.1}, {}, {}, {1.5, 2}.
	if !floats.EqualApprox(heights, want, 1e-12) {
		t.Errorf("heights %v, want %v", heights, want)
	}
}

func TestStepOutline(t *testing.T) {
	got := stepOutline([]float64{1, 3}, 0, 2)
	want := plotter.XYs{{X: 0, Y: 0}, {X: 0, Y: 1}, {X: 1, Y: 1}, {X: 1, Y: 3}, {X: 2, Y: 3}, {X: 2, Y: 0}}
	if len(got) != len(want) {
		t.Fatalf("outline %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("outline point %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestRescale(t *testing.T) {
	got := rescale([]float64{-1, 0, 1}, -4, 4)
	for i, want := range []float64{-4, 0, 4} {
		if got[i] != want {
			t.Errorf("rescale[%d] = %g, want %g", i, got[i], want)
		}
	}
	if got := rescale([]float64{7, 7}, -4, 4); got[0] != 0 || got[1] != 0 {
		t.Errorf("constant input rescaled to %v, want the middle 0", got)
	}
}
