package toy

import (
	"math"
	"slices"
	"testing"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/plots"
)

// TestToyLearnsPData runs the default experiment (what `gan toy` runs) and checks the game's
// outcome: G's samples have p_data's mean and standard deviation, and D can no longer tell them
// apart (D(x) = 1/2).
func TestToyLearnsPData(t *testing.T) {
	cfg := DefaultConfig()
	res, err := Run(ganlib.MustBackend(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res.Summary())
	if math.Abs(res.SampleMean-cfg.Mu) > 0.1 || math.Abs(res.SampleStd-cfg.Sigma) > 0.1 {
		t.Errorf("G's samples: mean %.3f std %.3f, want within 0.1 of %g and %g", res.SampleMean, res.SampleStd, cfg.Mu, cfg.Sigma)
	}
	if math.Abs(res.MeanDReal-0.5) > 0.1 {
		t.Errorf("mean D(x) = %.3f, want within 0.1 of 0.5", res.MeanDReal)
	}
	if res.History.Len() != cfg.Iterations {
		t.Errorf("history has %d iterations, want %d", res.History.Len(), cfg.Iterations)
	}
	// Pre-training fits D to the p_data density: it must end much closer to it than it started.
	if before, after := curveError(res.Initial), curveError(res.Pretrained); after > before/3 {
		t.Errorf("pre-training: mean |D - p_data| went from %.3f to %.3f", before, after)
	}
	figs, err := res.Figures()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		if png, err := plots.PNG(f.Plot, 0, 0); err != nil || len(png) < 1000 {
			t.Errorf("figure %s: %d bytes, %v", f.Name, len(png), err)
		}
	}
}

func curveError(c Curve) float64 {
	sum := 0.0
	for i := range c.X {
		sum += math.Abs(c.D[i] - c.PData[i])
	}
	return sum / float64(len(c.X))
}

func TestToyIsReproducible(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Iterations, cfg.Pretrain = 30, 5
	a, err := Run(ganlib.MustBackend(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(ganlib.MustBackend(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.History.GLoss, b.History.GLoss) || !slices.Equal(a.Samples, b.Samples) {
		t.Error("the same seed gave different runs")
	}
}

func TestBadToyConfigIsAnError(t *testing.T) {
	for name, change := range map[string]func(*Config){
		"sigma":     func(c *Config) { c.Sigma = 0 },
		"batch":     func(c *Config) { c.BatchSize = 1 },
		"noise":     func(c *Config) { c.Noise = "cauchy" },
		"optimizer": func(c *Config) { c.Optimizer = "rmsprop" },
		"loss":      func(c *Config) { c.GeneratorLoss = "hinge" },
	} {
		cfg := DefaultConfig()
		change(&cfg)
		if _, err := New(ganlib.MustBackend(), cfg); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}
